/// What a `ThumbnailHasher` call has done so far, handed to its progress callback after every URL.
public struct ThumbnailProgress: Sendable, Equatable {
    /// Distinct URLs asked for.
    public var total = 0
    /// URLs settled so far, from the store or fetched.
    public var done = 0
    /// URLs settled from the store without a request (hashes, or a permanent failure).
    public var cached = 0
    /// URLs fetched and hashed by this call.
    public var hashed = 0
    /// URLs fetched by this call that have no hashes (permanent or transient failures).
    public var failed = 0
    /// HTTP requests sent, retries included.
    public var requests = 0

    public init() {}
}

/// Everything one `ThumbnailHasher` call found.
public struct ThumbnailHashRun: Sendable {
    /// The hashes of every URL that has them (fetched now or kept in the store).
    public var hashes: [String: ImageHashes]
    /// The URLs without hashes: why, and whether a later run fetches them again.
    public var failures: [String: (reason: String, isTransient: Bool)]
    /// The final counts.
    public var progress: ThumbnailProgress
}
