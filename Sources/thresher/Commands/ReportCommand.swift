import ArgumentParser
import Foundation
import Quality
import RecordStore
import Report
import ThresherCore

/// `thresher report`: data-provider quality reports (statistics, plots, best and worst records) from the store.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write quality reports (statistics, plots, best and worst records) per dataset, data provider and store.",
        discussion: """
            Records not yet measured with the schema are measured first, as measure would. Writes index.html (and \
            index.json, groups.csv) and a folder per kind of group under --out; see docs/REPORTS.md.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The measurement schema: a built-in name or a schema file.")
    var schema: String = "edm"

    @Option(help: "dataset, provider, store or all.")
    var by: String = "all"

    @Option(name: .customLong("set"), help: "Only the records of this set.")
    var set: String?

    @Option(help: "The folder the report is written into.")
    var out: String = "reports"

    @Option(help: "html (every page, with index.json and groups.csv), json or csv.")
    var format: String = "html"

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard ["dataset", "provider", "store", "all"].contains(by) else {
            throw ValidationError("--by \(by): use dataset, provider, store or all")
        }
        guard ReportFormat(rawValue: format) != nil else { throw ValidationError("--format \(format): use html, json or csv") }
        if !SchemaSource.names(schema) {
            throw ValidationError(SchemaSource.ResolutionError.unknown(schema).description)
        }
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out: the folder's path is empty") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: storeOptions.store) else {
            throw CommandFailure("\(storeOptions.store): no such record store")
        }
        let source = try SchemaSource.resolve(schema)
        let store = try storeOptions.open()
        let query = RecordQuery(set: set)
        let measuring = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let run = try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: .csv,
                                     fields: false, jobs: ProcessInfo.processInfo.activeProcessorCount, progress: measuring,
                                     report: { skipped($0, measuring) })
        let measured = try run.measure(store: store, query: query, all: false, to: nil)
        measuring.finish()
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let kinds: [GroupKind] = by == "all" ? GroupKind.allCases : [GroupKind(rawValue: by) ?? .store]
        let data = try ReportBuilder(store: store, source: source, progress: progress).build(query: query, kinds: kinds)
        progress.finish()
        // Nothing selected (an unknown set, an empty store): an error, not an empty report that looks like a result.
        guard !data.groups.isEmpty else {
            throw CommandFailure(set.map { "--set \($0): no record of the store is in this set" }
                                 ?? "\(storeOptions.store): no records to report")
        }
        let writing = ProgressReporter(quiet: progressOptions.quiet, unit: .items("files"))
        let index = try ReportWriter(directory: out, format: ReportFormat(rawValue: format) ?? .html).write(data, progress: writing)
        writing.finish()
        if !progressOptions.quiet {
            printError("thresher: measured \(measured.measured) new or changed record(s); \(data.groups.count) group(s) reported")
        }
        print(index)
        if measured.skipped > 0 {
            printError("thresher: \(measured.skipped) record(s) could not be measured and are not in the report")
            throw ExitCode(1)
        }
    }
}
