import GRDB
import GRDBSQLite

// Datestamps and set memberships arrive in no useful order, so indexing them record by record dirties most of
// those indexes' pages at every page commit. Records above `index_state.indexed_through` are indexed instead by
// a tail that only grows at its end (`datestamp_tail`; `record_sets`, ordered by record), merged into
// `datestamp_index` and `set_index` in one sorted pass. Reads consult an index and its tail together.

extension SQLiteRecordStore {
    /// Records stored above the indexed seq before their datestamps and set memberships are merged into the indexes.
    public static let defaultIndexBatch = 16_384

    /// The most records the tails hold before a merge, however large the indexes (reads scan the tails).
    public static let maximumIndexTail: Int64 = 1_048_576

    /// How many records may wait above the indexed seq before a write merges them: `batch`, or an eighth of the
    /// records already indexed when that is more (at most `maximumIndexTail`). Each merge rewrites up to every page
    /// of the datestamp index (datestamps come in any order), so a tail that grows with the index keeps what a merge
    /// writes per record bounded as the store grows to tens of millions.
    static func mergeThreshold(indexed: Int64, batch: Int) -> Int64 {
        max(Int64(batch), min(indexed / 8, maximumIndexTail))
    }

    /// Brings the datestamp and set indexes up to date with every stored record (harvest and gap filling do this
    /// when they finish; reads are correct either way).
    public func completeIndexes() throws(StoreError) {
        try write("merging the datestamp and set indexes") { db in
            try Self.mergeIndexTails(db, batch: nil)
        }
    }

    /// The highest seq whose datestamp and memberships are in `datestamp_index` and `set_index`.
    static func indexedThrough(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT indexed_through FROM index_state WHERE id = 1")) ?? 0
    }

    /// Merges the tails into the indexes when at least `mergeThreshold(indexed:batch:)` records lie above the
    /// indexed seq; with no `batch`, whenever any does.
    static func mergeIndexTails(_ db: Database, batch: Int?) throws {
        let indexed = try indexedThrough(db)
        let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM records")) ?? 0
        guard last > indexed else { return }
        if let batch, last - indexed < mergeThreshold(indexed: indexed, batch: batch) { return }
        try db.execute(sql: """
            INSERT OR IGNORE INTO datestamp_index (metadata_prefix, datestamp_utc, seq)
                SELECT metadata_prefix, datestamp_utc, seq FROM datestamp_tail ORDER BY 1, 2, 3;
            DELETE FROM datestamp_tail;
            INSERT OR IGNORE INTO set_index (set_spec, seq)
                SELECT set_spec, seq FROM record_sets WHERE seq > ? ORDER BY 1, 2;
            UPDATE index_state SET indexed_through = ? WHERE id = 1;
            """, arguments: [indexed, last])
    }

    /// Adds one membership (`?1` the set, `?2` the seq); true when it is new.
    static func insertMembership(_ statement: SQLiteStatement, set: String, seq: Int64, _ identifier: String) throws -> Bool {
        try SQLiteBinding.run(statement, identifier) { statement in
            SQLiteBinding.text(statement, 1, set)
            sqlite3_bind_int64(statement, 2, seq)
        }
        return sqlite3_changes(sqlite3_db_handle(statement)) == 1
    }

    /// The SQL condition "`column` is the seq of one of the set's records", over the set index and its tail (two
    /// arguments: the set, twice).
    static func inSetCondition(_ column: String = "r.seq") -> String {
        """
        \(column) IN (SELECT seq FROM set_index WHERE set_spec = ? UNION ALL \
        SELECT seq FROM record_sets WHERE seq > (SELECT indexed_through FROM index_state WHERE id = 1) AND set_spec = ?)
        """
    }

    /// The SQL condition "r.seq is one of the records whose datestamp meets `bounds`" (conditions on
    /// `metadata_prefix` and `datestamp_utc`), over the datestamp index and its tail; the bounds' arguments go twice.
    static func inDatestampCondition(_ bounds: [String]) -> String {
        "r.seq IN (\(datestampSeqs(bounds)))"
    }

    /// The seqs of the records whose datestamp meets `bounds`, from the datestamp index and its tail (the bounds'
    /// arguments go twice).
    static func datestampSeqs(_ bounds: [String]) -> String {
        let range = bounds.joined(separator: " AND ")
        return "SELECT seq FROM datestamp_index WHERE \(range) UNION ALL SELECT seq FROM datestamp_tail WHERE \(range)"
    }

    /// The datestamp index's statements for one write transaction.
    struct DatestampKeys {
        let tail: Statement
        let retail: Statement
        let index: Statement
        let unindex: Statement

        init(_ db: Database) throws {
            tail = try db.cachedStatement(sql: "INSERT OR REPLACE INTO datestamp_tail (seq, metadata_prefix, datestamp_utc) VALUES (?, ?, ?)")
            retail = try db.cachedStatement(sql: "UPDATE datestamp_tail SET datestamp_utc = ? WHERE seq = ?")
            index = try db.cachedStatement(sql: "INSERT OR IGNORE INTO datestamp_index (seq, metadata_prefix, datestamp_utc) VALUES (?, ?, ?)")
            unindex = try db.cachedStatement(sql: "DELETE FROM datestamp_index WHERE metadata_prefix = ? AND datestamp_utc = ? AND seq = ?")
        }

        /// A new record's datestamp: into the tail, or (below the indexed seq, a reused seq) into the index.
        func add(seq: Int64, metadataPrefix: String, utc: String, indexed: Bool, _ identifier: String) throws {
            try SQLiteBinding.run((indexed ? index : tail).sqliteStatement, identifier) { statement in
                sqlite3_bind_int64(statement, 1, seq)
                SQLiteBinding.text(statement, 2, metadataPrefix)
                SQLiteBinding.text(statement, 3, utc)
            }
        }

        /// A stored record's datestamp changed.
        func move(seq: Int64, metadataPrefix: String, from old: String, to new: String, indexed: Bool) throws {
            if indexed {
                try unindex.execute(arguments: [metadataPrefix, old, seq])
                try index.execute(arguments: [seq, metadataPrefix, new])
            } else {
                try retail.execute(arguments: [new, seq])
            }
        }
    }
}
