/// Annotations' table: what users said about records, one row per (guid, user, UTC timestamp), so that loading the
/// same file twice changes nothing.
enum AnnotationsSchema {
    /// `tags` is a JSON array of strings; `guid` the record's identifier as harvested; `timestamp` the UTC form the key
    /// uses, `given_timestamp` the text as given (what is shown and exported).
    static let tables = """
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL,
            user_id TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            given_timestamp TEXT NOT NULL,
            tags TEXT NOT NULL,
            comment TEXT NOT NULL,
            location TEXT,
            stored_at REAL NOT NULL,
            UNIQUE (guid, user_id, timestamp)
        );
        """
}
