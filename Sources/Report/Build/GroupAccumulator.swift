import Foundation
import Quality
import ThresherCore

/// One group's running statistics.
///
/// The numeric series are fed in runs: a record's values wait in `pending` (up to `runLength` records) and are then
/// added series by series, so that each series' state is touched once per run rather than once per record (a group
/// has some 150 series, and a million records touch them 3 million times). Each series still receives its values in
/// the records' order. Accumulators of parts of a group `merge` into the group's (a data provider's into the whole
/// selection's).
///
/// Used by one thread at a time: a lane while it accumulates, then `StoreMerge` once the lane has handed it over.
final class GroupAccumulator: @unchecked Sendable {
    struct Entry: Sendable {
        var seq: Int64
        var identifier: String
        var dataset: String?
        var dataProvider: String?
        var measurement: RecordMeasurement

        /// The record's id as pages show it (worked out only for the records shown).
        var recordId: String { MeasurementRun.recordId(identifier) }
    }

    let kind: GroupKind
    let name: String
    /// The file name of the group's page and JSON (without extension).
    let fileName: String
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

    /// An empty group; its files are named `fileName`, by default `SafeFileName.make(name)`.
    init(kind: GroupKind, name: String, fileName: String? = nil, names: SeriesNames, ranked: Int) {
        self.kind = kind
        self.name = name
        self.fileName = fileName ?? SafeFileName.make(name)
        self.names = names
        self.ranked = ranked
        series = names.names.map { _ in SeriesAccumulator() }
        fieldCounts = []
        problemCounts = []
        scopeCounts = []
        multilingualFieldCounts = []
    }

    /// Adds a record's figures; `entry` (the record with its whole measurement) is asked for only when the record
    /// joins the best or the worst.
    func add(_ m: MeasurementFigures, identifier: String, entry: () -> Entry?) {
        if records == 0 {
            fieldCounts = Array(repeating: 0, count: m.existence.count)
            problemCounts = Array(repeating: 0, count: m.problems.count)
            scopeCounts = Array(repeating: 0, count: m.scopes.count)
            multilingualFieldCounts = Array(repeating: 0, count: m.multilingualFieldCount)
        }
        records += 1
        let width = series.count
        if pending.isEmpty { pending.reserveCapacity(Self.runLength * width) }
        names.append(m, to: &pending, absent: Self.absent)
        pendingRecords.append(identifier)
        if pendingRecords.count == Self.runLength { flush() }
        // Each count array is reached once per record, not once per element (a class's arrays are checked for
        // exclusive access at every access).
        fieldCounts.withUnsafeMutableBufferPointer { counts in
            for (k, exists) in m.existence.enumerated() where exists && k < counts.count { counts[k] += 1 }
        }
        problemCounts.withUnsafeMutableBufferPointer { counts in
            for (k, count) in m.problems.enumerated() where count > 0 && k < counts.count { counts[k] += 1 }
        }
        // The scopes, then the whole record (last).
        scopeCounts.withUnsafeMutableBufferPointer { counts in
            for (k, scope) in m.scopes.enumerated() where scope.taggedLiterals > 0 && k < counts.count { counts[k] += 1 }
        }
        multilingualFieldCounts.withUnsafeMutableBufferPointer { counts in
            for k in counts.indices where m.fieldHasTaggedValues(k) { counts[k] += 1 }
        }
        guard let total = m.total else { return }
        let joinsBest = Self.joins(total, identifier, best, keep: ranked, better: { a, b in a > b })
        let joinsWorst = Self.joins(total, identifier, worst, keep: ranked, better: { a, b in a < b })
        guard joinsBest || joinsWorst, let entry = entry() else { return }
        if joinsBest { Self.insert(entry, total: total, into: &best, keep: ranked, better: { a, b in a > b }) }
        if joinsWorst { Self.insert(entry, total: total, into: &worst, keep: ranked, better: { a, b in a < b }) }
    }

    /// Adds everything `other` accumulated, as if its records had been added here: exactly the statistics of adding
    /// them while every series stays exact (they do not depend on the order of adding), the t-digest's merge above
    /// the cap. `other` is left as it was.
    func merge(_ other: GroupAccumulator) {
        flush()
        other.flush()
        guard other.records > 0 else { return }
        if records == 0 {
            fieldCounts = other.fieldCounts
            problemCounts = other.problemCounts
            scopeCounts = other.scopeCounts
            multilingualFieldCounts = other.multilingualFieldCounts
        } else {
            Self.addCounts(other.fieldCounts, to: &fieldCounts)
            Self.addCounts(other.problemCounts, to: &problemCounts)
            Self.addCounts(other.scopeCounts, to: &scopeCounts)
            Self.addCounts(other.multilingualFieldCounts, to: &multilingualFieldCounts)
        }
        records += other.records
        for k in series.indices where k < other.series.count {
            series[k].merge(other.series[k])
        }
        for entry in other.best {
            Self.insert(entry, total: entry.measurement.total ?? 0, into: &best, keep: ranked, better: { a, b in a > b })
        }
        for entry in other.worst {
            Self.insert(entry, total: entry.measurement.total ?? 0, into: &worst, keep: ranked, better: { a, b in a < b })
        }
    }

    private static func addCounts(_ counts: [Int], to sums: inout [Int]) {
        if sums.count < counts.count { sums += Array(repeating: 0, count: counts.count - sums.count) }
        for (k, count) in counts.enumerated() { sums[k] += count }
    }

    /// Adds the waiting values, series by series, each series in the records' order.
    func flush() {
        let width = series.count
        let count = pendingRecords.count
        guard count > 0 else { return }
        let absent = Self.absent.bitPattern
        pending.withUnsafeBufferPointer { values in
            pendingRecords.withUnsafeBufferPointer { ids in
                series.withUnsafeMutableBufferPointer { accumulators in
                    for k in 0..<width {
                        for r in 0..<count {
                            let value = values[r * width + k]
                            if value.bitPattern != absent { accumulators[k].add(value, recordOf: { ids[r] }) }
                        }
                    }
                }
            }
        }
        pending.removeAll(keepingCapacity: true)
        pendingRecords.removeAll(keepingCapacity: true)
    }

    /// Keeps `list` the `keep` entries best by `better` on TOTAL, ties by identifier (as bytes).
    static func insert(_ entry: Entry, total: Double, into list: inout [Entry], keep: Int, better: (Double, Double) -> Bool) {
        guard joins(total, entry.identifier, list, keep: keep, better: better) else { return }
        var index = list.count
        while index > 0, precedes(total, entry.identifier, list[index - 1], better: better) { index -= 1 }
        list.insert(entry, at: index)
        if list.count > keep { list.removeLast() }
    }

    /// Whether a record with `total` and `identifier` belongs among the `keep` best of `list` by `better`.
    static func joins(_ total: Double, _ identifier: String, _ list: [Entry], keep: Int, better: (Double, Double) -> Bool) -> Bool {
        guard list.count == keep, let last = list.last else { return keep > 0 }
        return precedes(total, identifier, last, better: better)
    }

    /// Whether (`total`, `identifier`) comes before `entry`: better on TOTAL, ties by identifier (as bytes).
    private static func precedes(_ total: Double, _ identifier: String, _ entry: Entry, better: (Double, Double) -> Bool) -> Bool {
        let other = entry.measurement.total ?? 0
        if total != other { return better(total, other) }
        return identifier.utf8.lexicographicallyPrecedes(entry.identifier.utf8)
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
        return GroupReport(kind: kind, name: name, fileName: fileName, schema: schema, records: records,
                           series: named, fields: fields, missingMandatory: missing, problems: problems,
                           multilinguality: multilinguality, best: best.map(page), worst: worst.map(page))
    }
}
