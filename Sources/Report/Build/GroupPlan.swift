/// A group's identity: its kind and name.
struct GroupKey: Hashable, Sendable {
    var kind: GroupKind
    var name: String
}

/// One record's measurement as the lanes receive it: the entry a group keeps for its best and worst, the sets it
/// belongs to, and its numeric series in the order of `SeriesNames`.
struct DecodedMeasurement: Sendable {
    var entry: GroupAccumulator.Entry
    var sets: [String]
    var values: [Double?]
}

/// What the threads of a build hand back: every lane's reports (with the records each group shows), the count of
/// measurements that could not be decoded, and the reader's error if there was one.
struct BuildOutcome: Sendable {
    var reports: [(GroupReport, [GroupAccumulator.Entry])] = []
    var undecodable = 0
    var failure: (any Error)?
}

/// Which groups a record belongs to, and which lane accumulates each group. A group goes to the lane with fewer
/// records added so far when it is first seen; every lane runs the same plan over the same records in the same
/// order, so all lanes agree without talking to each other.
struct GroupPlan: Sendable {
    let kinds: [GroupKind]
    /// The selected set (only it counts as a dataset; the store group is named after it).
    let set: String?
    private var lanes: [GroupKey: Int] = [:]
    private var work: [Int]

    /// A plan for the groups of `kinds` over `ReportBuilder.laneCount` lanes.
    init(kinds: [GroupKind], set: String?) {
        self.kinds = kinds
        self.set = set
        work = Array(repeating: 0, count: ReportBuilder.laneCount)
    }

    /// Calls `body` with each group of `record` that `lane` accumulates: its datasets, its data provider, the store.
    mutating func forEachGroup(of record: DecodedMeasurement, lane: Int, _ body: (GroupKey) -> Void) {
        if kinds.contains(.dataset) {
            for name in record.sets where set == nil || name == set {
                visit(GroupKey(kind: .dataset, name: name), lane: lane, body)
            }
        }
        if kinds.contains(.provider) {
            visit(GroupKey(kind: .provider, name: record.entry.dataProvider ?? "(no data provider)"), lane: lane, body)
        }
        if kinds.contains(.store) {
            visit(GroupKey(kind: .store, name: set.map { "set " + $0 } ?? "store"), lane: lane, body)
        }
    }

    private mutating func visit(_ key: GroupKey, lane: Int, _ body: (GroupKey) -> Void) {
        let owner: Int
        if let known = lanes[key] {
            owner = known
        } else {
            owner = work.indices.min { work[$0] < work[$1] } ?? 0
            lanes[key] = owner
        }
        work[owner] += 1
        if owner == lane { body(key) }
    }
}
