import Dispatch
import EDM
import Foundation
import RecordStore
import ThresherCore

/// What a measurement run did.
public struct MeasurementSummary: Sendable, Equatable {
    /// Records scored in this run.
    public var measured = 0
    /// Records whose stored measurement was still current (store runs).
    public var reused = 0
    /// Rows written.
    public var written = 0
    /// Records that could not be measured (reported, skipped).
    public var skipped = 0

    public init() {}
}

/// Measures records with one schema, from a record store or from files, on several threads, and writes a row per
/// record in the order of the store (or of the inputs), whatever the number of threads.
public final class MeasurementRun {
    /// The schema's name, kept with every stored measurement.
    public let schemaName: String
    /// A hash of the schema's definition: measurements made with another definition are made again.
    public let schemaHash: String
    let scorer: ParallelScorer
    let formatter: RowFormatter
    let progress: ProgressReporter
    let report: (String) -> Void
    /// JSON Lines files go through `measureLines` (false: through the batches every other input takes).
    var linePipeline = true
    /// Records scored per batch.
    public var batchSize = 4_096

    /// A run of `schema` (`definition`: the bytes it was read from, for the hash) writing `format` (with the
    /// per-field columns when `fields`) on `jobs` threads; `report` hears each record that is skipped and why.
    public init(schema: MeasurementSchema, definition: [UInt8], file: String, format: MeasurementFormat, fields: Bool,
                jobs: Int, progress: ProgressReporter, report: @escaping (String) -> Void) throws(SchemaError) {
        let compiled = try RecordScorer(schema: schema, file: file)
        schemaName = schema.name
        schemaHash = definition.withUnsafeBytes { XXH64.hex(bytes: $0) }
        scorer = ParallelScorer(scorer: compiled, jobs: jobs)
        formatter = RowFormatter(format: format, layout: compiled.layout, fields: fields)
        self.progress = progress
        self.report = report
    }

    /// Measures the files at `paths` in order and writes every record's row to `sink`.
    public func measure(inputs paths: [String], to sink: MeasurementSink) throws -> MeasurementSummary {
        var summary = MeasurementSummary()
        if let header = formatter.header { try sink.line(header) }
        for path in paths {
            if linePipeline, let file = MappedFile(path: path), InputReader.isJSONLines(file.bytes) {
                let lines = try measureLines(file, path: path, to: sink)
                summary.measured += lines.measured
                summary.written += lines.written
                summary.skipped += lines.skipped
                continue
            }
            try InputReader.read(path: path, batchSize: batchSize) { batch in
                let results = scorer.score(batch.map(\.json), problems: batch.map(\.problem))
                for (record, result) in zip(batch, results) {
                    switch result {
                    case .measured(let identity, let measurement):
                        try sink.line(formatter.row(identity, measurement))
                        summary.measured += 1
                        summary.written += 1
                    case .unreadable(let why):
                        report("\(record.position): \(why); skipped")
                        summary.skipped += 1
                    }
                }
                progress.advance(by: batch.count)
            }
        }
        try sink.flush()
        return summary
    }

    /// Measures the live records of `store` matching `query` that are new or changed since they were last measured
    /// with this schema (every one when `all`), stores the results, then writes every selected record's row to `sink`
    /// in store order. A record without JSON (its conversion failed at harvest time) is converted again from its XML.
    public func measure(store: any MeasurementStoring, query: RecordQuery, all: Bool,
                        to sink: MeasurementSink) throws -> MeasurementSummary {
        var summary = MeasurementSummary()
        var live = query
        live.includeDeleted = false
        let selected = try store.count(live)
        // Pass 1: what changed since the last run, scored and stored.
        var after: Int64?
        var pending: [Int64] = []
        func scoreAndStore(_ seqs: [Int64]) throws {
            let records = try store.recordJSON(seqs: seqs, withXML: true)
            var inputs: [[UInt8]?] = []
            var problems: [String?] = []
            for record in records {
                if !record.json.isEmpty {
                    inputs.append(record.json)
                    problems.append(nil)
                } else if let xml = record.xml, !xml.isEmpty {
                    do {
                        let json = try RecordConverter.json(metadataXML: String(decoding: xml, as: UTF8.self),
                                                            identifier: record.identifier, sets: record.sets)
                        inputs.append(Array(json.utf8))
                        problems.append(nil)
                    } catch {
                        inputs.append(nil)
                        problems.append("its JSON is missing and its XML does not convert: \(error)")
                    }
                } else {
                    inputs.append(nil)
                    problems.append("it has neither JSON nor XML")
                }
            }
            let results = scorer.score(inputs, problems: problems)
            var stored: [MeasurementInput] = []
            stored.reserveCapacity(records.count)
            for (record, result) in zip(records, results) {
                switch result {
                case .measured(let identity, let measurement):
                    stored.append(MeasurementInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash, dataset: identity.dataset,
                                                   dataProvider: identity.dataProvider, total: measurement.total,
                                                   result: MeasurementCodec.encode(measurement)))
                case .unreadable(let why):
                    report("\(record.identifier): \(why); skipped")
                    summary.skipped += 1
                }
            }
            try store.storeMeasurements(stored, schema: schemaName, schemaHash: schemaHash)
            summary.measured += stored.count
            progress.advance(by: records.count)
        }
        let allHash = all ? "\u{0}all:" + UUID().uuidString : schemaHash  // --all: nothing counts as current
        progress.setTotal(selected)
        while true {
            let page = try store.unmeasured(live, schema: schemaName, schemaHash: allHash, after: after, limit: 16_384)
            guard let through = page.through else { break }
            progress.advance(by: page.examined - page.seqs.count)
            pending += page.seqs
            after = through
            while pending.count >= batchSize {
                try scoreAndStore(Array(pending.prefix(batchSize)))
                pending.removeFirst(batchSize)
            }
        }
        if !pending.isEmpty { try scoreAndStore(pending) }
        // Pass 2: every selected record's row, from the stored measurements, in store order: pages read one at a
        // time, decoded and formatted on every thread, written in order.
        if let header = formatter.header { try sink.line(header) }
        var cursor: Int64?
        var exhausted = false
        let jobs = scorer.jobs
        var numbers = (0..<jobs).map { _ in RowBytes() }
        try numbers.withUnsafeMutableBufferPointer { numbers in
            try OrderedPipeline.run(jobs: jobs, ahead: 2 * jobs, take: { () -> [StoredMeasurement]? in
                guard !exhausted else { return nil }
                let page = try store.measurementRows(live, schema: schemaName, after: cursor, limit: 4_096)
                guard let last = page.last else {
                    exhausted = true
                    return nil
                }
                cursor = last.seq
                return page
            }, work: { k, page in
                rowBytes(of: page, numbers: &numbers[k])
            }, deliver: { rows in
                try sink.append(rows.bytes)
                summary.written += rows.count
            })
        }
        summary.reused = max(0, summary.written - summary.measured)
        try sink.flush()
        return summary
    }

    /// The rows of stored measurements in their order, each ended by a newline, and how many (none for a measurement
    /// made with another definition of the schema).
    func rowBytes(of page: [StoredMeasurement], numbers: inout RowBytes) -> (bytes: [UInt8], count: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(page.count * 160)
        var count = 0
        var completeness: [Double?] = []
        let layout = formatter.layout
        for stored in page {
            let identity = RecordIdentity(recordId: Self.recordId(stored.identifier), dataset: stored.dataset,
                                          dataProvider: stored.dataProvider)
            if formatter.needsOnlyCompleteness {
                guard (stored.result.withUnsafeBytes {
                    MeasurementCodec.decodeCompleteness($0, layout: layout, into: &completeness)
                }) else { continue }
                formatter.append(identity, completeness: completeness, numbers: &numbers, to: &out)
            } else {
                guard let measurement = MeasurementCodec.decode(stored.result, layout: layout,
                                                                languages: formatter.format == .jsonl) else { continue }
                formatter.append(identity, measurement, numbers: &numbers, to: &out)
            }
            out.append(0x0A)
            count += 1
        }
        return (out, count)
    }

    /// The CSV's record id for a store identifier: without `http://data.europeana.eu/item/`.
    public static func recordId(_ identifier: String) -> String {
        identifier.hasPrefix(RecordIdentity.itemPrefix) ? String(identifier.dropFirst(RecordIdentity.itemPrefix.count)) : identifier
    }
}
