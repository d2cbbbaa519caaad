import GRDB

// Live and deleted records per format and per (set, format) are counted as they are written (`format_counts`,
// `set_counts`), so that counting never reads the records themselves: their rows carry the payloads, and counting
// a set or the store by its records read most of the database file.

extension SQLiteRecordStore {
    /// The changes one write makes to the counts, applied in the same transaction.
    struct CountChanges {
        var live = 0
        var deleted = 0
        /// By the set's UTF-8 bytes, as SQLite compares set specs (Swift's String equality would merge "caf\u{E9}"
        /// and "cafe\u{301}", two sets in `record_sets`).
        var sets: [[UInt8]: (set: String, live: Int, deleted: Int)] = [:]

        /// A new record, live or deleted.
        mutating func addRecord(deleted isDeleted: Bool) {
            if isDeleted { deleted += 1 } else { live += 1 }
        }

        /// A new membership of a record that is live or deleted.
        mutating func addMembership(_ set: String, deleted isDeleted: Bool) {
            adjust(set, live: isDeleted ? 0 : 1, deleted: isDeleted ? 1 : 0)
        }

        /// A stored record (and each of its `memberships`) became deleted, or live again.
        mutating func flip(toDeleted: Bool, memberships: [String]) {
            let step = toDeleted ? 1 : -1
            live -= step
            deleted += step
            for set in memberships { adjust(set, live: -step, deleted: step) }
        }

        private mutating func adjust(_ set: String, live liveChange: Int, deleted deletedChange: Int) {
            let key = Array(set.utf8)
            var change = sets[key] ?? (set, 0, 0)
            change.live += liveChange
            change.deleted += deletedChange
            sets[key] = change
        }

        func apply(metadataPrefix: String, db: Database) throws {
            if live != 0 || deleted != 0 {
                try db.cachedStatement(sql: """
                    INSERT INTO format_counts (metadata_prefix, live, deleted) VALUES (?, ?, ?) ON CONFLICT (metadata_prefix)
                    DO UPDATE SET live = live + excluded.live, deleted = deleted + excluded.deleted
                    """).execute(arguments: [metadataPrefix, live, deleted])
            }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO set_counts (set_spec, metadata_prefix, live, deleted) VALUES (?, ?, ?, ?)
                ON CONFLICT (set_spec, metadata_prefix) DO UPDATE SET live = live + excluded.live, deleted = deleted + excluded.deleted
                """)
            for change in sets.values where change.live != 0 || change.deleted != 0 {
                try statement.execute(arguments: [change.set, metadataPrefix, change.live, change.deleted])
            }
        }
    }

    /// The count of a query without a datestamp range, from the kept counts; nil for a query with one.
    static func keptCount(_ query: RecordQuery, _ db: Database) throws -> Int? {
        guard query.from == nil, query.until == nil else { return nil }
        var sql: String
        var arguments: StatementArguments = []
        if let set = query.set {
            sql = "SELECT SUM(live), SUM(deleted) FROM set_counts WHERE set_spec = ?"
            arguments += [set]
        } else {
            sql = "SELECT SUM(live), SUM(deleted) FROM format_counts WHERE 1"
        }
        if let metadataPrefix = query.metadataPrefix {
            sql += " AND metadata_prefix = ?"
            arguments += [metadataPrefix]
        }
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return 0 }
        let live = row[0] as Int? ?? 0
        let deleted = row[1] as Int? ?? 0
        return query.includeDeleted ? live + deleted : live
    }

    /// The number of live records stored without XML (imported from JSON Lines without it), in one format or all:
    /// records the data provider does not offer.
    public func countLiveWithoutXML(metadataPrefix: String? = nil) throws(StoreError) -> Int {
        try read("counting records without XML") { db in
            try Self.countWithoutXML(RecordQuery(metadataPrefix: metadataPrefix), db)
        }
    }

    /// The live records without XML that match `query`, found through the `records_without_xml` partial index.
    static func countWithoutXML(_ query: RecordQuery, _ db: Database) throws -> Int {
        let select = "SELECT COUNT(*) FROM records r"
        let (sql, arguments) = Self.sql(for: query, after: nil, select: select, datestampIndex: false)
        let connector = sql == select ? " WHERE " : " AND "
        return try Int.fetchOne(db, sql: sql + connector + "r.deleted = 0 AND r.metadata_xml IS NULL", arguments: arguments) ?? 0
    }
}
