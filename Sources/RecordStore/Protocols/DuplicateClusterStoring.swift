/// A record store that keeps near-duplicate clusters: for every record in a cluster of two or more, the cluster's
/// canonical record.
public protocol DuplicateClusterStoring: RecordStoring {
    /// The cluster `identifier` belongs to, or nil when it is in none.
    func duplicateCluster(of identifier: String) throws(StoreError) -> DuplicateCluster?
}

/// A cluster of records that describe the same object.
public struct DuplicateCluster: Sendable, Equatable {
    /// The cluster's canonical record (its most complete one).
    public var canonical: String
    /// Every member, the canonical one included, sorted.
    public var members: [String]

    public init(canonical: String, members: [String]) {
        self.canonical = canonical
        self.members = members
    }
}
