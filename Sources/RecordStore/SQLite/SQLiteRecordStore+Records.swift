import ThresherCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteRecordStore {
    /// Stores one harvested page and its job's checkpoint in one transaction: either both are stored or neither.
    @discardableResult
    public func storePage(_ records: [RecordInput], metadataPrefix: String,
                          checkpoint: SetCheckpoint) throws(StoreError) -> PageWriteResult {
        let encoded = try encode(checkpoint)
        return try write("storing a page") { db in
            let result = try Self.upsert(records, metadataPrefix: metadataPrefix, payloads: payloads, db: db)
            try Self.saveCheckpoint(checkpoint, encoded: encoded, db: db)
            try Self.mergeIndexTails(db, batch: indexBatch)
            return result
        }
    }

    /// Stores records outside any listing (gap filling, seeding) in one transaction.
    @discardableResult
    public func storeRecords(_ records: [RecordInput], metadataPrefix: String) throws(StoreError) -> PageWriteResult {
        guard !records.isEmpty else { return PageWriteResult() }
        return try write("storing records") { db in
            let result = try Self.upsert(records, metadataPrefix: metadataPrefix, payloads: payloads, db: db)
            try Self.mergeIndexTails(db, batch: indexBatch)
            return result
        }
    }

    /// Upserts by (identifier, metadataPrefix): a datestamp later than or equal to the stored one replaces the
    /// content, an earlier one only adds set memberships. Records above the indexed seq keep their datestamp in
    /// the tail and their memberships in `record_sets` only, until the next merge. Payloads are written as `payloads`
    /// says (zstd frames or text).
    static func upsert(_ records: [RecordInput], metadataPrefix: String, payloads: PayloadCodecs,
                       db: Database) throws -> PageWriteResult {
        let writer = try payloadWriter(records, metadataPrefix: metadataPrefix, payloads: payloads, db: db)
        defer { if let writer { payloads.checkIn(writer.codec) } }
        var result = PageWriteResult()
        let indexed = try indexedThrough(db)
        let keys = try DatestampKeys(db)
        let now = Date().timeIntervalSince1970
        let find = try db.cachedStatement(sql: """
            SELECT seq, datestamp, datestamp_utc, deleted, content_hash FROM records WHERE identifier = ? AND metadata_prefix = ?
            """)
        // New records (the common case in a first harvest) cost one statement: insert, and only on a
        // conflict look at what is stored. The insert and the set memberships bind their values directly.
        let insert = try db.cachedStatement(sql: """
            INSERT INTO records (identifier, metadata_prefix, datestamp, datestamp_utc, deleted, metadata_xml, json, content_hash, harvested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (identifier, metadata_prefix) DO NOTHING
            """)
        let update = try db.cachedStatement(sql: """
            UPDATE records SET datestamp = ?, datestamp_utc = ?, deleted = ?, metadata_xml = ?, json = ?, content_hash = ?, harvested_at = ?
            WHERE seq = ?
            """)
        let addSet = try db.cachedStatement(sql: "INSERT OR IGNORE INTO record_sets (seq, set_spec) VALUES (?2, ?1)")
        let indexSet = try db.cachedStatement(sql: "INSERT OR IGNORE INTO set_index (set_spec, seq) VALUES (?, ?)")
        let setsOf = try db.cachedStatement(sql: "SELECT set_spec FROM record_sets WHERE seq = ?")
        let connection = db.sqliteConnection
        var counts = CountChanges()
        for record in records {
            let utc = UTCDatestamp.sortable(record.datestamp)
            let xml = record.deleted ? nil : record.metadataBytes
            let json = record.deleted ? nil : record.jsonBytes
            // The XML's hash; a live record stored without XML (imported from JSON Lines) is known by its JSON's.
            let hash = (xml ?? json).map { bytes in bytes.withUnsafeBytes { XXH64.hex(bytes: $0) } } ?? ""
            let seq: Int64
            let isDeleted: Bool  // as stored after this write
            let statement = insert.sqliteStatement
            sqlite3_reset(statement)
            SQLiteBinding.text(statement, 1, record.identifier)
            SQLiteBinding.text(statement, 2, metadataPrefix)
            SQLiteBinding.text(statement, 3, record.datestamp)
            SQLiteBinding.text(statement, 4, utc)
            sqlite3_bind_int(statement, 5, record.deleted ? 1 : 0)
            SQLiteBinding.text(statement, 8, hash)
            sqlite3_bind_double(statement, 9, now)
            // The payload and its JSON are bound in place, not copied; either may exceed SQLite's length limit.
            // The failure is described before the parameters are unbound (which clears the connection's message).
            let failure = try Self.withPayload(statement, 6, xml, writer, .xml, identifier: record.identifier) { payloadBound in
                try Self.withPayload(statement, 7, json, writer, .json, identifier: record.identifier) { jsonBound -> SQLiteBinding.Failure? in
                    let code = payloadBound != SQLITE_OK ? payloadBound
                        : jsonBound != SQLITE_OK ? jsonBound : sqlite3_step(statement)
                    sqlite3_reset(statement)
                    return code == SQLITE_DONE ? nil : SQLiteBinding.error(connection, code, record.identifier)
                }
            }
            if let failure { throw failure }
            if sqlite3_changes(connection) == 1 {
                seq = sqlite3_last_insert_rowid(connection)
                isDeleted = record.deleted
                result.inserted += 1
                counts.addRecord(deleted: record.deleted)
                try keys.add(seq: seq, metadataPrefix: metadataPrefix, utc: utc, indexed: seq <= indexed, record.identifier)
            } else if let row = try Row.fetchOne(find, arguments: [record.identifier, metadataPrefix]) {
                seq = row[0]
                let storedDatestamp: String = row[1]
                let storedUTC: String = row[2]
                let storedDeleted: Bool = row[3]
                let storedHash: String = row[4]
                var nowDeleted = storedDeleted
                if Self.isAtLeast(utc, storedUTC) {
                    if storedDatestamp != record.datestamp || storedDeleted != record.deleted || storedHash != hash {
                        let xmlValue: (any DatabaseValueConvertible)? = try writer.map { try $0.value(xml, .xml, identifier: record.identifier) }
                            ?? xml.map { String(decoding: $0, as: UTF8.self) }
                        let jsonValue: (any DatabaseValueConvertible)? = try writer.map { try $0.value(json, .json, identifier: record.identifier) }
                            ?? json.map { String(decoding: $0, as: UTF8.self) }
                        try update.execute(arguments: [record.datestamp, utc, record.deleted, xmlValue, jsonValue, hash, now, seq])
                        if storedDeleted != record.deleted {
                            // The record and the memberships it already has move between live and deleted.
                            counts.flip(toDeleted: record.deleted, memberships: try String.fetchAll(setsOf, arguments: [seq]))
                            nowDeleted = record.deleted
                        }
                        if utc != storedUTC {
                            try keys.move(seq: seq, metadataPrefix: metadataPrefix, from: storedUTC, to: utc, indexed: seq <= indexed)
                        }
                        result.updated += 1
                    } else {
                        result.unchanged += 1
                    }
                } else {
                    result.unchanged += 1
                    result.older += 1
                }
                isDeleted = nowDeleted
            } else {
                continue  // unreachable: the insert conflicted, so the record exists
            }
            for set in record.sets {
                let added = try Self.insertMembership(addSet.sqliteStatement, set: set, seq: seq, record.identifier)
                if added { counts.addMembership(set, deleted: isDeleted) }
                // Memberships of records above the indexed seq reach set_index at the next merge.
                if added, seq <= indexed {
                    _ = try Self.insertMembership(indexSet.sqliteStatement, set: set, seq: seq, record.identifier)
                }
            }
        }
        try counts.apply(metadataPrefix: metadataPrefix, db: db)
        return result
    }

    /// True when normalised datestamp `new` is as recent as `stored`: a readable one beats an unreadable one (a
    /// repository's garbage such as `2024-13-01T00:00:00Z` must not outrank every later real datestamp); two
    /// unreadable ones compare as text.
    static func isAtLeast(_ new: String, _ stored: String) -> Bool {
        let readableNew = UTCDatestamp.isSeconds(new), readableStored = UTCDatestamp.isSeconds(stored)
        if readableNew != readableStored { return readableNew }
        return new >= stored
    }

    // MARK: - Reads

    /// The record with this identifier (in this format, or the first stored format when nil).
    public func record(identifier: String, metadataPrefix: String?) throws(StoreError) -> StoredRecord? {
        try read("reading a record") { db in
            var sql = "SELECT \(Self.recordColumns(.all)) FROM records r WHERE r.identifier = ?"
            var arguments: StatementArguments = [identifier]
            if let metadataPrefix {
                sql += " AND r.metadata_prefix = ?"
                arguments += [metadataPrefix]
            }
            sql += " ORDER BY r.seq LIMIT 1"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
            return try payloads.withCodec { codec in try storedRecord(row, codec: codec, db: db) }
        }
    }

    /// Up to `limit` records matching `query` whose seq is greater than `after`, in seq order, with the payloads
    /// `content` asks for (readers of headers only, such as ListIdentifiers, leave both out).
    public func records(_ query: RecordQuery, after seq: Int64? = nil, limit: Int,
                        content: RecordContent) throws(StoreError) -> [StoredRecord] {
        try read("reading records") { db in
            let rows = try Self.matching(query, after: seq, limit: limit, columns: Self.recordColumns(content), db)
            return try payloads.withCodec { codec in try rows.map { row in try storedRecord(row, codec: codec, db: db) } }
        }
    }

    /// The rows of up to `limit` records matching `query` after `seq`, in seq order, with `columns` from `records r`.
    static func matching(_ query: RecordQuery, after seq: Int64?, limit: Int, columns: String, _ db: Database) throws -> [Row] {
        let narrow = try isNarrow(query, db)
        if let set = query.set, !narrow {
            return try setRecords(query, set: set, after: seq, limit: limit, columns: columns, db)
        }
        let (sql, arguments) = Self.sql(for: query, after: seq, select: "SELECT \(columns) FROM records r", datestampIndex: narrow)
        return try Row.fetchAll(db, sql: sql + " ORDER BY r.seq LIMIT ?", arguments: arguments + [limit])
    }

    /// A page of a set's records, walked in seq order through the set's memberships: the merged ones in
    /// `set_index` (seqs up to the indexed seq), then the tail's in `record_sets` (above it). A page costs the
    /// memberships it passes, not the whole set (an `IN` list of the set was built for every page).
    static func setRecords(_ query: RecordQuery, set: String, after seq: Int64?, limit: Int, columns: String,
                           _ db: Database) throws -> [Row] {
        var rest = query
        rest.set = nil
        let after = seq ?? 0
        let indexed = try indexedThrough(db)
        var found: [Row] = []
        let parts: [(table: String, bounds: String, arguments: StatementArguments)] = [
            ("set_index", "s.seq > ? AND s.seq <= ?", [after, indexed]),
            ("record_sets", "s.seq > ?", [max(after, indexed)]),
        ]
        for part in parts where found.count < limit {
            let select = "SELECT \(columns) FROM \(part.table) s CROSS JOIN records r ON r.seq = s.seq"
            let (sql, arguments) = Self.sql(for: rest, after: nil, select: select, datestampIndex: false)
            let connector = sql == select ? " WHERE " : " AND "  // sql(for:) added conditions, or none
            found += try Row.fetchAll(db, sql: sql + connector + "s.set_spec = ? AND " + part.bounds + " ORDER BY s.seq LIMIT ?",
                                      arguments: arguments + [set] + part.arguments + [limit - found.count])
        }
        return found
    }

    /// The number of records matching `query`.
    public func count(_ query: RecordQuery) throws(StoreError) -> Int {
        try read("counting records") { db in
            guard query.withXMLOnly else { return try Self.count(query, db) }
            var all = query
            all.withXMLOnly = false
            return try Self.count(all, db) - Self.countWithoutXML(all, db)
        }
    }

    /// The number of records matching `query` (XML or not), from the kept counts and indexes where it can.
    static func count(_ query: RecordQuery, _ db: Database) throws -> Int {
        if let kept = try Self.keptCount(query, db) { return kept }
        if query.includeDeleted, let (bounds, boundArguments) = Self.datestampBounds(query) {
            // Counted on the datestamp index and its tail alone: the records' rows (with their payloads) stay unread.
            var sql = "SELECT COUNT(*) FROM (\(Self.datestampSeqs(bounds))) d"
            var arguments = boundArguments + boundArguments
            if let set = query.set {
                sql += " WHERE " + Self.inSetCondition("d.seq")
                arguments += [set, set]
            }
            return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
        let (sql, arguments) = Self.sql(for: query, after: nil, select: "SELECT COUNT(*) FROM records r")
        return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    /// Every stored identifier (in one format, or all).
    public func identifiers(metadataPrefix: String?) throws(StoreError) -> Set<String> {
        try read("reading identifiers") { db in
            var result = Set<String>()
            let sql = metadataPrefix == nil
                ? "SELECT identifier FROM records" : "SELECT identifier FROM records WHERE metadata_prefix = ?"
            let arguments: StatementArguments = metadataPrefix.map { [$0] } ?? []
            let cursor = try String.fetchCursor(db, sql: sql, arguments: arguments)
            while let identifier = try cursor.next() { result.insert(identifier) }
            return result
        }
    }

    /// The identifiers among `candidates` that the store has no record for in `metadataPrefix`, in their order.
    /// Looks them up in batches through the identifier index, so memory stays that of the candidates.
    public func missing(_ candidates: [String], metadataPrefix: String) throws(StoreError) -> [String] {
        var result: [String] = []
        let batch = 500
        var start = 0
        while start < candidates.count {
            // One read transaction per 50,000 candidates: a long read would keep WAL checkpoints from finishing.
            let end = min(candidates.count, start + 100 * batch)
            try read("looking up identifiers") { db in
                var index = start
                while index < end {
                    let chunk = candidates[index..<min(end, index + batch)]
                    let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    // Compared as bytes, as SQLite compares them (String equality would match canonically equal
                    // identifiers that are different records).
                    let found = Set(try String.fetchAll(db.cachedStatement(sql: """
                        SELECT identifier FROM records WHERE metadata_prefix = ? AND identifier IN (\(placeholders))
                        """), arguments: StatementArguments([metadataPrefix] + Array(chunk))).map { Array($0.utf8) })
                    result.append(contentsOf: chunk.filter { !found.contains(Array($0.utf8)) })
                    index += batch
                }
            }
            start = end
        }
        return result
    }

    /// The metadata formats the store holds records in, sorted.
    public func metadataPrefixes() throws(StoreError) -> [String] {
        try read("reading formats") { db in
            try String.fetchAll(db, sql: "SELECT metadata_prefix FROM format_counts WHERE live + deleted > 0 ORDER BY metadata_prefix")
        }
    }

    /// Per set: live and deleted records, sorted by set.
    public func setCounts(metadataPrefix: String?) throws(StoreError) -> [SetCount] {
        try read("counting sets") { db in
            var sql = "SELECT set_spec, SUM(live), SUM(deleted) FROM set_counts"
            var arguments: StatementArguments = []
            if let metadataPrefix {
                sql += " WHERE metadata_prefix = ?"
                arguments += [metadataPrefix]
            }
            sql += " GROUP BY set_spec HAVING SUM(live) + SUM(deleted) > 0 ORDER BY set_spec"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { SetCount(set: $0[0], live: $0[1], deleted: $0[2]) }
        }
    }

    /// The earliest datestamp stored, normalised to `YYYY-MM-DDThh:mm:ssZ`.
    public func earliestDatestamp(metadataPrefix: String?) throws(StoreError) -> String? {
        try read("reading the earliest datestamp") { db in
            let condition = metadataPrefix == nil ? "" : " WHERE metadata_prefix = ?"
            let arguments: StatementArguments = metadataPrefix.map { [$0, $0] } ?? []
            return try String.fetchOne(db, sql: """
                SELECT MIN(earliest) FROM (SELECT MIN(datestamp_utc) AS earliest FROM datestamp_index\(condition)
                                           UNION ALL SELECT MIN(datestamp_utc) FROM datestamp_tail\(condition))
                """, arguments: arguments)
        }
    }

    // MARK: - SQL

    /// The columns `storedRecord` reads, with `content`'s payloads (NULL for the others).
    static func recordColumns(_ content: RecordContent) -> String {
        "r.seq, r.identifier, r.metadata_prefix, r.datestamp, r.deleted, "
            + (content.contains(.xml) ? "r.metadata_xml" : "NULL") + ", " + (content.contains(.json) ? "r.json" : "NULL")
            + ", r.content_hash, (SELECT group_concat(set_spec, char(31)) FROM record_sets WHERE seq = r.seq) AS sets"
    }

    /// The SQL for `query`. `datestampIndex`: find a datestamp range through the datestamp index (a list of the
    /// matching records, the best way for narrow ranges) rather than only check it on records in seq order.
    static func sql(for query: RecordQuery, after seq: Int64?, select: String,
                    datestampIndex: Bool = true) -> (String, StatementArguments) {
        var sql = select
        var arguments: StatementArguments = []
        var conditions: [String] = []
        if let set = query.set {
            conditions.append(inSetCondition())
            arguments += [set, set]
        }
        if let prefix = query.metadataPrefix {
            conditions.append("r.metadata_prefix = ?")
            arguments += [prefix]
        }
        let (range, rangeArguments) = datestampRange(query, column: "r.datestamp_utc")
        conditions += range
        arguments += rangeArguments
        if datestampIndex, let (bounds, boundArguments) = datestampBounds(query) {
            conditions.append(inDatestampCondition(bounds))
            arguments += boundArguments
            arguments += boundArguments
        }
        if !query.includeDeleted { conditions.append("r.deleted = 0") }
        if query.withXMLOnly { conditions.append("(r.deleted = 1 OR r.metadata_xml IS NOT NULL)") }
        if let seq {
            conditions.append("r.seq > ?")
            arguments += [seq]
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return (sql, arguments)
    }

    /// The conditions of `query`'s datestamp range on the datestamp index's columns, nil without a range.
    static func datestampBounds(_ query: RecordQuery) -> ([String], StatementArguments)? {
        guard query.from != nil || query.until != nil else { return nil }
        var bounds: [String] = []
        var arguments: StatementArguments = []
        if let prefix = query.metadataPrefix {
            bounds.append("metadata_prefix = ?")
            arguments += [prefix]
        }
        let (range, rangeArguments) = datestampRange(query, column: "datestamp_utc")
        return (bounds + range, arguments + rangeArguments)
    }

    /// `query`'s from/until as conditions on `column` (a day-only until covers its whole day).
    static func datestampRange(_ query: RecordQuery, column: String) -> ([String], StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let from = query.from {
            conditions.append("\(column) >= ?")
            arguments += [UTCDatestamp.sortable(from)]
        }
        if let until = query.until {
            conditions.append("\(column) <= ?")
            arguments += [UTCDatestamp.sortable(until, endOfDay: true)]
        }
        return (conditions, arguments)
    }

    /// The widest datestamp range (in matching records) read through the datestamp index, in a store whose seqs
    /// reach `records`. A list of every match costs its length M on every page of a listing; a walk in seq order
    /// that checks the range costs about page size × records / M rows per page, each row a whole record (≈20
    /// index entries' worth): the list wins while M² < 250 × 20 × records, and below 20,000 matches always.
    static func narrowRange(records: Int64) -> Int {
        max(20_000, Int(Double(max(records, 0) * 5_000).squareRoot()))
    }

    /// Whether `query`'s datestamp range is narrow enough to be read through the datestamp index (a capped count:
    /// at most `narrowRange` index steps).
    static func isNarrow(_ query: RecordQuery, _ db: Database) throws -> Bool {
        guard let (bounds, arguments) = datestampBounds(query) else { return false }
        let range = bounds.joined(separator: " AND ")
        let cap = narrowRange(records: try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM records") ?? 0)
        let matches = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM datestamp_index WHERE \(range) LIMIT \(cap)))
                 + (SELECT COUNT(*) FROM datestamp_tail WHERE \(range))
            """, arguments: arguments + arguments) ?? 0
        return matches < cap
    }

    /// The record a row of `recordColumns` describes, its payloads read back whatever form they are stored in.
    func storedRecord(_ row: Row, codec: PayloadCodec, db: Database) throws -> StoredRecord {
        let sets: String? = row["sets"]
        let identifier: String = row[1]
        return StoredRecord(seq: row[0], identifier: identifier, metadataPrefix: row[2], datestamp: row[3], deleted: row[4],
                            sets: sets.map { $0.split(separator: "\u{1F}").map(String.init).sorted() } ?? [],
                            metadataXML: try Self.payloadString(row[5], kind: .xml, codec: codec, payloads: payloads, db: db,
                                                                identifier: identifier),
                            json: try Self.payloadString(row[6], kind: .json, codec: codec, payloads: payloads, db: db,
                                                         identifier: identifier),
                            contentHash: row[7])
    }
}
