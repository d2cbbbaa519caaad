import Foundation
import GRDB

extension SQLiteRecordStore {
    public func unmeasured(_ query: RecordQuery, schema: String, schemaHash: String, after: Int64?,
                           limit: Int) throws(StoreError) -> (seqs: [Int64], through: Int64?, examined: Int) {
        try read("finding records to measure") { db in
            // The candidates with their content hashes: from the (seq, deleted, content_hash) index alone when the
            // whole store is asked for, else through the query's own path.
            var live = query
            live.includeDeleted = false
            let candidates: [Row]
            if live.set == nil, live.metadataPrefix == nil, live.from == nil, live.until == nil {
                // The whole store: compared in SQL, one row of two integers per record (no strings, no map).
                var seqs: [Int64] = []
                var through: Int64?
                var examined = 0
                let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT r.seq, m.content_hash IS r.content_hash
                    FROM records r INDEXED BY records_by_seq_with_hash
                    LEFT JOIN measurements m ON m.schema = ? AND m.seq = r.seq AND m.schema_hash = ?
                    WHERE r.seq > ? AND r.deleted = 0 ORDER BY r.seq LIMIT ?
                    """), arguments: [schema, schemaHash, after ?? 0, limit])
                while let row = try rows.next() {
                    let seq: Int64 = row[0]
                    if !(row[1] as Bool) { seqs.append(seq) }
                    through = seq
                    examined += 1
                }
                return (seqs, through, examined)
            } else {
                candidates = try Self.matching(live, after: after, limit: limit, columns: "r.seq, r.content_hash", db)
            }
            guard let first = candidates.first, let last = candidates.last else { return ([], nil, 0) }
            var measured: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT seq, content_hash FROM measurements WHERE schema = ? AND seq BETWEEN ? AND ? AND schema_hash = ?
                """), arguments: [schema, first[0] as Int64, last[0] as Int64, schemaHash])
            while let row = try rows.next() { measured[row[0]] = row[1] }
            let seqs = candidates.compactMap { row -> Int64? in
                let seq: Int64 = row[0]
                let hash: String = row[1]
                return measured[seq] == hash ? nil : seq
            }
            return (seqs, last[0] as Int64, candidates.count)
        }
    }

    public func storeMeasurements(_ measurements: [MeasurementInput], schema: String, schemaHash: String) throws(StoreError) {
        guard !measurements.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try write("storing measurements") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO measurements (schema, seq, identifier, schema_hash, content_hash, dataset, data_provider, total,
                                                     result, measured_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for m in measurements {
                try insert.execute(arguments: [schema, m.seq, m.identifier, schemaHash, m.contentHash, m.dataset, m.dataProvider, m.total,
                                               Data(m.result), now])
            }
        }
    }

    public func measurements(_ query: RecordQuery, schema: String, after: Int64?, limit: Int) throws(StoreError) -> [StoredMeasurement] {
        try read("reading measurements") { db in
            var live = query
            live.includeDeleted = false
            // The records of the query in seq order (their identities), then their measurements in one range read.
            let records: [Row]
            if live.set == nil, live.metadataPrefix == nil, live.from == nil, live.until == nil {
                // The records' rows carry their payloads: whether one is deleted is read from the small index.
                records = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT m.seq, m.identifier, (SELECT group_concat(set_spec, char(31)) FROM record_sets WHERE seq = m.seq),
                           m.dataset, m.data_provider, m.total, m.result
                    FROM measurements m JOIN records r INDEXED BY records_by_seq_with_hash ON r.seq = m.seq
                    WHERE m.schema = ? AND m.seq > ? AND r.deleted = 0 ORDER BY m.seq LIMIT ?
                    """), arguments: [schema, after ?? 0, limit])
                return records.map(Self.storedMeasurement)
            }
            let seqs = try Self.matching(live, after: after, limit: limit, columns: "r.seq", db).map { $0[0] as Int64 }
            guard let first = seqs.first, let last = seqs.last else { return [] }
            let wanted = Set(seqs)
            return try Row.fetchAll(db, sql: """
                SELECT m.seq, m.identifier, (SELECT group_concat(set_spec, char(31)) FROM record_sets WHERE seq = m.seq),
                       m.dataset, m.data_provider, m.total, m.result
                FROM measurements m WHERE m.schema = ? AND m.seq BETWEEN ? AND ? ORDER BY m.seq
                """, arguments: [schema, first, last]).filter { wanted.contains($0[0]) }.map(Self.storedMeasurement)
        }
    }

    public func measurementRows(_ query: RecordQuery, schema: String, after: Int64?, limit: Int) throws(StoreError) -> [StoredMeasurement] {
        var live = query
        live.includeDeleted = false
        guard live.set == nil, live.metadataPrefix == nil, live.from == nil, live.until == nil else {
            return try measurements(query, schema: schema, after: after, limit: limit).map { stored in
                var row = stored
                row.sets = []
                return row
            }
        }
        return try read("reading measurements") { db in
            var out: [StoredMeasurement] = []
            out.reserveCapacity(limit)
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT m.seq, m.identifier, m.dataset, m.data_provider, m.total, m.result
                FROM measurements m JOIN records r INDEXED BY records_by_seq_with_hash ON r.seq = m.seq
                WHERE m.schema = ? AND m.seq > ? AND r.deleted = 0 ORDER BY m.seq LIMIT ?
                """), arguments: [schema, after ?? 0, limit])
            while let row = try rows.next() {
                let result = try row.withUnsafeData(atIndex: 5) { data in data.map { [UInt8]($0) } ?? [] }
                out.append(StoredMeasurement(seq: row[0], identifier: row[1], sets: [], dataset: row[2], dataProvider: row[3],
                                             total: row[4], result: result))
            }
            return out
        }
    }

    public func forEachMeasurement(_ query: RecordQuery, schema: String, order: MeasurementOrder,
                                   _ body: (StoredMeasurement) -> Void) throws(StoreError) {
        // Set order walks `set_index`, which holds every membership once the tails are merged.
        if order == .set { try completeIndexes() }
        let (sql, arguments) = Self.measurementStream(query, schema: schema, order: order)
        try read("reading measurements") { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let result = try row.withUnsafeData(atIndex: 5) { data in data.map { [UInt8]($0) } ?? [] }
                let sets: [String] = order == .set ? [row[6]] : []
                body(StoredMeasurement(seq: row[0], identifier: row[1], sets: sets, dataset: row[2], dataProvider: row[3],
                                       total: row[4], result: result))
            }
        }
    }

    /// The statement of `forEachMeasurement`: one walk of an index in the order asked for (no sort), the columns
    /// seq, identifier, dataset, data_provider, total, result (and set_spec in set order).
    static func measurementStream(_ query: RecordQuery, schema: String, order: MeasurementOrder) -> (String, StatementArguments) {
        var live = query
        live.includeDeleted = false
        var rest = live
        if order == .set { rest.set = nil }
        // Whether a record is deleted comes from the small (seq, deleted, content_hash) index when nothing else of the
        // record's row (which carries its payloads) is asked about.
        let recordsOnly = live.metadataPrefix == nil && live.from == nil && live.until == nil && !live.withXMLOnly
        let records = recordsOnly ? "records r INDEXED BY records_by_seq_with_hash" : "records r"
        let columns = "m.seq, m.identifier, m.dataset, m.data_provider, m.total, m.result"
        let select: String
        var tail: String
        var arguments: StatementArguments = [schema]
        // CROSS JOIN keeps the first table the outer loop, so its index order is the result's order.
        switch order {
        case .seq:
            select = "SELECT \(columns) FROM measurements m CROSS JOIN \(records) ON r.seq = m.seq"
            tail = " AND m.schema = ? ORDER BY m.seq"
        case .dataProvider:
            select = """
                SELECT \(columns) FROM measurements m INDEXED BY measurements_by_provider CROSS JOIN \(records) ON r.seq = m.seq
                """
            tail = " AND m.schema = ? ORDER BY m.data_provider, m.seq"
        case .set:
            select = """
                SELECT \(columns), s.set_spec FROM set_index s CROSS JOIN measurements m ON m.seq = s.seq \
                CROSS JOIN \(records) ON r.seq = s.seq
                """
            tail = " AND m.schema = ?"
            if let set = live.set {
                tail += " AND s.set_spec = ?"
                arguments += [set]
            }
            tail += " ORDER BY s.set_spec, s.seq"
        }
        // sql(for:) always adds `r.deleted = 0` for live records: there is a WHERE to extend.
        let (sql, conditionArguments) = Self.sql(for: rest, after: nil, select: select)
        return (sql + tail, conditionArguments + arguments)
    }

    static func storedMeasurement(_ row: Row) -> StoredMeasurement {
        let sets: String? = row[2]
        let result = (try? row.withUnsafeData(atIndex: 6) { data in data.map { [UInt8]($0) } ?? [] }) ?? []
        return StoredMeasurement(seq: row[0], identifier: row[1],
                                 sets: sets.map { $0.split(separator: "\u{1F}").map(String.init).sorted() } ?? [],
                                 dataset: row[3], dataProvider: row[4], total: row[5], result: result)
    }
}
