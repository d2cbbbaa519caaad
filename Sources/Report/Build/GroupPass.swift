import Quality
import RecordStore

/// A group's identity: its kind and name, and whether the name stands for a missing value (the records without a
/// data provider: a provider literally named so is another group, with another file).
struct GroupKey: Hashable, Sendable {
    var kind: GroupKind
    var name: String
    var isMissing = false

    /// The file name (without extension) of the group's page and JSON: `SafeFileName.make(name)`, or a fixed name
    /// without a hash for the missing value (no made name can equal it: each ends in 16 hex digits).
    var fileName: String { isMissing ? "no-" + kind.rawValue : SafeFileName.make(name) }
}

/// One read of the measurements in an order that keeps each group's records together: the datasets in set order,
/// the data providers (and with them the whole selection) in provider order, or the whole selection alone in seq
/// order.
struct GroupPass: Sendable {
    /// The order the store is read in.
    let order: MeasurementOrder
    /// The kind of the groups the order keeps together.
    let kind: GroupKind
    /// False when the pass's own groups are not reported (only merged into the whole selection's group).
    let reportsGroups: Bool
    /// True when the groups are merged, in order, into the whole selection's group.
    let mergesIntoStore: Bool
    /// The whole selection's group's name: "store", or "set SPEC" with a selected set.
    let storeName: String

    /// The passes that make the groups of `kinds` (each kind once, in the order datasets, providers, store).
    static func passes(for kinds: [GroupKind], set: String?) -> [GroupPass] {
        let storeName = set.map { "set " + $0 } ?? "store"
        let wantsStore = kinds.contains(.store)
        var passes: [GroupPass] = []
        if kinds.contains(.dataset) {
            passes.append(GroupPass(order: .set, kind: .dataset, reportsGroups: true, mergesIntoStore: false, storeName: storeName))
        }
        if kinds.contains(.provider) {
            passes.append(GroupPass(order: .dataProvider, kind: .provider, reportsGroups: true, mergesIntoStore: wantsStore,
                                    storeName: storeName))
        } else if wantsStore {
            passes.append(GroupPass(order: .seq, kind: .store, reportsGroups: true, mergesIntoStore: false, storeName: storeName))
        }
        return passes
    }

    /// The group of this pass `stored` belongs to (in set order, the set it is visited for).
    func key(of stored: StoredMeasurement) -> GroupKey {
        switch kind {
        case .dataset: GroupKey(kind: .dataset, name: stored.sets.first ?? "")
        case .provider: stored.dataProvider.map { GroupKey(kind: .provider, name: $0) }
            ?? GroupKey(kind: .provider, name: "(no data provider)", isMissing: true)
        case .store: GroupKey(kind: .store, name: storeName)
        }
    }
}

/// Consecutive measurements of one group, as the reader hands them to a lane. A group's chunks all go to one lane,
/// in order; the last has `isLast`.
struct GroupChunk: Sendable {
    /// The group's position in its pass.
    var ordinal: Int
    var key: GroupKey
    var rows: [StoredMeasurement]
    var isLast: Bool
}

/// What the threads of a pass hand back: every lane's reports (with the records each group shows), the count of
/// measurements that could not be decoded, and the reader's error if there was one.
struct BuildOutcome: Sendable {
    var reports: [(GroupReport, [GroupAccumulator.Entry])] = []
    var undecodable = 0
    var failure: (any Error)?
}

/// The whole selection's group, made by merging the groups of a pass in their order (whatever order the lanes finish
/// them in): a group finished early waits until those before it are merged.
struct StoreMerge: @unchecked Sendable {
    // Only used while locked (`Locked<StoreMerge>`); the accumulators handed in are no longer used by their lane.
    private var waiting: [Int: GroupAccumulator] = [:]
    private var next = 0
    private var whole: GroupAccumulator?

    /// Hands over the group at `ordinal` of the pass, merging it and any waiting successors into the whole.
    mutating func add(_ group: GroupAccumulator, ordinal: Int, names: SeriesNames, ranked: Int, storeName: String) {
        waiting[ordinal] = group
        while let ready = waiting.removeValue(forKey: next) {
            let target = whole ?? GroupAccumulator(kind: .store, name: storeName, names: names, ranked: ranked)
            target.merge(ready)
            whole = target
            next += 1
        }
    }

    /// The whole selection's group (nil when no group was handed over).
    func finish() -> GroupAccumulator? { whole }
}
