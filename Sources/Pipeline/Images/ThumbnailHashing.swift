/// A record's thumbnail's perceptual hashes (64 bits each; `PerceptualHash` defines them and their bit order).
public struct ImageHashes: Sendable, Equatable, Hashable {
    /// The DCT-based perceptual hash.
    public var phash: UInt64
    /// The difference hash.
    public var dhash: UInt64

    public init(phash: UInt64, dhash: UInt64) {
        self.phash = phash
        self.dhash = dhash
    }
}

/// Gives the perceptual hashes of thumbnails by URL, fetching each URL at most once (results kept in the store).
/// `ThumbnailHasher` is the implementation over HTTP and a `ThumbnailHashStoring` store.
public protocol ThumbnailHashing: Sendable {
    /// The hashes of each URL's image; URLs whose image could not be fetched or decoded are absent. A URL the
    /// store already has hashes or a permanent failure for is not fetched again; one that failed transiently
    /// (a 5xx after retries, a timeout) is. Repeated and empty URLs are ignored. Throws when the store fails.
    func hashes(for urls: [String]) async throws -> [String: ImageHashes]
}
