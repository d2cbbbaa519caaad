import ThresherCore
import ArgumentParser
import Foundation
import Harvest

/// `thresher gapfill`: fetch with GetRecord the identifiers a complete list has and the store lacks.
struct GapfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gapfill",
        abstract: "Fetch the records a complete identifier list has and the store lacks, one by one with GetRecord.",
        discussion: """
            Without --ids-file the list comes from ListIdentifiers over the sets this store harvested from the endpoint.
            Prints: listed, already stored, fetched, not found, failed. Exit 2 when any identifier failed.
            """)

    @Option(help: "The repository's base URL.")
    var endpoint: String

    @Option(name: .customLong("ids-file"), help: "The complete identifier list, one per line (blank lines and lines starting with # are skipped).")
    var idsFile: String?

    @Option(name: .customLong("metadata-prefix"), help: "The metadata format to fetch.")
    var metadataPrefix = "edm"

    @OptionGroup var storeOptions: StoreOptions

    @Option(parsing: .unconditional, help: "How many requests at once.")
    var parallel = 4

    @Option(name: .customLong("max-empty-pages"), parsing: .unconditional,
            help: "Pages in a row without new identifiers that end a ListIdentifiers list (without --ids-file).")
    var maxEmptyPages = 10

    @OptionGroup var requestOptions: RequestOptions

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        guard maxEmptyPages >= 1 else { throw ValidationError("--max-empty-pages must be at least 1") }
        try validateEndpoint(endpoint)
    }

    func run() throws {
        MemoryTuning.keepPageBuffers()
        Interruption.announceResuming("gapfill")
        var identifiers: [String]?
        if let idsFile {
            do { identifiers = try IdentifierList.read(path: idsFile) } catch { throw CommandFailure("\(error)") }
        }
        let options = HarvestOptions(endpoint: endpoint, metadataPrefix: metadataPrefix, parallel: parallel,
                                     maxAttempts: requestOptions.maxAttempts, maxEmptyPages: maxEmptyPages,
                                     requestsPerSecond: requestOptions.rate,
                                     requestTimeout: requestOptions.timeout)
        let store = try storeOptions.open()
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .identifiers)
        let report: GapFillReport
        do {
            report = try GapFiller(options: options, store: store, progress: progress).run(identifiers: identifiers)
        } catch {
            throw CommandFailure("\(error)")
        }
        print(report.table, terminator: "")
        if report.failed > 0 {
            let more = report.failedIdentifiers.count > 20 ? " and \(report.failedIdentifiers.count - 20) more" : ""
            let shown = report.failedIdentifiers.prefix(20).map { ProgressReporter.shortened($0, to: 200) }
            printError("thresher: \(report.failed) identifier(s) failed: \(shown.joined(separator: ", "))\(more)")
            throw ExitCode(report.exitCode)
        }
    }
}
