import ThresherCore

/// A live record's JSON as UTF-8 bytes, with what a measurement needs to know of it.
public struct RecordJSON: Sendable, Equatable {
    /// The store's sequence number.
    public var seq: Int64
    /// The OAI-PMH header identifier.
    public var identifier: String
    /// Every set the record was seen in, sorted.
    public var sets: [String]
    /// The XXH64 hash of the record's content, as stored (what a measurement was computed from).
    public var contentHash: String
    /// The JSON record, empty when its conversion failed at harvest time (then `xml` may be converted again).
    public var json: [UInt8]
    /// The metadata XML, when asked for.
    public var xml: [UInt8]?

    public init(seq: Int64, identifier: String, sets: [String], contentHash: String, json: [UInt8], xml: [UInt8]? = nil) {
        self.seq = seq
        self.identifier = identifier
        self.sets = sets
        self.contentHash = contentHash
        self.json = json
        self.xml = xml
    }
}

/// A store's live records as batches of JSON, in seq order, shared by several reader threads: each `next()` call
/// claims the following batch under a lock (reading only seqs) and then reads its payloads without holding it,
/// so readers fetch in parallel.
public final class RecordJSONBatches: Sendable {
    private struct Cursor: Sendable {
        var after: Int64?
        var done = false
    }
    private let cursor = Locked(Cursor())
    private let claim: @Sendable (_ after: Int64?, _ limit: Int) throws(StoreError) -> [Int64]
    private let fetch: @Sendable (_ seqs: [Int64]) throws(StoreError) -> [RecordJSON]
    /// Records per batch.
    public let batchSize: Int

    /// Batches of `batchSize` from `claim` (the next seqs after a seq) and `fetch` (their records).
    public init(batchSize: Int,
                claim: @escaping @Sendable (_ after: Int64?, _ limit: Int) throws(StoreError) -> [Int64],
                fetch: @escaping @Sendable (_ seqs: [Int64]) throws(StoreError) -> [RecordJSON]) {
        self.batchSize = max(1, batchSize)
        self.claim = claim
        self.fetch = fetch
    }

    /// The next batch (never empty), or nil when every record was handed out.
    public func next() throws(StoreError) -> [RecordJSON]? {
        let claimed: Result<[Int64], StoreError> = cursor.withLock { state in
            if state.done { return .success([]) }
            do {
                let seqs = try claim(state.after, batchSize)
                if let last = seqs.last { state.after = last }
                if seqs.count < batchSize { state.done = true }
                return .success(seqs)
            } catch let error as StoreError {
                state.done = true
                return .failure(error)
            } catch {
                state.done = true
                return .failure(.sqlite(path: "", operation: "reading records", message: "\(error)"))
            }
        }
        let seqs = try claimed.get()
        guard !seqs.isEmpty else { return nil }
        return try fetch(seqs)
    }
}
