/// A record store that keeps near-duplicate clusters: for every record in a cluster of two or more, the cluster's
/// canonical record; and what dedup keeps between runs (each record's keys, the evidence it confirmed) so that a
/// later run checks again only the records that changed.
public protocol DuplicateClusterStoring: RecordStoring {
    /// The cluster `identifier` belongs to, or nil when it is in none.
    func duplicateCluster(of identifier: String) throws(StoreError) -> DuplicateCluster?

    /// Every cluster, sorted by canonical identifier (by UTF-8 bytes), members sorted.
    func duplicateClusters() throws(StoreError) -> [DuplicateCluster]

    /// Replaces every stored cluster with `clusters` in one transaction.
    func replaceDuplicateClusters(_ clusters: [DuplicateCluster]) throws(StoreError)

    /// The dedup entries with a seq in `after` (exclusive; nil: from the first) through `through` (inclusive; nil: to
    /// the last), in seq order.
    func dedupEntries(after: Int64?, through: Int64?) throws(StoreError) -> [DedupEntry]

    /// Stores `entries` (replacing those of the same seqs) and removes the entries of `removing` with the evidence
    /// that names them, in one transaction.
    func storeDedupEntries(_ entries: [DedupEntry], removing: [Int64]) throws(StoreError)

    /// A summary of the live accepted cleansed views read from the index (no view is read): their count, seqs, sizes
    /// and cleansing times. It changes whenever a view is added, changed, rejected or removed, or its record deleted.
    func acceptedViewsFingerprint() throws(StoreError) -> String

    /// How many dedup entries are stored.
    func dedupEntryCount() throws(StoreError) -> Int

    /// The identifiers of these seqs' dedup entries (those that have one).
    func dedupIdentifiers(seqs: [Int64]) throws(StoreError) -> [Int64: String]

    /// Every stored piece of evidence of these kinds.
    func duplicateEvidence(kinds: [String]) throws(StoreError) -> [DuplicateEvidence]

    /// Removes the evidence of `kinds` that names one of `touching` (nil: all evidence of `kinds`), then stores
    /// `evidence`, in one transaction.
    func replaceDuplicateEvidence(kinds: [String], touching: [Int64]?, with evidence: [DuplicateEvidence]) throws(StoreError)

    /// The cleansed views of these seqs (those that have one), in seq order.
    func cleansedViewsForDedup(seqs: [Int64]) throws(StoreError) -> [StoredCleansedView]

    /// The TOTAL of the measurements with `schema` made with a schema of `schemaHash` from the records' current content,
    /// by seq (a measurement without TOTAL maps to nil); seqs without such a measurement are absent.
    func currentTotals(seqs: [Int64], schema: String, schemaHash: String) throws(StoreError) -> [Int64: Double?]
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

/// What dedup computed for one record, kept so that an unchanged record is not computed again.
public struct DedupEntry: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's identifier as harvested.
    public var identifier: String
    /// The hash of the cleansed view the keys were computed from.
    public var viewHash: UInt64
    /// The hash of the normalised image URL, of title+creator+date, of the title and of the creator (nil: none).
    public var imageKey: UInt64?
    public var titleCreatorDateKey: UInt64?
    public var titleKey: UInt64?
    public var creatorKey: UInt64?
    /// The MinHash LSH band keys as bytes (nil when the record's text takes no part).
    public var bandKeys: [UInt8]?
    /// The image URL as given (nil: none).
    public var imageURL: String?
    /// True once the thumbnail's hashes were looked up (`phash`/`dhash` stay nil when it had none).
    public var imageChecked: Bool
    public var phash: UInt64?
    public var dhash: UInt64?

    public init(seq: Int64, identifier: String, viewHash: UInt64, imageKey: UInt64?, titleCreatorDateKey: UInt64?,
                titleKey: UInt64?, creatorKey: UInt64?, bandKeys: [UInt8]?, imageURL: String?, imageChecked: Bool = false,
                phash: UInt64? = nil, dhash: UInt64? = nil) {
        self.seq = seq
        self.identifier = identifier
        self.viewHash = viewHash
        self.imageKey = imageKey
        self.titleCreatorDateKey = titleCreatorDateKey
        self.titleKey = titleKey
        self.creatorKey = creatorKey
        self.bandKeys = bandKeys
        self.imageURL = imageURL
        self.imageChecked = imageChecked
        self.phash = phash
        self.dhash = dhash
    }
}

/// One confirmed reason why two records are duplicates.
public struct DuplicateEvidence: Sendable, Equatable, Hashable {
    /// The pair's seqs, `a` < `b`.
    public var a: Int64
    public var b: Int64
    /// What showed it (`image-url`, `title-creator-date`, `minhash`, `phash`, `dhash`).
    public var kind: String
    /// How strong it is (1 for exact keys).
    public var score: Double

    public init(a: Int64, b: Int64, kind: String, score: Double) {
        self.a = min(a, b)
        self.b = max(a, b)
        self.kind = kind
        self.score = score
    }
}
