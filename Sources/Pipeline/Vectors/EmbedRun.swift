import Embedding
import Foundation
import RecordStore
import ThresherCore

/// The `embed` stage: one vector per live record with an accepted cleansed view, computed from its text
/// (`EmbedText`) with a `TextEmbedder`, in batches on several threads, stored with the key of the view and fields it
/// was computed from so that a later run embeds only new or changed records; vectors of deleted or gone records
/// are dropped; above the exact scan's budget the approximate graph is brought up to date at the end.
public struct EmbedRun {
    /// The stage's name in the store's pipeline runs.
    public static let stage = "embed"

    /// The model.
    public let embedder: any TextEmbedder
    /// The cleansed view's fields embedded, in order.
    public var fields: [String]
    /// Texts per call of the embedder (one matrix product each).
    public var batchSize: Int
    /// Threads embedding batches.
    public var jobs: Int
    /// The exact scan's budget: above it the run updates the approximate graph.
    public var exactBudget: Int
    /// The approximate graph's parameters.
    public var parameters: HNSWParameters
    /// Counts embedded records (total: those to embed), with rate and ETA.
    public var progress: ProgressReporter?
    /// Hears what else takes long (a graph built).
    public var note: ((String) -> Void)?

    public init(embedder: any TextEmbedder, fields: [String] = EmbedText.defaultFields, batchSize: Int = 64, jobs: Int = 1,
                exactBudget: Int = SimilaritySearch.defaultExactBudget, parameters: HNSWParameters = .standard,
                progress: ProgressReporter? = nil, note: ((String) -> Void)? = nil) {
        self.embedder = embedder
        self.fields = fields
        self.batchSize = max(1, batchSize)
        self.jobs = max(1, jobs)
        self.exactBudget = exactBudget
        self.parameters = parameters
        self.progress = progress
        self.note = note
    }

    /// The key of the run's parameters stored with every vector: a vector computed from other fields is redone.
    var parametersKey: String { XXH64.hex("fields=" + fields.joined(separator: ",")) }

    /// Embeds the store's new and changed records, drops stale vectors, updates the graph when the store is above
    /// the exact budget, and records the run. The views are read as they are: run cleanse's incremental step first
    /// (`CleanseRun.needsRun`) so that every live record has a current one.
    public func run(store: any VectorStoring) throws(VectorError) -> EmbedSummary {
        let model = embedder.modelName
        let key = parametersKey
        let counts = try storeCall { () throws(StoreError) in try store.countViewsNeedingVectors(model: model, parametersKey: key) }
        progress?.setTotal(counts.needing)
        var embedded = 0, withoutText = 0
        var after: Int64?
        let chunk = batchSize * jobs * 4
        while true {
            let (views, through) = try storeCall { () throws(StoreError) in
                try store.viewsNeedingVectors(model: model, parametersKey: key, after: after, limit: chunk)
            }
            guard let through else { break }
            after = through
            guard !views.isEmpty else { continue }
            let texts = views.map { view in CleansedRecord.decoded(view.view).map { EmbedText.text(of: $0, fields: fields) } ?? "" }
            let vectors = try embed(texts)
            var inputs: [VectorInput] = []
            inputs.reserveCapacity(views.count)
            for (offset, view) in views.enumerated() {
                let vector = vectors[offset]
                if vector.isEmpty { withoutText += 1 }
                inputs.append(VectorInput(seq: view.seq, identifier: view.identifier, key: view.key, bytes: VectorMath.bytes(vector)))
            }
            try storeCall { () throws(StoreError) in try store.storeVectors(inputs, model: model) }
            embedded += views.count
            progress?.advance(by: views.count)
        }
        let dropped = try storeCall { () throws(StoreError) in try store.dropStaleVectors(model: model) }
        let count = try storeCall { () throws(StoreError) in try store.vectorCount(model: model) }
        var method = SimilaritySearch.Method.exact
        if count > exactBudget {
            method = .approximate
            _ = try SimilaritySearch.updatedIndex(store: store, model: model, parameters: parameters, persist: true, note: note)
        }
        try storeCall { () throws(StoreError) in
            try store.recordPipelineRun(stage: Self.stage, parameters: "model=\(model) fields=\(fields.joined(separator: ","))")
        }
        return EmbedSummary(embedded: embedded, withoutText: withoutText, unchanged: counts.total - counts.needing,
                            dropped: dropped, method: method, vectors: count)
    }

    /// The vectors of `texts` (an empty one for an empty text), batches embedded on `jobs` threads.
    func embed(_ texts: [String]) throws(VectorError) -> [[Float]] {
        let nonEmpty = texts.indices.filter { !texts[$0].isEmpty }
        let batches = Swift.stride(from: 0, to: nonEmpty.count, by: batchSize).map { Array(nonEmpty[$0..<min($0 + batchSize, nonEmpty.count)]) }
        let results = Locked([[[Float]]?](repeating: nil, count: batches.count))
        let embedder = self.embedder
        do {
            try Parallel.forEach(batches.count, threads: jobs) { batch in
                let vectors = try embedder.embed(batches[batch].map { texts[$0] })
                results.withLock { $0[batch] = vectors }
            }
        } catch {
            // The first batch that failed (by position, whatever the threads' timing).
            throw .embedder("\(error)")
        }
        var vectors = [[Float]](repeating: [], count: texts.count)
        let done = results.withLock { $0 }
        for (number, batch) in batches.enumerated() {
            guard let embedded = done[number], embedded.count == batch.count else {
                throw .embedder("the model returned \(done[number]?.count ?? 0) vectors for \(batch.count) texts")
            }
            for (offset, index) in batch.enumerated() {
                guard embedded[offset].count == embedder.dimension else {
                    throw .wrongDimension(expected: embedder.dimension, found: embedded[offset].count,
                                          place: "the vector of \(texts[index].prefix(40))")
                }
                vectors[index] = embedded[offset]
            }
        }
        return vectors
    }
}
