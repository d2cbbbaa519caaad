/// One search result: a record (by seq) and its cosine to the query.
public struct ScoredNeighbour: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The cosine of its vector and the query's.
    public var score: Float

    public init(seq: Int64, score: Float) {
        self.seq = seq
        self.score = score
    }

    /// Best first: higher score, then lower seq.
    static func ranked(_ a: ScoredNeighbour, _ b: ScoredNeighbour) -> Bool {
        a.score != b.score ? a.score > b.score : a.seq < b.seq
    }
}
