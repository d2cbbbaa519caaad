/// A duplicate-cluster store that dedup can read in bulk: its views a page at a time with the entries stored for
/// them, the views of chosen records, and the identifiers and TOTALs of a cluster's members in one call each.
public protocol DedupScanning: DuplicateClusterStoring, CleansedViewStoring, MeasurementStoring {
    /// The live cleansed views after `after` (nil: from the first), at most `limit`, in seq order (a rejected one, or
    /// one without a view, with no bytes), and the dedup entries stored for seqs after `after` through the last of
    /// those views (through the last entry when there is no view).
    func dedupScanPage(after: Int64?, limit: Int) throws(StoreError) -> DedupScanPage

    /// The bytes of these seqs' accepted views (those that have one), in seq order.
    func acceptedViewBytes(seqs: [Int64]) throws(StoreError) -> [(seq: Int64, view: [UInt8])]

    /// The identifiers of these seqs' dedup entries and, for those with a measurement with `schema` made with a
    /// schema of `schemaHash` from the record's current content, its TOTAL (nil inside: no TOTAL).
    func dedupMembers(seqs: [Int64], schema: String,
                      schemaHash: String) throws(StoreError) -> (identifiers: [Int64: String], totals: [Int64: Double?])
}

/// A page of live cleansed views as dedup reads them, and the dedup entries stored for them.
public struct DedupScanPage: Sendable {
    /// The views, in seq order.
    public var views: [DedupScanView]
    /// The stored entries in the page's seq range, in seq order.
    public var stored: [DedupEntry]

    public init(views: [DedupScanView], stored: [DedupEntry]) {
        self.views = views
        self.stored = stored
    }
}

/// One live cleansed view as dedup reads it.
public struct DedupScanView: Sendable, Equatable {
    /// The record's seq and OAI identifier.
    public var seq: Int64
    public var identifier: String
    /// The view's bytes; nil when the record was rejected or has no view.
    public var view: [UInt8]?

    public init(seq: Int64, identifier: String, view: [UInt8]?) {
        self.seq = seq
        self.identifier = identifier
        self.view = view
    }
}
