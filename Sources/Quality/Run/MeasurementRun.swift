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
    /// Records scored per batch (files other than JSON Lines).
    public var batchSize = 4_096
    /// Records of the store read, scored and stored per batch: small, so that reading, scoring and storing overlap
    /// and few records are in memory.
    static let storeBatch = 512

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
    /// in store order (nothing when `sink` is nil: the store is only brought up to date). A record without JSON (its
    /// conversion failed at harvest time) is converted again from its XML.
    public func measure(store: any MeasurementStoring, query: RecordQuery, all: Bool,
                        to sink: MeasurementSink?) throws -> MeasurementSummary {
        var summary = MeasurementSummary()
        var live = query
        live.includeDeleted = false
        let selected = try store.count(live)
        // Pass 1: what changed since the last run, scored and stored: batches read one at a time, scored on every
        // thread, stored in order (reading, scoring and storing overlap).
        var after: Int64?
        var pending: [Int64] = []
        var exhaustedSeqs = false
        let allHash = all ? "\u{0}all:" + UUID().uuidString : schemaHash  // --all: nothing counts as current
        progress.setTotal(selected)
        let scorer = self.scorer
        let (schemaName, schemaHash) = (self.schemaName, self.schemaHash)
        try OrderedPipeline.run(jobs: scorer.jobs, ahead: 2 * scorer.jobs, take: { () -> [RecordJSON]? in
            while pending.count < Self.storeBatch && !exhaustedSeqs {
                let page = try store.unmeasured(live, schema: schemaName, schemaHash: allHash, after: after, limit: 16_384)
                guard let through = page.through else {
                    exhaustedSeqs = true
                    break
                }
                progress.advance(by: page.examined - page.seqs.count)
                pending += page.seqs
                after = through
            }
            guard !pending.isEmpty else { return nil }
            let seqs = Array(pending.prefix(Self.storeBatch))
            pending.removeFirst(seqs.count)
            return try store.recordJSON(seqs: seqs, withXML: true)
        }, work: { k, records in
            scorer.withScorer(k) { scorer in Self.scoreForStore(records, scorer: &scorer) }
        }, deliver: { batch in
            for why in batch.skipped { report(why) }
            summary.skipped += batch.skipped.count
            try store.storeMeasurements(batch.stored, schema: schemaName, schemaHash: schemaHash)
            summary.measured += batch.stored.count
            progress.advance(by: batch.records)
        })
        // Pass 2: every selected record's row, from the stored measurements, in store order: pages read one at a
        // time, decoded and formatted on every thread, written in order.
        guard let sink else { return summary }
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

    /// Scores records of the store (converting a record without JSON from its XML): what to store, and the reports of
    /// those that could not be measured, in order.
    static func scoreForStore(_ records: [RecordJSON], scorer: inout RecordScorer)
        -> (stored: [MeasurementInput], skipped: [String], records: Int) {
        var stored: [MeasurementInput] = []
        stored.reserveCapacity(records.count)
        var skipped: [String] = []
        for record in records {
            var input: [UInt8]?
            var problem: String?
            if !record.json.isEmpty {
                input = record.json
            } else if let xml = record.xml, !xml.isEmpty {
                do {
                    let json = try RecordConverter.json(metadataXML: String(decoding: xml, as: UTF8.self),
                                                        identifier: record.identifier, sets: record.sets)
                    input = Array(json.utf8)
                } catch {
                    problem = "its JSON is missing and its XML does not convert: \(error)"
                }
            } else {
                problem = "it has neither JSON nor XML"
            }
            switch ParallelScorer.score(input, problem: problem, with: &scorer) {
            case .measured(let identity, let measurement):
                stored.append(MeasurementInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash,
                                               dataset: identity.dataset, dataProvider: identity.dataProvider,
                                               total: measurement.total, result: MeasurementCodec.encode(measurement)))
            case .unreadable(let why):
                skipped.append("\(record.identifier): \(why); skipped")
            }
        }
        return (stored, skipped, records.count)
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
