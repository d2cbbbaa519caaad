/// What an embedding run did.
public struct EmbedSummary: Sendable, Equatable {
    /// Records whose vector was computed (new or changed since their vector).
    public var embedded: Int
    /// Of those, records without text in the chosen fields (stored without a vector, never found).
    public var withoutText: Int
    /// Records whose vector was up to date.
    public var unchanged: Int
    /// Vectors dropped because their record was deleted, is gone, or its cleansed view rejected.
    public var dropped: Int
    /// How the store is searched after the run, and how many vectors it has.
    public var method: SimilaritySearch.Method
    public var vectors: Int

    public init(embedded: Int, withoutText: Int, unchanged: Int, dropped: Int, method: SimilaritySearch.Method, vectors: Int) {
        self.embedded = embedded
        self.withoutText = withoutText
        self.unchanged = unchanged
        self.dropped = dropped
        self.method = method
        self.vectors = vectors
    }

    /// True when the run had nothing to do.
    public var didNothing: Bool { embedded == 0 && dropped == 0 }

    /// One line for the user: `embedded 120 record(s) (3 without text), 880 unchanged, dropped 2; 1,000 vectors,
    /// exact search`, or `nothing to embed: 1,000 record(s) unchanged since the last run`.
    public var line: String {
        if didNothing {
            return "nothing to embed: \(unchanged) record(s) unchanged since the last run; \(vectors) vector(s), \(method.rawValue) search"
        }
        return "embedded \(embedded) record(s)" + (withoutText > 0 ? " (\(withoutText) without text)" : "")
            + ", \(unchanged) unchanged, dropped \(dropped); \(vectors) vector(s), \(method.rawValue) search"
    }
}
