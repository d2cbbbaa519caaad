import Foundation
import Quality
import RecordStore
import ThresherCore

/// A record a report shows on a page of its own (the best and worst of a group).
public struct RecordDetail: Sendable {
    public var seq: Int64
    public var identifier: String
    public var recordId: String
    public var dataset: String?
    public var dataProvider: String?
    public var measurement: RecordMeasurement
    /// The record's JSON as stored (filled in by `ReportBuilder.details`).
    public var json: [UInt8]
}

/// What a report is made of: every group's statistics, and the records shown on pages of their own.
public struct ReportData: Sendable {
    public var schema: MeasurementSchema
    public var groups: [GroupReport]
    /// The records named in any group's best and worst lists, by identifier.
    public var records: [String: RecordDetail]
}

/// Makes the statistics of every group of a store's measurements: each dataset (a record counts in every set it
/// belongs to), each data provider, and the whole selection.
///
/// The measurements are read in passes ordered by group (datasets by set, data providers by provider), so each group
/// is accumulated from start to end, reported and freed before the next begins: memory grows with the largest group
/// and the number of groups, not with the store. The whole selection's group is the data providers' groups merged (a
/// record has one provider), in provider order.
public final class ReportBuilder {
    private let store: any MeasurementStoring
    private let source: SchemaSource
    private let layout: MeasurementLayout
    private let progress: ProgressReporter
    /// Records per group listed as best and as worst.
    public var ranked = 10

    /// A builder over `store`'s measurements made with `source`'s schema.
    public init(store: any MeasurementStoring, source: SchemaSource, progress: ProgressReporter) throws(SchemaError) {
        self.store = store
        self.source = source
        layout = try RecordScorer(schema: source.schema, file: source.file).layout
        self.progress = progress
    }

    /// The groups of `kinds` over the live records matching `query` (measured with the schema beforehand).
    ///
    /// One pass for the datasets (in set order) and one for the data providers and the whole selection (in provider
    /// order; in seq order when only the whole selection is asked for). In each pass a reader thread reads the
    /// measurements and hands each group's to one of two lanes, which decode them and accumulate the group in the
    /// order read, so every group's statistics are those of a serial pass.
    public func build(query: RecordQuery, kinds: [GroupKind]) throws -> ReportData {
        var selection = query
        selection.includeDeleted = false
        let passes = GroupPass.passes(for: kinds, set: query.set)
        let selected = try store.count(selection)
        progress.setTotal(selected * passes.count)
        var outcome = BuildOutcome()
        for pass in passes {
            try run(pass, query: selection, records: selected, into: &outcome)
        }
        if outcome.undecodable > 0 {
            progress.note("thresher: \(outcome.undecodable) measurement(s) made with another definition of \(source.schema.name) were left out; run measure --all")
        }
        // A dataset is titled by its setName where the store knows one other than the spec.
        var setNames: [String: String] = [:]
        if kinds.contains(.dataset) {
            for set in try store.sets() where !set.name.isEmpty && set.name != set.spec { setNames[set.spec] = set.name }
        }
        var reports: [GroupReport] = []
        var records: [String: RecordDetail] = [:]
        for (report, shown) in outcome.reports.sorted(by: { ($0.0.kind.rawValue, $0.0.name, $0.0.fileName) < ($1.0.kind.rawValue, $1.0.name, $1.0.fileName) }) {
            var report = report
            if report.kind == .dataset { report.title = setNames[report.name] }
            reports.append(report)
            for entry in shown where records[entry.identifier] == nil {
                records[entry.identifier] = RecordDetail(seq: entry.seq, identifier: entry.identifier, recordId: entry.recordId,
                                                         dataset: entry.dataset, dataProvider: entry.dataProvider,
                                                         measurement: entry.measurement, json: [])
            }
        }
        // The shown records' JSON, read once, in chunks of 500 shared by two threads (each a read of its own).
        let seqs = records.values.map(\.seq).sorted()
        let chunks = stride(from: 0, to: seqs.count, by: 500).map { Array(seqs[$0..<min(seqs.count, $0 + 500)]) }
        let found = Locked([[RecordJSON]](repeating: [], count: chunks.count))
        let store = store
        try Parallel.forEach(chunks.count, threads: 2) { k in
            let read = try store.recordJSON(seqs: chunks[k], withXML: false)
            found.withLock { $0[k] = read }
        }
        for chunk in found.withLock({ $0 }) {
            for record in chunk { records[record.identifier]?.json = record.json }
        }
        return ReportData(schema: source.schema, groups: reports, records: records)
    }

    /// One pass: the reader (this thread's first helper) streams the measurements in the pass's order and cuts them
    /// into chunks of one group each; every group goes whole to the lane with less work waiting; a lane decodes and
    /// accumulates its groups and reports each at its last chunk.
    ///
    /// Progress: each of the selection's `records` once per pass (in set order a record's later sets are not counted
    /// again; records a pass does not read are counted at its end).
    private func run(_ pass: GroupPass, query: RecordQuery, records: Int, into outcome: inout BuildOutcome) throws {
        let names = SeriesNames(layout: layout)
        let lanes = (0..<Self.laneCount).map { _ in BatchChannel<GroupChunk>(capacity: 4) }
        let waiting = Locked([Int](repeating: 0, count: Self.laneCount))
        let result = Locked(BuildOutcome())
        let merge = Locked(StoreMerge())
        let store = store, layout = layout, schema = source.schema, progress = progress, ranked = ranked
        let mandatory = Self.mandatoryFields(source.schema)
        Parallel.run(Self.laneCount + 1) { thread in
            guard thread > 0 else {
                var chunk: GroupChunk?
                var lane = 0
                var ordinal = -1
                var sinceProgress = 0
                var counted = 0
                // In set order, the records already counted (by seq).
                var seen = SeqBits()
                func send(_ finished: GroupChunk, to lane: Int) {
                    waiting.withLock { $0[lane] += finished.rows.count }
                    lanes[lane].put(finished)
                }
                do {
                    try store.forEachMeasurement(query, schema: schema.name, order: pass.order) { stored in
                        let key = pass.key(of: stored)
                        if chunk?.key != key {
                            if var last = chunk {
                                last.isLast = true
                                send(last, to: lane)
                            }
                            ordinal += 1
                            lane = waiting.withLock { counts in counts.indices.min { counts[$0] < counts[$1] } ?? 0 }
                            chunk = GroupChunk(ordinal: ordinal, key: key, rows: [], isLast: false)
                            chunk?.rows.reserveCapacity(Self.chunkSize)
                        }
                        chunk?.rows.append(stored)
                        if let full = chunk, full.rows.count == Self.chunkSize {
                            send(full, to: lane)
                            chunk?.rows = []
                            chunk?.rows.reserveCapacity(Self.chunkSize)
                        }
                        if pass.order != .set || seen.insert(stored.seq) {
                            sinceProgress += 1
                            if sinceProgress == 4_096 {
                                progress.advance(by: sinceProgress)
                                counted += sinceProgress
                                sinceProgress = 0
                            }
                        }
                    }
                } catch {
                    result.withLock { $0.failure = error }
                }
                if var last = chunk {
                    last.isLast = true
                    send(last, to: lane)
                }
                progress.advance(by: max(sinceProgress, records - counted))
                for lane in lanes { lane.close() }
                return
            }
            // A lane: its groups one after another, each decoded, accumulated and reported at its last chunk.
            let lane = thread - 1
            var group: (ordinal: Int, accumulator: GroupAccumulator)?
            var undecodable = 0
            var figures = MeasurementFigures()
            var reports: [(GroupReport, [GroupAccumulator.Entry])] = []
            while let chunk = lanes[lane].take() {
                let accumulator: GroupAccumulator
                if let current = group, current.ordinal == chunk.ordinal {
                    accumulator = current.accumulator
                } else {
                    accumulator = GroupAccumulator(kind: chunk.key.kind, name: chunk.key.name, fileName: chunk.key.fileName,
                                                   names: names, ranked: ranked)
                    group = (chunk.ordinal, accumulator)
                }
                for stored in chunk.rows {
                    let decoded = stored.result.withUnsafeBufferPointer { MeasurementCodec.decode($0, layout: layout, into: &figures) }
                    guard decoded else {
                        undecodable += 1
                        continue
                    }
                    // The whole measurement only for a record that joins the best or the worst.
                    accumulator.add(figures, identifier: stored.identifier) {
                        MeasurementCodec.decode(stored.result, layout: layout).map {
                            GroupAccumulator.Entry(seq: stored.seq, identifier: stored.identifier, dataset: stored.dataset,
                                                   dataProvider: stored.dataProvider, measurement: $0)
                        }
                    }
                }
                waiting.withLock { $0[lane] -= chunk.rows.count }
                guard chunk.isLast else { continue }
                group = nil
                if accumulator.records > 0, pass.reportsGroups {
                    reports.append((accumulator.report(schema: schema.name, layout: layout, mandatory: mandatory),
                                    accumulator.best + accumulator.worst))
                }
                if pass.mergesIntoStore {
                    merge.withLock { $0.add(accumulator, ordinal: chunk.ordinal, names: names, ranked: ranked,
                                            storeName: pass.storeName) }
                }
            }
            result.withLock {
                $0.reports += reports
                $0.undecodable += undecodable
            }
        }
        var finished = result.withLock { $0 }
        if let failure = finished.failure { throw failure }
        if let whole = merge.withLock({ $0.finish() }), whole.records > 0 {
            finished.reports.append((whole.report(schema: schema.name, layout: layout, mandatory: mandatory),
                                     whole.best + whole.worst))
        }
        outcome.reports += finished.reports
        outcome.undecodable += finished.undecodable
    }

    /// The lanes groups are accumulated in (one a core on this 2-core machine).
    static let laneCount = 2

    /// Measurements handed to a lane at a time (a lane's channel holds 4 chunks).
    static let chunkSize = 1_024

    /// Fields counted in MANDATORY themselves (a field that is one of a mandatory group's alternatives is not: the
    /// group is satisfied by any of them, and its share shows in the MANDATORY score).
    static func mandatoryFields(_ schema: MeasurementSchema) -> Set<String> {
        Set(schema.fields.filter { $0.scored && $0.dimensions.contains("MANDATORY") }.map(\.label))
    }
}

/// A set of record seqs: bits up to seq 2²⁸ (a million records: 125 KB; at most 32 MB), a hash set above.
struct SeqBits {
    private var words: [UInt64] = []
    private var beyond: Set<Int64> = []
    private static let bitLimit: Int64 = 1 << 28

    /// Adds `seq`; true when it was not in the set.
    mutating func insert(_ seq: Int64) -> Bool {
        guard seq >= 0, seq < Self.bitLimit else { return beyond.insert(seq).inserted }
        let word = Int(seq >> 6)
        let bit = UInt64(1) << UInt64(seq & 63)
        if word >= words.count { words += repeatElement(0, count: Swift.max(word + 1 - words.count, words.count)) }
        guard words[word] & bit == 0 else { return false }
        words[word] |= bit
        return true
    }
}
