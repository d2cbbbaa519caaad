/// Cleanse's tables: one cleansed view per live record (keyed by seq, with the content hash and the mapping hash it
/// was derived from, so that a later run redoes only what changed), and the parameters of each stage's last run.
enum CleanseSchema {
    /// `view` holds the cleansed view as the pipeline encodes it (NULL when the record's metadata could not be read);
    /// `rejected` the reasons a record was rejected, joined by "; " (NULL when accepted).
    static let tables = """
        CREATE TABLE cleansed_views (
            seq INTEGER PRIMARY KEY,
            identifier TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            mapping_hash TEXT NOT NULL,
            view BLOB,
            rejected TEXT,
            cleansed_at REAL NOT NULL
        );
        CREATE INDEX cleansed_views_by_identifier ON cleansed_views (identifier);
        CREATE INDEX cleansed_views_rejected ON cleansed_views (seq) WHERE rejected IS NOT NULL;
        CREATE TABLE pipeline_runs (
            stage TEXT PRIMARY KEY,
            parameters TEXT NOT NULL,
            finished_at REAL NOT NULL
        );
        """
}
