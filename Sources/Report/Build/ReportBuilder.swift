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

/// Reads a store's measurements once and makes the statistics of every group: each dataset (a record counts in every
/// set it belongs to), each data provider, and the whole selection. Memory grows with the number of groups and of
/// distinct values in them, not with the number of records.
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
    /// One pass over the measurements: a reader thread reads and decodes them in pages, and two lanes accumulate the
    /// groups, each group in one lane (the lanes see every record in the same order and share the groups out alike),
    /// so every group sees its records in the serial order and its statistics are the serial ones.
    public func build(query: RecordQuery, kinds: [GroupKind]) throws -> ReportData {
        let names = SeriesNames(layout: layout)
        var selection = query
        selection.includeDeleted = false
        let live = selection
        progress.setTotal(try store.count(live))
        let lanes = (0..<Self.laneCount).map { _ in BatchChannel<[DecodedMeasurement]>(capacity: 4) }
        let outcome = Locked(BuildOutcome())
        let store = store, layout = layout, schema = source.schema, progress = progress, ranked = ranked
        let mandatory = Self.mandatoryFields(source.schema)
        let plan = GroupPlan(kinds: kinds, set: query.set)
        Parallel.run(Self.laneCount + 1) { thread in
            guard thread > 0 else {
                // The reader: pages of measurements, decoded, handed to every lane.
                var after: Int64?
                var undecodable = 0
                do {
                    while true {
                        let page = try store.measurements(live, schema: schema.name, after: after, limit: 4_096)
                        guard let last = page.last else { break }
                        var batch: [DecodedMeasurement] = []
                        batch.reserveCapacity(Self.batchSize)
                        for stored in page {
                            guard let measurement = MeasurementCodec.decode(stored.result, layout: layout) else {
                                undecodable += 1
                                continue
                            }
                            batch.append(DecodedMeasurement(
                                entry: GroupAccumulator.Entry(seq: stored.seq, identifier: stored.identifier,
                                                              recordId: MeasurementRun.recordId(stored.identifier),
                                                              dataset: stored.dataset, dataProvider: stored.dataProvider,
                                                              measurement: measurement),
                                sets: stored.sets, values: names.values(of: measurement)))
                            if batch.count == Self.batchSize {
                                for lane in lanes { lane.put(batch) }
                                batch.removeAll(keepingCapacity: true)
                            }
                        }
                        if !batch.isEmpty { for lane in lanes { lane.put(batch) } }
                        progress.advance(by: page.count)
                        after = last.seq
                    }
                } catch {
                    outcome.withLock { $0.failure = error }
                }
                for lane in lanes { lane.close() }
                outcome.withLock { $0.undecodable = undecodable }
                return
            }
            // A lane: the groups the plan gives it, accumulated, then their reports.
            let lane = thread - 1
            var plan = plan
            var groups: [GroupKey: GroupAccumulator] = [:]
            while let batch = lanes[lane].take() {
                for decoded in batch {
                    plan.forEachGroup(of: decoded, lane: lane) { key in
                        let group: GroupAccumulator
                        if let found = groups[key] {
                            group = found
                        } else {
                            group = GroupAccumulator(kind: key.kind, name: key.name, names: names, ranked: ranked)
                            groups[key] = group
                        }
                        group.add(decoded.entry, decoded.values)
                    }
                }
            }
            var reports: [(GroupReport, [GroupAccumulator.Entry])] = []
            for accumulator in groups.values {
                reports.append((accumulator.report(schema: schema.name, layout: layout, mandatory: mandatory),
                                accumulator.best + accumulator.worst))
            }
            outcome.withLock { $0.reports += reports }
        }
        let result = outcome.withLock { $0 }
        if let failure = result.failure { throw failure }
        if result.undecodable > 0 {
            progress.note("thresher: \(result.undecodable) measurement(s) made with another definition of \(source.schema.name) were left out; run measure --all")
        }
        var reports: [GroupReport] = []
        var records: [String: RecordDetail] = [:]
        for (report, shown) in result.reports.sorted(by: { ($0.0.kind.rawValue, $0.0.name) < ($1.0.kind.rawValue, $1.0.name) }) {
            reports.append(report)
            for entry in shown where records[entry.identifier] == nil {
                records[entry.identifier] = RecordDetail(seq: entry.seq, identifier: entry.identifier, recordId: entry.recordId,
                                                         dataset: entry.dataset, dataProvider: entry.dataProvider,
                                                         measurement: entry.measurement, json: [])
            }
        }
        // The shown records' JSON, read once.
        let seqs = records.values.map(\.seq).sorted()
        var start = 0
        while start < seqs.count {
            let chunk = Array(seqs[start..<min(seqs.count, start + 500)])
            for found in try store.recordJSON(seqs: chunk, withXML: false) {
                records[found.identifier]?.json = found.json
            }
            start += chunk.count
        }
        return ReportData(schema: source.schema, groups: reports, records: records)
    }

    /// The lanes groups are accumulated in (one a core on this 2-core machine; a fixed number, so that which lane a
    /// group is in never depends on the machine).
    static let laneCount = 2

    /// Decoded measurements handed to the lanes at a time (a lane's channel holds 4 batches).
    static let batchSize = 1_024

    /// Fields counted in MANDATORY themselves (a field that is one of a mandatory group's alternatives is not: the
    /// group is satisfied by any of them, and its share shows in the MANDATORY score).
    static func mandatoryFields(_ schema: MeasurementSchema) -> Set<String> {
        Set(schema.fields.filter { $0.scored && $0.dimensions.contains("MANDATORY") }.map(\.label))
    }
}

/// The numeric series of a layout, by index: TOTAL and the dimensions, the fields' cardinalities, the problems, and
/// the multilinguality figures.
struct SeriesNames: Sendable {
    let names: [String]
    let dimensionCount: Int

    init(layout: MeasurementLayout) {
        var names = ["TOTAL"] + layout.dimensions
        dimensionCount = names.count
        names += layout.fields.map { "cardinality:" + $0 }
        names += layout.problems.map { "problem:" + $0 }
        for scope in layout.scopes + ["record"] {
            names += ["multilinguality:\(scope):taggedLiterals", "multilinguality:\(scope):languages"]
        }
        self.names = names
    }

    /// A measurement's values in the order of `names` (nil where a dimension has no slots).
    func values(of m: RecordMeasurement) -> [Double?] {
        var values: [Double?] = m.completeness
        values.reserveCapacity(names.count)
        for c in m.cardinality { values.append(Double(c)) }
        for p in m.problems { values.append(Double(p)) }
        for s in m.scopes + [m.record] {
            values.append(Double(s.taggedLiterals))
            values.append(Double(s.languages))
        }
        return values
    }
}

/// One group's running statistics. Used by one thread at a time.
///
/// The numeric series are fed in runs: a record's values wait in `pending` (up to `runLength` records) and are then
/// added series by series, so that each series' state is touched once per run rather than once per record (a group
/// has some 150 series, and a million records touch them 3 million times). Each series still receives its values in
/// the records' order.
final class GroupAccumulator {
    struct Entry: Sendable {
        var seq: Int64
        var identifier: String
        var recordId: String
        var dataset: String?
        var dataProvider: String?
        var measurement: RecordMeasurement
    }

    let kind: GroupKind
    let name: String
    let names: SeriesNames
    let ranked: Int
    var records = 0
    var series: [SeriesAccumulator]
    var fieldCounts: [Int]
    var problemCounts: [Int]
    var scopeCounts: [Int]
    var multilingualFieldCounts: [Int]
    var best: [Entry] = []
    var worst: [Entry] = []
    /// Records whose series values wait to be added: `runLength` values each (`absent` where a record has none).
    private var pending: [Double] = []
    private var pendingRecords: [String] = []
    /// Records per run.
    static let runLength = 32
    /// Marks a value a record does not have (a NaN payload no measurement makes).
    private static let absent = Double(bitPattern: 0x7FF4_0000_DEAD_BEEF)

    init(kind: GroupKind, name: String, names: SeriesNames, ranked: Int) {
        self.kind = kind
        self.name = name
        self.names = names
        self.ranked = ranked
        series = names.names.map { _ in SeriesAccumulator() }
        fieldCounts = []
        problemCounts = []
        scopeCounts = []
        multilingualFieldCounts = []
    }

    func add(_ entry: Entry, _ values: [Double?]) {
        let m = entry.measurement
        if records == 0 {
            fieldCounts = Array(repeating: 0, count: m.existence.count)
            problemCounts = Array(repeating: 0, count: m.problems.count)
            scopeCounts = Array(repeating: 0, count: m.scopes.count + 1)
            multilingualFieldCounts = Array(repeating: 0, count: m.languageCounts.fieldCount)
        }
        records += 1
        let width = series.count
        if pending.isEmpty { pending.reserveCapacity(Self.runLength * width) }
        for k in 0..<width {
            pending.append(k < values.count ? values[k] ?? Self.absent : Self.absent)
        }
        pendingRecords.append(entry.identifier)
        if pendingRecords.count == Self.runLength { flush() }
        for (k, exists) in m.existence.enumerated() where exists { fieldCounts[k] += 1 }
        for (k, count) in m.problems.enumerated() where count > 0 { problemCounts[k] += 1 }
        for (k, scope) in m.scopes.enumerated() where scope.taggedLiterals > 0 { scopeCounts[k] += 1 }
        if m.record.taggedLiterals > 0 { scopeCounts[m.scopes.count] += 1 }
        // A field has tagged literals when one of its language classes is a tag (not `_0`, `_1`, `_2`).
        let languages = m.languageCounts
        var start = 0
        for (k, end) in languages.ends.enumerated() where k < multilingualFieldCounts.count {
            var tagged = false
            var index = start
            while index < end, !tagged {
                tagged = languages.counts[index].language.utf8.first != UInt8(ascii: "_")
                index += 1
            }
            if tagged { multilingualFieldCounts[k] += 1 }
            start = end
        }
        guard let total = m.total else { return }
        Self.insert(entry, total: total, into: &best, keep: ranked, better: { a, b in a > b })
        Self.insert(entry, total: total, into: &worst, keep: ranked, better: { a, b in a < b })
    }

    /// Adds the waiting values, series by series, each series in the records' order.
    private func flush() {
        let width = series.count
        let count = pendingRecords.count
        guard count > 0 else { return }
        let absent = Self.absent.bitPattern
        pending.withUnsafeBufferPointer { values in
            series.withUnsafeMutableBufferPointer { accumulators in
                for k in 0..<width {
                    for r in 0..<count {
                        let value = values[r * width + k]
                        if value.bitPattern != absent { accumulators[k].add(value, record: pendingRecords[r]) }
                    }
                }
            }
        }
        pending.removeAll(keepingCapacity: true)
        pendingRecords.removeAll(keepingCapacity: true)
    }

    /// Keeps `list` the `keep` entries best by `better` on TOTAL, ties by identifier (as bytes).
    static func insert(_ entry: Entry, total: Double, into list: inout [Entry], keep: Int, better: (Double, Double) -> Bool) {
        func before(_ a: Entry, _ at: Double, _ b: Entry, _ bt: Double) -> Bool {
            if at != bt { return better(at, bt) }
            return Array(a.identifier.utf8).lexicographicallyPrecedes(Array(b.identifier.utf8))
        }
        if list.count == keep, let last = list.last, !before(entry, total, last, last.measurement.total ?? 0) { return }
        var index = list.count
        while index > 0, before(entry, total, list[index - 1], list[index - 1].measurement.total ?? 0) { index -= 1 }
        list.insert(entry, at: index)
        if list.count > keep { list.removeLast() }
    }

    func report(schema: String, layout: MeasurementLayout, mandatory: Set<String>) -> GroupReport {
        flush()
        var named: [NamedSeries] = []
        for (k, accumulator) in series.enumerated() {
            let isDimension = k < names.dimensionCount
            guard let summary = accumulator.summary(bins: 20, qqLimit: isDimension ? 500 : nil, box: isDimension) else { continue }
            named.append(NamedSeries(name: names.names[k], isDimension: isDimension, statistics: summary.statistics,
                                     qq: summary.qq, box: summary.box))
        }
        let share = { (count: Int) -> Double in self.records > 0 ? Double(count) / Double(self.records) : 0 }
        let fields = layout.fields.enumerated().map { k, label in
            Frequency(name: label, records: fieldCounts.indices.contains(k) ? fieldCounts[k] : 0,
                      share: share(fieldCounts.indices.contains(k) ? fieldCounts[k] : 0), mandatory: mandatory.contains(label))
        }.sorted { ($0.share, $1.name) > ($1.share, $0.name) }
        let missing = fields.filter { $0.mandatory && $0.records < records }.sorted { ($0.share, $0.name) < ($1.share, $1.name) }
        let problems = layout.problems.enumerated().map { k, name in
            Frequency(name: name, records: problemCounts.indices.contains(k) ? problemCounts[k] : 0,
                      share: share(problemCounts.indices.contains(k) ? problemCounts[k] : 0))
        }
        var multilinguality: [Frequency] = []
        for (k, scope) in (layout.scopes + ["record"]).enumerated() {
            let count = scopeCounts.indices.contains(k) ? scopeCounts[k] : 0
            multilinguality.append(Frequency(name: "tagged literals in " + scope, records: count, share: share(count)))
        }
        for (k, field) in layout.multilingualFields.enumerated() {
            let count = multilingualFieldCounts.indices.contains(k) ? multilingualFieldCounts[k] : 0
            multilinguality.append(Frequency(name: "tagged literals in " + field, records: count, share: share(count)))
        }
        let page = { (e: Entry) in RankedRecord(identifier: e.identifier, recordId: e.recordId, total: e.measurement.total ?? 0,
                                                page: "records/" + SafeFileName.make(e.identifier) + ".html") }
        return GroupReport(kind: kind, name: name, fileName: SafeFileName.make(name), schema: schema, records: records,
                           series: named, fields: fields, missingMandatory: missing, problems: problems,
                           multilinguality: multilinguality, best: best.map(page), worst: worst.map(page))
    }
}
