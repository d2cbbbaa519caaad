/// Near-duplicate clusters: every record in a cluster of two or more, with its cluster's canonical record; what
/// dedup computed per record (so that unchanged records are not computed again) and the evidence it confirmed.
enum DuplicatesSchema {
    /// `duplicate_members` has one row per record in a cluster of two or more (a record alone has none).
    /// `dedup_records` keeps, per live accepted record, the hash of the cleansed view its keys were computed from,
    /// its exact keys (64-bit hashes of the image URL, of title+creator+date, of title and of creator; NULL when it
    /// has none), its MinHash LSH band keys (NULL when its text takes no part), its image URL and, once looked up,
    /// its thumbnail's perceptual hashes. `duplicate_evidence` holds each confirmed pair and kind (a_seq < b_seq).
    static let tables = """
        CREATE TABLE duplicate_members (
            identifier TEXT PRIMARY KEY,
            canonical TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX duplicate_members_by_canonical ON duplicate_members (canonical);
        CREATE TABLE dedup_records (
            seq INTEGER PRIMARY KEY,
            identifier TEXT NOT NULL,
            view_hash INTEGER NOT NULL,
            image_key INTEGER,
            tcd_key INTEGER,
            title_key INTEGER,
            creator_key INTEGER,
            band_keys BLOB,
            image_url TEXT,
            image_checked INTEGER NOT NULL DEFAULT 0,
            phash INTEGER,
            dhash INTEGER
        );
        CREATE TABLE duplicate_evidence (
            a_seq INTEGER NOT NULL,
            b_seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (a_seq, b_seq, kind)
        ) WITHOUT ROWID;
        CREATE INDEX duplicate_evidence_by_b ON duplicate_evidence (b_seq);
        """
}
