import Embedding
import Quality
import RecordStore

/// "More like this" and semantic search over a store: the records nearest a stored record's vector (its duplicate
/// cluster excluded: they are the same object, not similar ones) or a free-text query's, with title and dataset.
public struct SimilarRecords {
    /// The store searched.
    public let store: any VectorStoring & DuplicateClusterStoring
    /// The exact scan's budget (`SimilaritySearch.defaultExactBudget`).
    public var exactBudget: Int
    /// The approximate graph's parameters.
    public var parameters: HNSWParameters
    /// Whether an updated graph is stored again (false for a store opened read-only).
    public var persist: Bool
    /// Hears what takes long (a graph built).
    public var note: ((String) -> Void)?

    public init(store: any VectorStoring & DuplicateClusterStoring, exactBudget: Int = SimilaritySearch.defaultExactBudget,
                parameters: HNSWParameters = .standard, persist: Bool = true, note: ((String) -> Void)? = nil) {
        self.store = store
        self.exactBudget = exactBudget
        self.parameters = parameters
        self.persist = persist
        self.note = note
    }

    /// What to find records similar to.
    public enum Query {
        /// A stored record, by its identifier as harvested or in the CSV's recordId form (without
        /// `http://data.europeana.eu/item/`); searched with the model most of the store's vectors have.
        case record(String)
        /// A free text, embedded with this embedder (whose model's vectors are searched).
        case text(String, any TextEmbedder)
    }

    /// The `k` records most similar to the query (at least `minScore`, of `set` when given), best first.
    public func similar(to query: Query, k: Int, minScore: Float? = nil, set: String? = nil) throws(VectorError) -> [SimilarHit] {
        let model: String
        let vector: [Float]
        var excluded = Set<Int64>()
        switch query {
        case .record(let given):
            let (seq, identifier) = try record(given)
            guard let first = try storeCall({ () throws(StoreError) in try store.vectorModels() }).first else {
                throw .noVectors(store: store.location, model: nil)
            }
            model = first
            guard let bytes = try storeCall({ () throws(StoreError) in try store.vector(model: model, seq: seq) }) else {
                throw .noVector(identifier: identifier, store: store.location)
            }
            guard !bytes.isEmpty else { throw .noText(identifier: identifier, store: store.location) }
            vector = VectorMath.floats(bytes)
            excluded.insert(seq)
            if let cluster = try storeCall({ () throws(StoreError) in try store.duplicateCluster(of: identifier) }) {
                excluded.formUnion(try storeCall { () throws(StoreError) in try store.liveRecordSeqs(identifiers: cluster.members) })
            }
        case .text(let text, let embedder):
            guard !text.allSatisfy({ $0.isWhitespace }) else { throw .emptyText }
            model = embedder.modelName
            let embedded: [[Float]]
            do {
                embedded = try embedder.embed([text])
            } catch {
                throw .embedder("\(error)")
            }
            guard let first = embedded.first, first.count == embedder.dimension else {
                throw .embedder("the model returned no vector of \(embedder.dimension) components for the query")
            }
            vector = first
        }
        var allowed: Set<Int64>?
        if let set {
            allowed = Set(try storeCall { () throws(StoreError) in try store.recordSeqs(set: set) })
        }
        let accept: (Int64) -> Bool = { seq in !excluded.contains(seq) && (allowed?.contains(seq) ?? true) }
        let found: [ScoredNeighbour]
        if let allowed, allowed.count <= exactBudget {
            // A set small enough for the budget is scanned exactly, whatever the store's size.
            let matrix = try SimilaritySearch.loadMatrix(store: store, model: model, seqs: Array(allowed), dimension: vector.count)
            if matrix.count == 0, try storeCall({ () throws(StoreError) in try store.vectorCount(model: model) }) == 0 {
                throw .noVectors(store: store.location, model: model)
            }
            found = matrix.top(vector, k: k, accept: accept)
        } else {
            let search = try SimilaritySearch.open(store: store, model: model, exactBudget: exactBudget, parameters: parameters,
                                                   persist: persist, note: note)
            guard search.dimension == vector.count else {
                throw .wrongDimension(expected: search.dimension, found: vector.count, place: "the query")
            }
            found = search.nearest(vector, k: k, accept: accept)
        }
        let kept = found.filter { minScore == nil || $0.score >= minScore ?? 0 }.prefix(k)
        let details = try storeCall { () throws(StoreError) in try store.recordDetails(seqs: kept.map(\.seq)) }
        return kept.compactMap { hit in
            guard let detail = details[hit.seq] else { return nil }
            let title = detail.view.flatMap(CleansedRecord.decoded)?.first("title")
            return SimilarHit(id: detail.identifier, score: hit.score, title: title, dataset: detail.firstSet)
        }
    }

    /// The live record `given` names (as harvested, or in the recordId form): its seq and identifier.
    private func record(_ given: String) throws(VectorError) -> (Int64, String) {
        var candidates = [given]
        if !given.hasPrefix(RecordIdentity.itemPrefix) {
            candidates.append(RecordIdentity.itemPrefix + (given.hasPrefix("/") ? String(given.dropFirst()) : given))
        }
        for identifier in candidates {
            if let seq = try storeCall({ () throws(StoreError) in try store.liveRecordSeq(identifier: identifier) }) {
                return (seq, identifier)
            }
        }
        throw .unknownRecord(identifier: given, store: store.location)
    }
}
