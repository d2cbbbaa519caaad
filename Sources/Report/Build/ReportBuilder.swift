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
    public func build(query: RecordQuery, kinds: [GroupKind]) throws -> ReportData {
        var groups: [String: GroupAccumulator] = [:]
        let names = SeriesNames(layout: layout)
        func group(_ kind: GroupKind, _ name: String) -> GroupAccumulator {
            let key = kind.rawValue + "\u{0}" + name
            if let found = groups[key] { return found }
            let made = GroupAccumulator(kind: kind, name: name, names: names, ranked: ranked)
            groups[key] = made
            return made
        }
        var live = query
        live.includeDeleted = false
        progress.setTotal(try store.count(live))
        var after: Int64?
        var undecodable = 0
        while true {
            let page = try store.measurements(live, schema: source.schema.name, after: after, limit: 4_096)
            guard let last = page.last else { break }
            for stored in page {
                guard let measurement = MeasurementCodec.decode(stored.result, layout: layout) else {
                    undecodable += 1
                    continue
                }
                let recordId = MeasurementRun.recordId(stored.identifier)
                let values = names.values(of: measurement)
                let entry = GroupAccumulator.Entry(seq: stored.seq, identifier: stored.identifier, recordId: recordId,
                                                   dataset: stored.dataset, dataProvider: stored.dataProvider,
                                                   measurement: measurement)
                if kinds.contains(.dataset) {
                    for set in stored.sets where query.set == nil || set == query.set {
                        group(.dataset, set).add(entry, values)
                    }
                }
                if kinds.contains(.provider) {
                    group(.provider, stored.dataProvider ?? "(no data provider)").add(entry, values)
                }
                if kinds.contains(.store) { group(.store, query.set.map { "set " + $0 } ?? "store").add(entry, values) }
            }
            progress.advance(by: page.count)
            after = last.seq
        }
        if undecodable > 0 {
            progress.note("thresher: \(undecodable) measurement(s) made with another definition of \(source.schema.name) were left out; run measure --all")
        }
        let mandatory = Self.mandatoryFields(source.schema)
        var reports: [GroupReport] = []
        var records: [String: RecordDetail] = [:]
        for accumulator in groups.values.sorted(by: { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }) {
            let report = accumulator.report(schema: source.schema.name, layout: layout, mandatory: mandatory)
            reports.append(report)
            for entry in accumulator.best + accumulator.worst where records[entry.identifier] == nil {
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

/// One group's running statistics.
final class GroupAccumulator {
    struct Entry {
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
        for (k, value) in values.enumerated() {
            if let value { series[k].add(value, record: entry.identifier) }
        }
        for (k, exists) in m.existence.enumerated() where exists { fieldCounts[k] += 1 }
        for (k, count) in m.problems.enumerated() where count > 0 { problemCounts[k] += 1 }
        for (k, scope) in (m.scopes + [m.record]).enumerated() where scope.taggedLiterals > 0 { scopeCounts[k] += 1 }
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
        var named: [NamedSeries] = []
        for (k, accumulator) in series.enumerated() {
            guard let statistics = accumulator.statistics(bins: 20) else { continue }
            let isDimension = k < names.dimensionCount
            named.append(NamedSeries(name: names.names[k], isDimension: isDimension, statistics: statistics,
                                     qq: isDimension ? accumulator.qq(limit: 500) : [],
                                     box: isDimension ? accumulator.boxSummary() : nil))
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
