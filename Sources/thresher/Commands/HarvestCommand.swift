import ThresherCore
import ArgumentParser
import Foundation
import Harvest
import RecordStore

/// `thresher harvest`: harvest a repository, set by set, into the record store.
struct HarvestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Harvest an OAI-PMH repository into the record store.",
        discussion: """
            With neither --sets-file nor --set nor --all-sets the whole repository is one listing.
            Each set is an isolated job with a checkpoint after every page: run the same command again to resume.
            Exit status: 0 every set ended (complete or suspect-end), 1 fatal error, 2 some set failed, 64 usage error.
            """)

    @Option(help: "The repository's base URL, e.g. https://api.europeana.eu/oai/record.")
    var endpoint: String

    @Option(name: .customLong("metadata-prefix"), help: "The metadata format to harvest.")
    var metadataPrefix = "edm"

    @Option(name: .customLong("sets-file"), help: "A file of setSpecs, one per line (# comments).")
    var setsFile: String?

    @Option(name: .customLong("set"), help: "A setSpec to harvest (repeatable).")
    var sets: [String] = []

    @Flag(name: .customLong("all-sets"), help: "Harvest every set the repository lists.")
    var allSets = false

    @Option(parsing: .unconditional, help: "How many sets to harvest at once.")
    var parallel = 4

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("payload-compression"),
            help: ArgumentHelp("How new record payloads are written: zstd (frames with per-format dictionaries) or none (as text, as stores before compression kept them; for benchmarks and for tools that read the SQLite file directly). Records already stored stay as they are.",
                               valueName: "zstd|none"))
    var payloadCompression: PayloadCompressionChoice = .zstd

    @Option(help: "Only records changed on or after this datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")
    var from: String?

    @Option(help: "Only records changed on or before this datestamp.")
    var until: String?

    @Flag(help: "Send requests with HTTP POST.")
    var post = false

    @Flag(help: "Harvest finished sets again from the beginning.")
    var restart = false

    @Flag(help: "Harvest each set from the last datestamp a finished harvest of it saw.")
    var incremental = false

    @Option(name: .customLong("max-empty-pages"), parsing: .unconditional, help: "Pages in a row without records that end a set as suspect-end (and without new sets or identifiers, ListSets and the --verify pass).")
    var maxEmptyPages = 10

    @Flag(help: "Count each set's identifiers with ListIdentifiers and compare with what is stored.")
    var verify = false

    @OptionGroup var requestOptions: RequestOptions

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if allSets && (setsFile != nil || !sets.isEmpty) {
            throw ValidationError("--all-sets cannot be combined with --sets-file or --set")
        }
        if setsFile != nil && !sets.isEmpty { throw ValidationError("use either --sets-file or --set, not both") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        guard maxEmptyPages >= 1 else { throw ValidationError("--max-empty-pages must be at least 1") }
        if incremental && restart {
            throw ValidationError("use either --incremental (from the last datestamp) or --restart (from the beginning), not both")
        }
        if let blank = sets.first(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            throw ValidationError("--set \"\(blank)\": a setSpec cannot be empty or white space")
        }
        for (name, value) in [("from", from), ("until", until)] {
            if let value, Datestamp.granularity(of: value) == nil {
                throw ValidationError("--\(name) \(value): not an OAI-PMH datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)")
            }
        }
        let bounds = Datestamp.matched(from: from, until: until)
        if let from, let until, let first = bounds.from, let last = bounds.until,
           Datestamp.adjust(first, to: .seconds) > Datestamp.adjust(last, to: .seconds) {
            throw ValidationError("--from \(from) is after --until \(until)")
        }
        try validateEndpoint(endpoint)
    }

    func run() throws {
        MemoryTuning.keepPageBuffers()
        Interruption.announceResuming("harvest")
        let selection: SetSelection
        if allSets {
            selection = .allSets
        } else if let setsFile {
            do {
                let specs = try SetsFile.read(path: setsFile)
                if specs.isEmpty { throw CommandFailure("\(setsFile): lists no setSpec") }
                selection = .sets(specs)
            } catch {
                throw CommandFailure("\(error)")
            }
        } else if !sets.isEmpty {
            selection = .sets(sets)
        } else {
            selection = .repository
        }
        let options = HarvestOptions(endpoint: endpoint, metadataPrefix: metadataPrefix, selection: selection,
                                     parallel: parallel, from: from, until: until, usePOST: post, restart: restart,
                                     incremental: incremental, maxAttempts: requestOptions.maxAttempts,
                                     maxEmptyPages: maxEmptyPages, requestsPerSecond: requestOptions.rate, verify: verify,
                                     requestTimeout: requestOptions.timeout)
        let store = try storeOptions.open(payloadCompression: payloadCompression.compression)
        let progress = ProgressReporter(quiet: progressOptions.quiet)
        let report: HarvestReport
        do {
            report = try HarvestDispatcher(options: options, store: store, progress: progress).run()
        } catch {
            throw CommandFailure("\(error)")
        }
        print(report.table, terminator: "")
        let failed = report.failedSets
        if !failed.isEmpty {
            printError("thresher: \(failed.count) set(s) failed: \(failed.joined(separator: ", "))")
            throw ExitCode(report.exitCode)
        }
    }
}
