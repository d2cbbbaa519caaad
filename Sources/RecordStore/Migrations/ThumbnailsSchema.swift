/// Thumbnails' perceptual hashes, fetched once per URL and kept.
enum ThumbnailsSchema {
    /// One row per thumbnail URL: its pHash and dHash (NULL while it could not be fetched or decoded) and why not.
    static let tables = """
        CREATE TABLE thumbnail_hashes (
            url TEXT PRIMARY KEY,
            phash INTEGER,
            dhash INTEGER,
            failure TEXT,
            fetched_at REAL NOT NULL
        );
        """
}
