import ArgumentParser
import Embedding
import Foundation
import Pipeline
import ThresherCore

/// `thresher embed`: sentence vectors (all-MiniLM-L6-v2, 384 numbers) of the store's records, or of texts given
/// with `--text` (printed as one JSON array per line).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed the store's records (or --text texts) with all-MiniLM-L6-v2.",
        discussion: """
            With --text, prints one JSON array of 384 numbers per text, one per line, in order (an empty text is an \
            error). Otherwise stores one vector per live record of the store from its cleansed fields, \
            incrementally. The model is looked up in --model DIR, else $THRESHER_MODELS/all-MiniLM-L6-v2, else \
            ~/.cache/thresher/models/all-MiniLM-L6-v2; `make models` fetches it (docs/EMBEDDINGS.md).
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Embed this text and print its vector instead of embedding the store; repeatable.")
    var text: [String] = []

    @Option(name: .long, help: "The folder holding all-MiniLM-L6-v2's model.safetensors and vocab.txt.")
    var model: String?

    @Option(help: "The cleansed fields whose text is embedded, comma-separated.")
    var fields: String = "title,description,creator,subject"

    @Option(help: "Threads embedding records (default: the cores of this machine).")
    var jobs: Int?

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        let names = fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if names.isEmpty || names.contains(where: \.isEmpty) {
            throw ValidationError("--fields \"\(fields)\": name one or more fields, separated by commas")
        }
    }

    func run() throws {
        if !text.isEmpty {
            try embedTexts()
        } else {
            try embedStore()
        }
    }

    /// `--text`: one JSON line per text on stdout.
    private func embedTexts() throws {
        for (index, text) in text.enumerated() where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CommandFailure("--text #\(index + 1) is empty: there is nothing to embed")
        }
        let embedder = try loadModel(jobs: jobs ?? 1)
        var output = ""
        for vector in embedder.embed(text) {
            output += EmbedCommand.jsonLine(vector)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The store mode: cleanse's incremental step when records changed since it last ran, then one vector per live
    /// record whose cleansed view is new or changed (`EmbedRun`), on `--jobs` threads.
    private func embedStore() throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let embedder = try loadModel(jobs: 1)
        // Worker threads each run a whole batch: OpenBLAS's own threads would only compete with them.
        if jobs > 1 { MiniLM.setBLASThreads(1) }
        let store = try storeOptions.openExisting()
        try CleanseCommand.runIncrementalStep(store: store, quiet: progressOptions.quiet)
        let names = fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let run = EmbedRun(embedder: embedder, fields: names, jobs: jobs, progress: progress,
                           note: { printError("thresher: embed: \($0)") })
        let summary: EmbedSummary
        do {
            summary = try run.run(store: store)
        } catch {
            progress.finish()
            throw CommandFailure(error.description)
        }
        progress.finish()
        if !progressOptions.quiet { printError("thresher: embed: " + summary.line) }
    }

    private func loadModel(jobs: Int) throws -> MiniLM {
        do {
            return try MiniLM(location: .resolve(explicit: model), jobs: jobs)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// A vector as a JSON array on one line, each number in its shortest form that reads back as the same Float.
    static func jsonLine(_ vector: [Float]) -> String {
        "[" + vector.map { $0.description }.joined(separator: ",") + "]\n"
    }
}
