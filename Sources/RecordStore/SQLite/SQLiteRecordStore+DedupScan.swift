import GRDB
import GRDBSQLite

/// Dedup's bulk reads, stepped directly through SQLite (no GRDB rows: a run reads a million views and entries).
extension SQLiteRecordStore: DedupScanning {
    public func dedupScanPage(after: Int64?, limit: Int) throws(StoreError) -> DedupScanPage {
        try read("reading cleansed views") { db in
            let select = try db.cachedStatement(sql: """
                SELECT c.seq, c.identifier, c.view, c.rejected IS NULL FROM cleansed_views c
                JOIN records r INDEXED BY records_by_seq_with_hash ON r.seq = c.seq
                WHERE c.seq > ? AND r.deleted = 0 ORDER BY c.seq LIMIT ?
                """).sqliteStatement
            var views: [DedupScanView] = []
            views.reserveCapacity(limit)
            try Self.rows(select, bind: {
                sqlite3_bind_int64($0, 1, after ?? 0)
                sqlite3_bind_int64($0, 2, Int64(limit))
            }) { row in
                let accepted = sqlite3_column_int64(row, 3) != 0 && sqlite3_column_type(row, 2) != SQLITE_NULL
                views.append(DedupScanView(seq: sqlite3_column_int64(row, 0), identifier: Self.text(row, 1),
                                           view: accepted ? Self.blob(row, 2) : nil))
            }
            let entries = try db.cachedStatement(sql: """
                SELECT seq, identifier, view_hash, image_key, tcd_key, title_key, creator_key, band_keys, image_url,
                       image_checked, phash, dhash
                FROM dedup_records WHERE seq > ? AND seq <= ? ORDER BY seq
                """).sqliteStatement
            var stored: [DedupEntry] = []
            stored.reserveCapacity(views.count)
            try Self.rows(entries, bind: {
                sqlite3_bind_int64($0, 1, after ?? Int64.min)
                sqlite3_bind_int64($0, 2, views.last?.seq ?? Int64.max)
            }) { row in
                stored.append(DedupEntry(seq: sqlite3_column_int64(row, 0), identifier: Self.text(row, 1),
                                         viewHash: UInt64(bitPattern: sqlite3_column_int64(row, 2)),
                                         imageKey: Self.hash(row, 3), titleCreatorDateKey: Self.hash(row, 4),
                                         titleKey: Self.hash(row, 5), creatorKey: Self.hash(row, 6),
                                         bandKeys: sqlite3_column_type(row, 7) == SQLITE_NULL ? nil : Self.blob(row, 7),
                                         imageURL: sqlite3_column_type(row, 8) == SQLITE_NULL ? nil : Self.text(row, 8),
                                         imageChecked: sqlite3_column_int64(row, 9) != 0,
                                         phash: Self.hash(row, 10), dhash: Self.hash(row, 11)))
            }
            return DedupScanPage(views: views, stored: stored)
        }
    }

    public func acceptedViewBytes(seqs: [Int64]) throws(StoreError) -> [(seq: Int64, view: [UInt8])] {
        guard !seqs.isEmpty else { return [] }
        return try read("reading cleansed views") { db in
            let select = try db.cachedStatement(sql: """
                SELECT view FROM cleansed_views WHERE seq = ? AND rejected IS NULL AND view IS NOT NULL
                """).sqliteStatement
            var found: [(seq: Int64, view: [UInt8])] = []
            found.reserveCapacity(seqs.count)
            for seq in seqs.sorted() {
                try Self.rows(select, bind: { sqlite3_bind_int64($0, 1, seq) }) { row in found.append((seq, Self.blob(row, 0))) }
            }
            return found
        }
    }

    public func dedupMembers(seqs: [Int64], schema: String,
                             schemaHash: String) throws(StoreError) -> (identifiers: [Int64: String], totals: [Int64: Double?]) {
        guard !seqs.isEmpty else { return ([:], [:]) }
        return try read("reading dedup identifiers and measurement totals") { db in
            let names = try db.cachedStatement(sql: "SELECT identifier FROM dedup_records WHERE seq = ?").sqliteStatement
            let totals = try db.cachedStatement(sql: """
                SELECT m.total FROM measurements m JOIN records r ON r.seq = m.seq
                WHERE m.schema = ? AND m.seq = ? AND m.schema_hash = ? AND m.content_hash = r.content_hash
                """).sqliteStatement
            var identifiers: [Int64: String] = [:]
            var found: [Int64: Double?] = [:]
            identifiers.reserveCapacity(seqs.count)
            found.reserveCapacity(seqs.count)
            for seq in seqs {
                try Self.rows(names, bind: { sqlite3_bind_int64($0, 1, seq) }) { row in identifiers[seq] = Self.text(row, 0) }
            }
            try SQLiteBinding.withText(totals, 1, bytes: Array(schema.utf8)) { _ in
                try SQLiteBinding.withText(totals, 3, bytes: Array(schemaHash.utf8)) { _ in
                    for seq in seqs {
                        try Self.rows(totals, keepingBindings: true, bind: { sqlite3_bind_int64($0, 2, seq) }) { row in
                            found[seq] = .some(sqlite3_column_type(row, 0) == SQLITE_NULL ? nil : sqlite3_column_double(row, 0))
                        }
                    }
                }
            }
            return (identifiers, found)
        }
    }

    /// Runs `statement` with what `bind` binds, calling `row` for each row; the statement is left reset (its bindings
    /// cleared unless `keepingBindings`).
    static func rows(_ statement: OpaquePointer, keepingBindings: Bool = false, bind: (OpaquePointer) -> Void,
                     _ row: (OpaquePointer) throws -> Void) throws {
        sqlite3_reset(statement)
        if !keepingBindings { sqlite3_clear_bindings(statement) }
        bind(statement)
        defer { sqlite3_reset(statement) }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw SQLiteBinding.error(sqlite3_db_handle(statement), code, "a dedup read") }
            try row(statement)
        }
    }

    /// Column `index` as UTF-8 text ("" for NULL).
    static func text(_ row: OpaquePointer, _ index: Int32) -> String {
        guard let text = sqlite3_column_text(row, index) else { return "" }
        let count = Int(sqlite3_column_bytes(row, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes (empty for NULL or an empty blob).
    static func blob(_ row: OpaquePointer, _ index: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(row, index) else { return [] }
        let count = Int(sqlite3_column_bytes(row, index))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Column `index` as a 64-bit hash (its bit pattern), nil for NULL.
    static func hash(_ row: OpaquePointer, _ index: Int32) -> UInt64? {
        sqlite3_column_type(row, index) == SQLITE_NULL ? nil : UInt64(bitPattern: sqlite3_column_int64(row, index))
    }
}
