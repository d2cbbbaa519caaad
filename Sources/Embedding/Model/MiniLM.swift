import COpenBLAS
import ThresherCore

/// all-MiniLM-L6-v2 run natively: the WordPiece tokenizer, the 6-layer encoder on OpenBLAS, mean pooling and L2
/// normalisation; 384-dimensional vectors whose dot product is the cosine of two texts.
public final class MiniLM: TextEmbedder {
    public let modelName = "all-MiniLM-L6-v2"
    public let dimension = MiniLMWeights.hidden
    /// The tokenizer, read from the model's `vocab.txt`.
    public let tokenizer: WordPieceTokenizer
    /// Worker threads `embed` uses (each runs its own batches, OpenBLAS on one thread), or 1 (OpenBLAS threads).
    public let jobs: Int
    /// Tokens (rows) per encoder batch: texts are packed into one matrix up to this many tokens.
    public let batchTokens: Int
    private let encoder: MiniLMEncoder

    /// Loads the model from `location` (`make models` puts it in the default place). With `jobs` > 1, `embed` runs
    /// that many threads of its own and OpenBLAS runs single-threaded inside each; with 1, OpenBLAS keeps its own
    /// threads (see `setBLASThreads`).
    public init(location: ModelLocation = .resolve(), jobs: Int = 1, batchTokens: Int = 2048) throws(EmbeddingError) {
        try location.check()
        tokenizer = try WordPieceTokenizer(vocabularyPath: location.vocabulary)
        guard tokenizer.vocabularySize <= MiniLMWeights.vocabulary else {
            throw .badVocabulary(path: location.vocabulary,
                                 reason: "\(tokenizer.vocabularySize) tokens, the model has \(MiniLMWeights.vocabulary) embeddings")
        }
        encoder = MiniLMEncoder(weights: try MiniLMWeights(SafeTensors(path: location.weights)))
        self.jobs = max(1, jobs)
        self.batchTokens = max(WordPieceTokenizer.defaultMaxTokens, batchTokens)
        if self.jobs > 1 { Self.setBLASThreads(1) }
    }

    /// Sets the number of threads OpenBLAS uses for one product (process-wide).
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// One unit-length vector per text, in order, on `jobs` threads. An empty text is `[CLS] [SEP]`'s vector
    /// (callers decide whether to embed empty texts).
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(texts, jobs: jobs)
    }

    /// One unit-length vector per text, in order, on `jobs` worker threads (OpenBLAS's own thread count is not
    /// changed here: see `setBLASThreads`).
    public func embed(_ texts: [String], jobs: Int) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let h = dimension
        let output = UnsafeMutablePointer<Float>.allocate(capacity: texts.count * h)
        defer { output.deallocate() }
        let address = UInt(bitPattern: output)
        // Chunks of texts, taken by the workers in turn.
        let chunk = max(1, min(64, (texts.count + max(1, jobs) - 1) / max(1, jobs)))
        let next = Locked(0)
        let workers = min(max(1, jobs), (texts.count + chunk - 1) / chunk)
        let tokenizer = self.tokenizer, encoder = self.encoder, batchTokens = self.batchTokens
        Parallel.run(workers) { _ in
            let output = UnsafeMutablePointer<Float>(bitPattern: address).unsafelyUnwrapped
            let workspace = MiniLMEncoder.Workspace()
            while true {
                let start = next.withLock { value in
                    let start = value
                    value += chunk
                    return start
                }
                if start >= texts.count { return }
                let end = min(texts.count, start + chunk)
                var batch: [[Int32]] = []
                var batchStart = start, tokens = 0
                for index in start..<end {
                    let ids = tokenizer.tokenize(texts[index])
                    if tokens + ids.count > batchTokens && !batch.isEmpty {
                        encoder.encode(batch, into: output + batchStart * h, workspace: workspace)
                        batch.removeAll(keepingCapacity: true)
                        batchStart = index
                        tokens = 0
                    }
                    batch.append(ids)
                    tokens += ids.count
                }
                encoder.encode(batch, into: output + batchStart * h, workspace: workspace)
            }
        }
        return (0..<texts.count).map { Array(UnsafeBufferPointer(start: output + $0 * h, count: h)) }
    }
}
