import Foundation
import RecordStore

/// Top-k search by cosine over the stored vectors of one model: an exact scan (one BLAS product over every vector)
/// while the model has at most `exactBudget` vectors, the approximate graph (`HNSWIndex`) above it, read from the
/// store, brought up to date with the stored vectors (new and changed ones inserted, gone ones made tombstones, a
/// rebuild once tombstones pass a tenth of the nodes) and stored again.
public final class SimilaritySearch {
    /// The exact scan's budget: 200,000 vectors (293 MiB of 384-d Float32 read into memory, ~30 ms a query on one
    /// core); above it the approximate graph answers.
    public static let defaultExactBudget = 200_000

    /// How a search answers.
    public enum Method: String, Sendable, Equatable {
        case exact
        case approximate
    }

    /// The model whose vectors are searched.
    public let model: String
    /// The vectors' dimension.
    public let dimension: Int
    /// How this search answers.
    public var method: Method { index == nil ? .exact : .approximate }
    /// How many vectors it searches.
    public var count: Int { index?.liveCount ?? matrix?.count ?? 0 }
    private let matrix: VectorMatrix?
    /// The approximate graph, when the search uses one.
    public let index: HNSWIndex?

    private init(model: String, dimension: Int, matrix: VectorMatrix?, index: HNSWIndex?) {
        self.model = model
        self.dimension = dimension
        self.matrix = matrix
        self.index = index
    }

    /// The search over `store`'s vectors of `model`; with more than `exactBudget` of them, over the stored graph
    /// brought up to date (stored again unless `persist` is false). `note` hears what takes long (a graph built).
    public static func open(store: any VectorStoring, model: String, exactBudget: Int = defaultExactBudget,
                            parameters: HNSWParameters = .standard, persist: Bool = true,
                            note: ((String) -> Void)? = nil) throws(VectorError) -> SimilaritySearch {
        let count = try storeCall { () throws(StoreError) in try store.vectorCount(model: model) }
        guard count > 0 else { throw .noVectors(store: store.location, model: model) }
        if count <= exactBudget {
            let matrix = try loadMatrix(store: store, model: model)
            return SimilaritySearch(model: model, dimension: matrix.dimension, matrix: matrix, index: nil)
        }
        let index = try updatedIndex(store: store, model: model, parameters: parameters, persist: persist, note: note)
        return SimilaritySearch(model: model, dimension: index.dimension, matrix: nil, index: index)
    }

    /// The `k` stored vectors nearest `query` (a unit vector) that `accept` lets through, best first.
    public func nearest(_ query: [Float], k: Int, accept: ((Int64) -> Bool)? = nil) -> [ScoredNeighbour] {
        if let index {
            return index.search(query, k: k, accept: accept)
        }
        return matrix?.top(query, k: k, accept: accept) ?? []
    }

    // MARK: - Loading

    /// Every stored vector of `model` in one matrix.
    public static func loadMatrix(store: any VectorStoring, model: String) throws(VectorError) -> VectorMatrix {
        var matrix: VectorMatrix?
        var odd: (seq: Int64, count: Int)?
        try storeCall { () throws(StoreError) in
            try store.forEachVector(model: model) { seq, bytes in
                if matrix == nil { matrix = VectorMatrix(dimension: bytes.count / 4) }
                guard let dimension = matrix?.dimension, bytes.count == dimension * 4 else {
                    if odd == nil { odd = (seq, bytes.count / 4) }
                    return
                }
                matrix?.append(seq: seq, bytes: bytes)
            }
        }
        if let odd, let matrix {
            throw .wrongDimension(expected: matrix.dimension, found: odd.count, place: "\(store.location): the vector of record seq \(odd.seq)")
        }
        guard let matrix else { throw .noVectors(store: store.location, model: model) }
        return matrix
    }

    /// The stored vectors of `model` of these records (those that have one) in one matrix of `dimension` columns.
    static func loadMatrix(store: any VectorStoring, model: String, seqs: [Int64],
                           dimension: Int) throws(VectorError) -> VectorMatrix {
        var matrix = VectorMatrix(dimension: dimension)
        for seq in seqs.sorted() {
            guard let bytes = try storeCall({ () throws(StoreError) in try store.vector(model: model, seq: seq) }),
                  !bytes.isEmpty else { continue }
            guard bytes.count == dimension * 4 else {
                throw .wrongDimension(expected: dimension, found: bytes.count / 4, place: "\(store.location): the vector of record seq \(seq)")
            }
            bytes.withUnsafeBytes { matrix.append(seq: seq, bytes: $0) }
        }
        return matrix
    }

    /// The stored graph of `model` brought up to date with its stored vectors (built anew when there is none, it
    /// was built with other parameters, or too many of its nodes are tombstones), and stored again (unless not
    /// `persist`).
    public static func updatedIndex(store: any VectorStoring, model: String, parameters: HNSWParameters = .standard,
                                    persist: Bool = true, note: ((String) -> Void)? = nil) throws(VectorError) -> HNSWIndex {
        let header = try storeCall { () throws(StoreError) in try store.vectorIndex(model: model) }
        if let header, header.parameters == parameters.stored, header.nodes > 0,
           let index = try restoredIndex(store: store, header: header, parameters: parameters) {
            if !index.needsRebuild {
                let inserted = try insertMissing(store: store, into: index, model: model)
                if persist, inserted > 0 || !index.dirty.isEmpty {
                    let nodes = index.takeStoredNodes(all: false)
                    try storeCall { () throws(StoreError) in
                        try store.storeVectorIndex(index.storedHeader(model: model), nodes: nodes, replacingAll: false)
                    }
                }
                return index
            }
            note?("thresher: rebuilding the vector index of \(model) (\(index.tombstones) of \(index.nodeCount) nodes replaced or gone)")
        }
        let started = Date()
        let matrix = try loadMatrix(store: store, model: model)
        let index = buildIndex(matrix, parameters: parameters)
        note?("thresher: built the vector index of \(model): \(index.nodeCount) vectors in "
              + String(format: "%.1f s", Date().timeIntervalSince(started)))
        if persist { try storeIndex(index, in: store, model: model) }
        return index
    }

    /// A graph of every row of `matrix`, inserted in row order.
    public static func buildIndex(_ matrix: VectorMatrix, parameters: HNSWParameters = .standard) -> HNSWIndex {
        let index = HNSWIndex(dimension: matrix.dimension, parameters: parameters)
        matrix.values.withUnsafeBufferPointer { values in
            for row in 0..<matrix.count {
                index.appendForBuild(seq: matrix.seqs[row],
                                     vector: UnsafeBufferPointer(rebasing: values[(row * matrix.dimension)..<((row + 1) * matrix.dimension)]))
            }
        }
        for node in 0..<index.nodeCount { index.link(node) }
        return index
    }

    /// Stores the whole graph as `model`'s, replacing the one stored.
    public static func storeIndex(_ index: HNSWIndex, in store: any VectorStoring, model: String) throws(VectorError) {
        let nodes = index.takeStoredNodes(all: true)
        try storeCall { () throws(StoreError) in
            try store.storeVectorIndex(index.storedHeader(model: model), nodes: nodes, replacingAll: true)
        }
    }

    /// The stored graph with its live nodes' vectors, or nil when its dimension is not the vectors'.
    private static func restoredIndex(store: any VectorStoring, header: StoredVectorIndex,
                                      parameters: HNSWParameters) throws(VectorError) -> HNSWIndex? {
        let index = HNSWIndex(dimension: header.dimension, parameters: parameters)
        var failure: VectorError?
        try storeCall { () throws(StoreError) in
            try store.forEachVectorIndexNode(model: header.model) { node in
                guard failure == nil else { return }
                do throws(VectorError) {
                    try index.restore(node, model: header.model, nodes: header.nodes)
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
        guard index.nodeCount == header.nodes else {
            throw .corruptIndex(model: header.model, reason: "\(index.nodeCount) nodes stored where the header says \(header.nodes)")
        }
        try index.restoreEntry(header.entry, topLevel: header.topLevel, model: header.model)
        return index
    }

    /// Fills the restored graph's live vectors from the store, makes live nodes without a stored vector tombstones,
    /// and inserts the stored vectors the graph lacks; how many were inserted.
    private static func insertMissing(store: any VectorStoring, into index: HNSWIndex, model: String) throws(VectorError) -> Int {
        var filled = Set<Int64>()
        var missing = VectorMatrix(dimension: index.dimension)
        var odd: (seq: Int64, count: Int)?
        try storeCall { () throws(StoreError) in
            try store.forEachVector(model: model) { seq, bytes in
                guard bytes.count == index.dimension * 4 else {
                    if odd == nil { odd = (seq, bytes.count / 4) }
                    return
                }
                if let node = index.nodeBySeq[seq] {
                    index.fill(node: Int(node), from: bytes)
                    filled.insert(seq)
                } else {
                    missing.append(seq: seq, bytes: bytes)
                }
            }
        }
        if let odd {
            throw .wrongDimension(expected: index.dimension, found: odd.count, place: "\(store.location): the vector of record seq \(odd.seq)")
        }
        for seq in index.nodeBySeq.keys where !filled.contains(seq) { index.remove(seq: seq) }
        missing.values.withUnsafeBufferPointer { values in
            for row in 0..<missing.count {
                index.insert(seq: missing.seqs[row],
                             vector: UnsafeBufferPointer(rebasing: values[(row * missing.dimension)..<((row + 1) * missing.dimension)]))
            }
        }
        return missing.count
    }
}

/// Runs a store call, its error as a `VectorError`.
@discardableResult
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(VectorError) -> T {
    do {
        return try body()
    } catch {
        throw .store(error)
    }
}
