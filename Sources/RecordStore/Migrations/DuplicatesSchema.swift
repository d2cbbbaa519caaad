/// Near-duplicate clusters: every record in a cluster of two or more, with its cluster's canonical record.
enum DuplicatesSchema {
    /// `duplicate_members` has one row per record in a cluster of two or more (a record alone has none).
    static let tables = """
        CREATE TABLE duplicate_members (
            identifier TEXT PRIMARY KEY,
            canonical TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX duplicate_members_by_canonical ON duplicate_members (canonical);
        """
}
