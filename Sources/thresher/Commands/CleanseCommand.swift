import ArgumentParser
import Foundation
import Pipeline
import RecordStore
import ThresherCore

/// `thresher cleanse`: a flat, normalised view of every live record through a field mapping, kept in the store with
/// each record's rejections (docs/CLEANSE.md).
struct CleanseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanse",
        abstract: "Derive the cleansed view of every live record (guid, title, creator, date, image, …) and reject the unusable.",
        discussion: """
            Incremental: only records new or changed since the last run are read. A record without identifier, with \
            unreadable metadata, or missing a field --require names is rejected with its reasons and kept in the \
            store; --rejected lists them (ID<TAB>reason; reason). Rejects are results: exit status 0. The mapping \
            file format is in docs/CLEANSE.md.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Reject views without these fields (comma-separated, e.g. image,title); without it, none is required.",
                               valueName: "field,..."))
    var require: String?

    @Option(help: ArgumentHelp("A field-mapping file (JSON) instead of the built-in EDM mapping.", valueName: "file"))
    var mapping: String?

    @Flag(help: "Then list the rejected records on stdout: ID<TAB>reason; reason.")
    var rejected = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let mapping: CleanseMapping
        do {
            mapping = try self.mapping.map(CleanseMapping.file) ?? .edm
        } catch {
            throw CommandFailure("\(error)")
        }
        let fields = require.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        for name in fields ?? [] where !mapping.fieldNames.contains(name) {
            throw ValidationError(PipelineError.unknownField(name: name, known: mapping.fieldNames).description)
        }
        guard FileManager.default.fileExists(atPath: storeOptions.store) else {
            throw CommandFailure("\(storeOptions.store): no such record store")
        }
        let store = try storeOptions.open()
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let summary: CleanseSummary
        do {
            summary = try CleanseRun(store: store, mapping: mapping, require: fields ?? [], progress: progress).run()
        } catch {
            throw CommandFailure("\(error)")
        }
        if !progressOptions.quiet { printError(Self.summaryLine(summary)) }
        if rejected {
            var out = FileHandleOutput()
            try CleanseRun.forEachRejected(store: store) { out.line(CleanseRun.rejectedLine($0)) }
            out.flush()
        }
    }

    /// The line a run ends with on stderr.
    /// Cleanse's incremental step for a later stage (`dedup`, `embed`): runs with the last run's mapping and require
    /// list when records changed since it last ran, and says what it did on stderr (unless `quiet`).
    static func runIncrementalStep(store: SQLiteRecordStore, quiet: Bool) throws {
        do {
            guard try CleanseRun.needsRun(store: store) else { return }
            let progress = ProgressReporter(quiet: quiet, unit: .records)
            let summary = try CleanseRun(store: store, progress: progress).run()
            if !quiet { printError(summaryLine(summary)) }
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    static func summaryLine(_ s: CleanseSummary) -> String {
        if s.nothingChanged { return "cleanse: nothing changed since the last run (\(s.views) records, \(s.rejectedInStore) rejected)" }
        var line = "cleanse: \(s.processed) record(s) cleansed (\(s.accepted) accepted, \(s.rejected) rejected), \(s.unchanged) unchanged"
        if s.dropped > 0 { line += ", \(s.dropped) view(s) of deleted records dropped" }
        if s.rejudged > 0 { line += ", \(s.rejudged) view(s) judged again for --require" }
        return line + "; \(s.views) views, \(s.rejectedInStore) rejected" + (s.rejectedInStore > 0 ? " (--rejected lists them)" : "")
    }
}

/// Lines to stdout, written in blocks.
struct FileHandleOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
