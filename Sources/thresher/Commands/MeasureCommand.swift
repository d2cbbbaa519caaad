import ArgumentParser
import Foundation
import Quality
import RecordStore
import ThresherCore

/// `thresher measure`: metadata-quality measurements (completeness per dimension, field existence and cardinality,
/// problem catalogue, multilinguality) of the store's records or of files.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Measure metadata quality (EDM completeness and more) of the store's records or of files.",
        discussion: """
            From the store, results are kept per record and schema: a second run scores only records that are new \
            or changed since (--all scores every one again), and writes every selected record's row. Built-in \
            schemas: \(MeasurementSchema.builtinNames.joined(separator: ", ")); --schema FILE reads a schema file \
            (docs/SCHEMAS.md). Exit status 1 when a record could not be measured (every good row is still written).
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Measure these files instead of the store (JSON, JSON Lines, OAI-PMH or EDM XML); repeatable.")
    var input: [String] = []

    @Option(help: "The measurement schema: a built-in name or a schema file (default edm; edm-2015 for --format seed).")
    var schema: String?

    @Option(name: .customLong("set"), help: "Only the records of this set (from the store).")
    var set: String?

    @Option(help: "csv, seed (the 2015 line) or jsonl.")
    var format: String = "csv"

    @Option(help: "Write to this file instead of standard output (- is standard output).")
    var output: String?

    @Flag(help: "Add the per-field existence and cardinality columns and the problem catalogue (csv).")
    var fields = false

    @Option(help: "Threads scoring records (default: the cores of this machine).")
    var jobs: Int?

    @Flag(help: "Score every selected record again, not only new or changed ones.")
    var all = false

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard MeasurementFormat(rawValue: format) != nil else {
            throw ValidationError("--format \(format): use csv, seed or jsonl")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !input.isEmpty && set != nil { throw ValidationError("--set selects records of the store; it cannot be combined with --input") }
        if !input.isEmpty && all { throw ValidationError("--all applies to the store; files are always measured whole") }
        if let schema, !SchemaSource.names(schema) {
            throw ValidationError(SchemaSource.ResolutionError.unknown(schema).description)
        }
        if let set, set.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--set \"\(set)\": a setSpec cannot be empty or white space")
        }
    }

    func run() throws {
        let format = MeasurementFormat(rawValue: format) ?? .csv
        let source = try SchemaSource.resolve(schema ?? (format == .seed ? "edm-2015" : "edm"))
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let run = try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: format,
                                     fields: fields, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                     progress: progress, report: { skipped($0, progress) })
        let sink = try output.flatMap { $0 == "-" ? nil : $0 }.map { try MeasurementSink(path: $0) } ?? MeasurementSink()
        let summary: MeasurementSummary
        if input.isEmpty {
            guard FileManager.default.fileExists(atPath: storeOptions.store) else {
                throw CommandFailure("\(storeOptions.store): no such record store")
            }
            let store = try storeOptions.open()
            summary = try run.measure(store: store, query: RecordQuery(set: set), all: all, to: sink)
        } else {
            summary = try run.measure(inputs: input, to: sink)
        }
        try sink.close()
        progress.finish()
        if !progressOptions.quiet {
            var line = "thresher: measured \(summary.measured) record(s) with \(source.schema.name)"
            if input.isEmpty { line += ", \(summary.reused) unchanged since the last run" }
            line += ", wrote \(summary.written) row(s)"
            printError(line + (summary.skipped > 0 ? ", skipped \(summary.skipped)" : ""))
        }
        if summary.skipped > 0 {
            printError("thresher: \(summary.skipped) record(s) could not be measured and were skipped")
            throw ExitCode(1)
        }
    }
}
