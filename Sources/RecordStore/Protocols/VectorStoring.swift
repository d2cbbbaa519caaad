/// A record store that keeps embeddings: one vector per live record and model (computed from the record's cleansed
/// view, kept with the key of what it was computed from so that a later run redoes only what changed), and the
/// approximate-search graph over them, so that one file holds both.
public protocol VectorStoring: CleansedViewStoring {
    /// Among the live, accepted cleansed views after seq `after` (at most `limit` of them looked at), those whose
    /// vector of `model` is missing or was computed from another key than `key(view)` (the view's content hash, its
    /// mapping hash and `parametersKey`), in seq order; the last seq looked at (nil when no view follows `after`).
    func viewsNeedingVectors(model: String, parametersKey: String, after: Int64?,
                             limit: Int) throws(StoreError) -> (views: [ViewToEmbed], through: Int64?)

    /// How many live, accepted cleansed views there are, and how many of them need a vector of `model`.
    func countViewsNeedingVectors(model: String, parametersKey: String) throws(StoreError) -> (needing: Int, total: Int)

    /// Stores vectors of `model` (replacing earlier ones of the same records) in one transaction; a replaced vector
    /// that a graph node uses becomes that node's own (the node a tombstone).
    func storeVectors(_ vectors: [VectorInput], model: String) throws(StoreError)

    /// Drops the vectors of `model` whose record is deleted or gone, or whose cleansed view is gone or rejected
    /// (their graph nodes become tombstones); how many.
    @discardableResult
    func dropStaleVectors(model: String) throws(StoreError) -> Int

    /// The models that have vectors, by number of vectors (most first).
    func vectorModels() throws(StoreError) -> [String]

    /// How many non-empty vectors `model` has.
    func vectorCount(model: String) throws(StoreError) -> Int

    /// Hands every non-empty vector of `model` to `body` (seq and the little-endian Float32 bytes), in seq order.
    func forEachVector(model: String, _ body: (Int64, UnsafeRawBufferPointer) -> Void) throws(StoreError)

    /// The live record `identifier` (its seq), or nil when the store has none.
    func liveRecordSeq(identifier: String) throws(StoreError) -> Int64?

    /// The stored vector of `model` of the record at `seq` (empty when it had no text), or nil when it has none.
    func vector(model: String, seq: Int64) throws(StoreError) -> [UInt8]?

    /// The seqs of the live records with these identifiers (those the store has).
    func liveRecordSeqs(identifiers: [String]) throws(StoreError) -> [Int64]

    /// The seqs of the records of `set`.
    func recordSeqs(set: String) throws(StoreError) -> [Int64]

    /// For each of these seqs: the record's identifier, its cleansed view (encoded, when it has one) and its first
    /// set (in set order).
    func recordDetails(seqs: [Int64]) throws(StoreError) -> [Int64: RecordDetail]

    /// The stored graph of `model`, or nil.
    func vectorIndex(model: String) throws(StoreError) -> StoredVectorIndex?

    /// Hands every node of `model`'s graph to `body`, in node order.
    func forEachVectorIndexNode(model: String, _ body: (StoredVectorIndexNode) -> Void) throws(StoreError)

    /// Stores a graph's header and these nodes (replacing the nodes of the same numbers) in one transaction; with
    /// `replacingAll` the graph's earlier nodes are dropped first.
    func storeVectorIndex(_ index: StoredVectorIndex, nodes: [StoredVectorIndexNode],
                          replacingAll: Bool) throws(StoreError)
}

/// A cleansed view that needs a vector.
public struct ViewToEmbed: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's OAI identifier.
    public var identifier: String
    /// The key the vector will be stored with (the view's content and mapping hashes and the parameters key).
    public var key: String
    /// The view, as the pipeline encoded it.
    public var view: [UInt8]

    public init(seq: Int64, identifier: String, key: String, view: [UInt8]) {
        self.seq = seq
        self.identifier = identifier
        self.key = key
        self.view = view
    }
}

/// One record's vector to store.
public struct VectorInput: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's OAI identifier.
    public var identifier: String
    /// The key of what it was computed from (`ViewToEmbed.key`).
    public var key: String
    /// The components, little-endian Float32 (empty: the record had no text to embed).
    public var bytes: [UInt8]

    public init(seq: Int64, identifier: String, key: String, bytes: [UInt8]) {
        self.seq = seq
        self.identifier = identifier
        self.key = key
        self.bytes = bytes
    }
}

/// What a search result shows of a record.
public struct RecordDetail: Sendable, Equatable {
    /// The record's OAI identifier.
    public var identifier: String
    /// Its cleansed view, as the pipeline encoded it.
    public var view: [UInt8]?
    /// Its first set.
    public var firstSet: String?

    public init(identifier: String, view: [UInt8]?, firstSet: String?) {
        self.identifier = identifier
        self.view = view
        self.firstSet = firstSet
    }
}

/// A stored approximate-search graph's header.
public struct StoredVectorIndex: Sendable, Equatable {
    /// The model whose vectors it indexes.
    public var model: String
    /// Its construction parameters, as the pipeline describes them.
    public var parameters: String
    /// The vectors' dimension.
    public var dimension: Int
    /// The node searches start from.
    public var entry: Int
    /// The graph's top level.
    public var topLevel: Int
    /// How many nodes it has, tombstones included.
    public var nodes: Int
    /// How many of them are tombstones.
    public var tombstones: Int

    public init(model: String, parameters: String, dimension: Int, entry: Int, topLevel: Int, nodes: Int, tombstones: Int) {
        self.model = model
        self.parameters = parameters
        self.dimension = dimension
        self.entry = entry
        self.topLevel = topLevel
        self.nodes = nodes
        self.tombstones = tombstones
    }
}

/// One stored graph node.
public struct StoredVectorIndexNode: Sendable, Equatable {
    /// The node's number.
    public var node: Int
    /// The seq of the record whose vector it is.
    public var seq: Int64
    /// The node's top level.
    public var level: Int
    /// True for a tombstone (its record's vector was replaced or dropped).
    public var deleted: Bool
    /// Its links, encoded (for each level 0…level: a UInt32 count and the node numbers, little-endian).
    public var links: [UInt8]
    /// A tombstone's own vector (little-endian Float32); nil for a live node, whose vector is its record's.
    public var vector: [UInt8]?

    public init(node: Int, seq: Int64, level: Int, deleted: Bool, links: [UInt8], vector: [UInt8]?) {
        self.node = node
        self.seq = seq
        self.level = level
        self.deleted = deleted
        self.links = links
        self.vector = vector
    }
}
