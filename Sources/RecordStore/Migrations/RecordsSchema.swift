import GRDB
import ThresherCore

/// The harvest's tables: records with their set memberships and payloads, the deferred datestamp and set
/// indexes, kept counts, harvest checkpoints, set names and run summaries.
enum RecordsSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = [
        StoreMigration("v1-records-and-harvest-state") { db in try db.execute(sql: RecordsSchema.tables) },
        StoreMigration("v2-deferred-datestamp-and-set-indexes") { db in try db.execute(sql: RecordsSchema.deferredIndexes) },
        StoreMigration("v3-record-and-set-counts", readsEveryRecord: true) { db in try db.execute(sql: RecordsSchema.recordCounts) },
        StoreMigration("v4-datestamps-in-utc-seconds") { db in try RecordsSchema.normaliseOtherDatestampForms(db) },
    ]

    /// The first schema: records, memberships, harvest jobs, set names, runs.
    static let tables = """
                CREATE TABLE records (
                    seq INTEGER PRIMARY KEY,
                    identifier TEXT NOT NULL,
                    metadata_prefix TEXT NOT NULL,
                    datestamp TEXT NOT NULL,
                    datestamp_utc TEXT NOT NULL,
                    deleted INTEGER NOT NULL,
                    metadata_xml TEXT,
                    json TEXT,
                    content_hash TEXT NOT NULL,
                    harvested_at REAL NOT NULL,
                    UNIQUE (identifier, metadata_prefix)
                );
                CREATE INDEX records_by_datestamp ON records (metadata_prefix, datestamp_utc);
                CREATE TABLE record_sets (
                    set_spec TEXT NOT NULL,
                    seq INTEGER NOT NULL REFERENCES records (seq) ON DELETE CASCADE,
                    PRIMARY KEY (set_spec, seq)
                ) WITHOUT ROWID;
                CREATE INDEX record_sets_by_record ON record_sets (seq);
                CREATE TABLE harvest_jobs (
                    endpoint TEXT NOT NULL,
                    metadata_prefix TEXT NOT NULL,
                    has_set INTEGER NOT NULL,
                    set_spec TEXT NOT NULL,
                    from_date TEXT NOT NULL,
                    until_date TEXT NOT NULL,
                    status TEXT NOT NULL,
                    checkpoint TEXT NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (endpoint, metadata_prefix, has_set, set_spec, from_date, until_date)
                );
                CREATE TABLE sets (
                    endpoint TEXT NOT NULL,
                    spec TEXT NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (endpoint, spec)
                );
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    started_at REAL NOT NULL,
                    finished_at REAL NOT NULL,
                    endpoint TEXT NOT NULL,
                    metadata_prefix TEXT NOT NULL,
                    summary TEXT NOT NULL
                );
                """

    /// Datestamps sent in other forms (UTC offsets, fractional seconds, a space for `T`) were kept as sent in
    /// `datestamp_utc` before version 4; they become UTC seconds, in the records and in the datestamp index and
    /// tail, so that they compare with new ones. Only the (small) index tables are scanned to find them.
    static func normaliseOtherDatestampForms(_ db: Database) throws {
        let odd = "NOT (length(datestamp_utc) = 20 AND substr(datestamp_utc, 11, 1) = 'T' AND substr(datestamp_utc, 20, 1) = 'Z')"
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, metadata_prefix, datestamp, datestamp_utc FROM records WHERE seq IN (
                SELECT seq FROM datestamp_index WHERE \(odd) UNION SELECT seq FROM datestamp_tail WHERE \(odd))
            """)
        for row in rows {
            let seq: Int64 = row[0], prefix: String = row[1], datestamp: String = row[2], old: String = row[3]
            let utc = UTCDatestamp.sortable(datestamp)
            guard utc != old else { continue }
            try db.execute(sql: "UPDATE records SET datestamp_utc = ? WHERE seq = ?", arguments: [utc, seq])
            try db.execute(sql: "UPDATE datestamp_tail SET datestamp_utc = ? WHERE seq = ?", arguments: [utc, seq])
            try db.execute(sql: """
                UPDATE datestamp_index SET datestamp_utc = ? WHERE metadata_prefix = ? AND datestamp_utc = ? AND seq = ?
                """, arguments: [utc, prefix, old, seq])
        }
    }

    /// Live and deleted records per format and per (set, format), kept up to date by every write, so that
    /// `status`, exports and harvest summaries count without reading the records (whose rows carry the payloads:
    /// counting a set by its records read most of the database file).
    static let recordCounts = """
        CREATE TABLE format_counts (
            metadata_prefix TEXT NOT NULL PRIMARY KEY,
            live INTEGER NOT NULL,
            deleted INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO format_counts SELECT metadata_prefix, SUM(deleted = 0), SUM(deleted != 0) FROM records GROUP BY 1;
        CREATE TABLE set_counts (
            set_spec TEXT NOT NULL,
            metadata_prefix TEXT NOT NULL,
            live INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            PRIMARY KEY (set_spec, metadata_prefix)
        ) WITHOUT ROWID;
        INSERT INTO set_counts SELECT s.set_spec, r.metadata_prefix, SUM(r.deleted = 0), SUM(r.deleted != 0)
            FROM record_sets s JOIN records r ON r.seq = s.seq GROUP BY 1, 2;
        """

    /// Moves the two indexes whose keys arrive in random order (datestamps, set memberships by set) out of the
    /// per-page write: records newer than `index_state.indexed_through` keep their datestamp in `datestamp_tail`
    /// and their memberships only in `record_sets` (now ordered by record), and are merged into
    /// `datestamp_index` and `set_index` in one sorted pass every few thousand records. Records are never deleted,
    /// so `record_sets` no longer declares a foreign key (a parent lookup per membership written).
    static let deferredIndexes = """
        DROP INDEX records_by_datestamp;
        CREATE TABLE datestamp_index (
            metadata_prefix TEXT NOT NULL,
            datestamp_utc TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (metadata_prefix, datestamp_utc, seq)
        ) WITHOUT ROWID;
        INSERT INTO datestamp_index SELECT metadata_prefix, datestamp_utc, seq FROM records ORDER BY 1, 2, 3;
        CREATE TABLE datestamp_tail (
            seq INTEGER PRIMARY KEY,
            metadata_prefix TEXT NOT NULL,
            datestamp_utc TEXT NOT NULL
        );
        CREATE TABLE record_sets_v2 (
            seq INTEGER NOT NULL,
            set_spec TEXT NOT NULL,
            PRIMARY KEY (seq, set_spec)
        ) WITHOUT ROWID;
        INSERT INTO record_sets_v2 SELECT seq, set_spec FROM record_sets ORDER BY seq, set_spec;
        CREATE TABLE set_index (
            set_spec TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (set_spec, seq)
        ) WITHOUT ROWID;
        INSERT INTO set_index SELECT set_spec, seq FROM record_sets ORDER BY set_spec, seq;
        DROP TABLE record_sets;
        ALTER TABLE record_sets_v2 RENAME TO record_sets;
        CREATE TABLE index_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            indexed_through INTEGER NOT NULL
        );
        INSERT INTO index_state VALUES (1, COALESCE((SELECT MAX(seq) FROM records), 0));
        """
}
