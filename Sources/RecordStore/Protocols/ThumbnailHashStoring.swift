/// A record store that keeps thumbnails' perceptual hashes by URL, and why a thumbnail has none, so that each URL
/// is fetched once (a transient failure again on a later run).
public protocol ThumbnailHashStoring: AnyObject, Sendable {
    /// What is kept for each of `urls` that has a row (the others are absent).
    func thumbnailHashes(urls: [String]) throws(StoreError) -> [String: StoredThumbnailHash]
    /// Keeps `results`, replacing what was kept for their URLs (a URL fetched again counts one more attempt).
    func storeThumbnailHashes(_ results: [StoredThumbnailHash]) throws(StoreError)
    /// How many URLs are kept with hashes, with a permanent failure and with a transient one.
    func thumbnailHashCounts() throws(StoreError) -> ThumbnailHashCounts
}

/// One thumbnail URL's outcome: its hashes, or why it has none.
public struct StoredThumbnailHash: Sendable, Equatable {
    /// The URL as the record gives it.
    public var url: String
    /// The DCT perceptual hash, nil on failure.
    public var phash: UInt64?
    /// The difference hash, nil on failure.
    public var dhash: UInt64?
    /// Why the thumbnail has no hashes (one line), nil on success.
    public var failure: String?
    /// True when the failure may pass (a 5xx after retries, a timeout, a dropped connection): fetched again by a later run.
    public var isTransient: Bool
    /// Runs that fetched the URL (1 for the first; kept by the store, ignored when storing).
    public var attempts: Int
    /// When it was last fetched (seconds since 1970).
    public var fetchedAt: Double

    public init(url: String, phash: UInt64?, dhash: UInt64?, failure: String?, isTransient: Bool, attempts: Int = 1, fetchedAt: Double) {
        self.url = url
        self.phash = phash
        self.dhash = dhash
        self.failure = failure
        self.isTransient = isTransient
        self.attempts = attempts
        self.fetchedAt = fetchedAt
    }

    /// True when the URL has hashes.
    public var isHashed: Bool { phash != nil && dhash != nil }
}

/// Kept thumbnail URLs by outcome.
public struct ThumbnailHashCounts: Sendable, Equatable {
    public var hashed: Int
    public var permanentFailures: Int
    public var transientFailures: Int

    public init(hashed: Int, permanentFailures: Int, transientFailures: Int) {
        self.hashed = hashed
        self.permanentFailures = permanentFailures
        self.transientFailures = transientFailures
    }
}
