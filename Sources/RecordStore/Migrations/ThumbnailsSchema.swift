/// Thumbnails' perceptual hashes, fetched once per URL and kept.
enum ThumbnailsSchema {
    /// One row per thumbnail URL: its pHash and dHash (64-bit patterns stored as signed integers; NULL when it could
    /// not be fetched or decoded), why not (`failure`), whether that failure may pass (`transient`: fetched again by
    /// a later run; a permanent one never is), how many runs fetched it, and when the last one did.
    static let tables = """
        CREATE TABLE thumbnail_hashes (
            url TEXT PRIMARY KEY,
            phash INTEGER,
            dhash INTEGER,
            failure TEXT,
            transient INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 1,
            fetched_at REAL NOT NULL
        ) WITHOUT ROWID;
        """
}
