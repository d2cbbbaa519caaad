import ArgumentParser
import Foundation
import Import
import ThresherCore

/// `thresher import`: store the records of published dumps (ZIPs of EDM files, directories, OAI-PMH or EDM XML
/// files, JSON Lines) as a harvest would, without a server.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from ZIPs, directories, XML files or JSON Lines into the store.",
        discussion: """
            A ZIP or directory holds one EDM RDF/XML record a file (identified by its edm:ProvidedCHO's rdf:about, \
            dated by the file's modification time) or OAI-PMH responses (identifier and datestamp from each header); \
            its files not named .xml, .rdf, .jsonl or .ndjson are ignored. JSON Lines are `thresher export` lines \
            (their sets, datestamps, deleted flags and record JSON are kept exactly; "xml" when exported --with-xml). \
            Records are converted and upserted as a harvest does: an older datestamp never replaces newer content, \
            and importing the same input again changes nothing. A file or line that cannot be read is named and \
            skipped; everything else is stored, and the exit status is then 1.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "A ZIP, directory, XML or JSON Lines file (- is JSON Lines on standard input); repeatable.")
    var input: [String] = []

    @Option(name: .customLong("set"), help: "The set every record joins (default: the ZIP's or directory's name).")
    var set: String?

    @Option(name: .customLong("metadata-prefix"), help: "The format the records are stored as.")
    var metadataPrefix = "edm"

    @Option(help: "Threads converting XML files (default: the cores of this machine).")
    var jobs: Int?

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard !input.isEmpty else { throw ValidationError("--input: name at least one ZIP, directory or file to import") }
        if input.filter({ $0 == "-" }).count > 1 { throw ValidationError("--input -: standard input can be read once") }
        if input.contains(where: { $0.isEmpty }) { throw ValidationError("--input: a path is empty") }
        if let set, set.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--set \"\(set)\": a setSpec cannot be empty or white space")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if metadataPrefix.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--metadata-prefix: the format's prefix is empty")
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let importer = Importer(store: store, options: ImportOptions(metadataPrefix: metadataPrefix, set: set,
                                                                           jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount),
                                progress: progress, report: { skipped("\($0)", progress) })
        let summary: ImportSummary
        do {
            summary = try importer.run(inputs: input)
        } catch {
            progress.finish()
            throw CommandFailure("\(error)")
        }
        progress.finish()
        if !progressOptions.quiet { printError("thresher: " + summary.line) }
        if summary.skippedAny {
            printError("thresher: \(summary.filesSkipped + summary.linesSkipped) file(s) or line(s) could not be read and were skipped")
            throw ExitCode(1)
        }
    }
}
