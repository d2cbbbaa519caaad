import Foundation
import GRDB
import GRDBSQLite

extension SQLiteRecordStore: DuplicateClusterStoring {
    public func duplicateCluster(of identifier: String) throws(StoreError) -> DuplicateCluster? {
        try read("reading a duplicate cluster") { db in
            guard let canonical = try String.fetchOne(db, sql: "SELECT canonical FROM duplicate_members WHERE identifier = ?",
                                                      arguments: [identifier]) else { return nil }
            let members = try String.fetchAll(db, sql: """
                SELECT identifier FROM duplicate_members WHERE canonical = ? ORDER BY identifier
                """, arguments: [canonical])
            return DuplicateCluster(canonical: canonical, members: members)
        }
    }

    public func duplicateClusters() throws(StoreError) -> [DuplicateCluster] {
        try read("reading duplicate clusters") { db in
            var clusters: [DuplicateCluster] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT canonical, identifier FROM duplicate_members ORDER BY canonical, identifier")
            while let row = try rows.next() {
                let canonical: String = row[0]
                let member: String = row[1]
                if clusters.last?.canonical == canonical {
                    clusters[clusters.count - 1].members.append(member)
                } else {
                    clusters.append(DuplicateCluster(canonical: canonical, members: [member]))
                }
            }
            return clusters
        }
    }

    public func replaceDuplicateClusters(_ clusters: [DuplicateCluster]) throws(StoreError) {
        try write("storing duplicate clusters") { db in
            try db.execute(sql: "DELETE FROM duplicate_members")
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO duplicate_members (identifier, canonical) VALUES (?, ?)")
            let statement = insert.sqliteStatement
            for cluster in clusters {
                for member in cluster.members {
                    try SQLiteBinding.run(statement, member) { statement in
                        SQLiteBinding.text(statement, 1, member)
                        SQLiteBinding.text(statement, 2, cluster.canonical)
                    }
                }
            }
        }
    }

    public func dedupEntries(after: Int64?, through: Int64?) throws(StoreError) -> [DedupEntry] {
        try read("reading dedup entries") { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT seq, identifier, view_hash, image_key, tcd_key, title_key, creator_key, band_keys, image_url,
                       image_checked, phash, dhash
                FROM dedup_records WHERE seq > ? AND seq <= ? ORDER BY seq
                """), arguments: [after ?? Int64.min, through ?? Int64.max]).map { row in
                let bands: Data? = row[7]
                return DedupEntry(seq: row[0], identifier: row[1], viewHash: Self.unsigned(row[2]) ?? 0,
                                  imageKey: Self.unsigned(row[3]), titleCreatorDateKey: Self.unsigned(row[4]),
                                  titleKey: Self.unsigned(row[5]), creatorKey: Self.unsigned(row[6]),
                                  bandKeys: bands.map { [UInt8]($0) }, imageURL: row[8], imageChecked: (row[9] as Int64) != 0,
                                  phash: Self.unsigned(row[10]), dhash: Self.unsigned(row[11]))
            }
        }
    }

    public func storeDedupEntries(_ entries: [DedupEntry], removing: [Int64]) throws(StoreError) {
        guard !entries.isEmpty || !removing.isEmpty else { return }
        try write("storing dedup entries") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO dedup_records (seq, identifier, view_hash, image_key, tcd_key, title_key, creator_key,
                    band_keys, image_url, image_checked, phash, dhash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // Bound directly (a run stores a million entries; GRDB's arguments cost more than the insert).
            let statement = insert.sqliteStatement
            func hash(_ index: Int32, _ value: UInt64?) {
                if let value { sqlite3_bind_int64(statement, index, Int64(bitPattern: value)) } else { sqlite3_bind_null(statement, index) }
            }
            for e in entries {
                try SQLiteBinding.run(statement, e.identifier) { statement in
                    sqlite3_bind_int64(statement, 1, e.seq)
                    SQLiteBinding.text(statement, 2, e.identifier)
                    hash(3, e.viewHash)
                    hash(4, e.imageKey)
                    hash(5, e.titleCreatorDateKey)
                    hash(6, e.titleKey)
                    hash(7, e.creatorKey)
                    if let bands = e.bandKeys {
                        bands.withUnsafeBytes { raw in
                            _ = raw.baseAddress.map { sqlite3_bind_blob64(statement, 8, $0, UInt64(raw.count), Self.transientBytes) }
                                ?? sqlite3_bind_zeroblob(statement, 8, 0)
                        }
                    } else {
                        sqlite3_bind_null(statement, 8)
                    }
                    SQLiteBinding.text(statement, 9, e.imageURL)
                    sqlite3_bind_int64(statement, 10, e.imageChecked ? 1 : 0)
                    hash(11, e.phash)
                    hash(12, e.dhash)
                }
            }
            let delete = try db.cachedStatement(sql: "DELETE FROM dedup_records WHERE seq = ?")
            let deleteA = try db.cachedStatement(sql: "DELETE FROM duplicate_evidence WHERE a_seq = ?")
            let deleteB = try db.cachedStatement(sql: "DELETE FROM duplicate_evidence WHERE b_seq = ?")
            for seq in removing {
                try delete.execute(arguments: [seq])
                try deleteA.execute(arguments: [seq])
                try deleteB.execute(arguments: [seq])
            }
        }
    }

    public func acceptedViewsFingerprint() throws(StoreError) -> String {
        try read("reading the cleansed views' index") { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT count(*), total(c.seq), total(length(c.view)), total(c.cleansed_at), max(c.cleansed_at)
                FROM cleansed_views c JOIN records r ON r.seq = c.seq
                WHERE r.deleted = 0 AND c.rejected IS NULL AND c.view IS NOT NULL
                """) else { return "" }
            let count: Int64 = row[0]
            let seqs: Double = row[1], sizes: Double = row[2], times: Double = row[3]
            let latest: Double? = row[4]
            return "\(count) \(seqs) \(sizes) \(times) \(latest ?? 0)"
        }
    }

    public func dedupEntryCount() throws(StoreError) -> Int {
        try read("counting dedup entries") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dedup_records") ?? 0 }
    }

    public func dedupIdentifiers(seqs: [Int64]) throws(StoreError) -> [Int64: String] {
        guard !seqs.isEmpty else { return [:] }
        return try read("reading dedup identifiers") { db in
            var found: [Int64: String] = [:]
            found.reserveCapacity(seqs.count)
            let statement = try db.cachedStatement(sql: "SELECT identifier FROM dedup_records WHERE seq = ?")
            for seq in seqs {
                if let identifier = try String.fetchOne(statement, arguments: [seq]) { found[seq] = identifier }
            }
            return found
        }
    }

    public func duplicateEvidence(kinds: [String]) throws(StoreError) -> [DuplicateEvidence] {
        guard !kinds.isEmpty else { return [] }
        return try read("reading duplicate evidence") { db in
            let marks = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
            // Stepped directly (a run reads every piece of evidence).
            let select = try db.makeStatement(sql: """
                SELECT a_seq, b_seq, kind, score FROM duplicate_evidence WHERE kind IN (\(marks)) ORDER BY a_seq, b_seq, kind
                """)
            try select.setArguments(StatementArguments(kinds))
            var found: [DuplicateEvidence] = []
            try Self.rows(select.sqliteStatement, keepingBindings: true, bind: { _ in }) { row in
                found.append(DuplicateEvidence(a: sqlite3_column_int64(row, 0), b: sqlite3_column_int64(row, 1), kind: Self.text(row, 2),
                                               score: sqlite3_column_double(row, 3)))
            }
            return found
        }
    }

    public func replaceDuplicateEvidence(kinds: [String], touching: [Int64]?, with evidence: [DuplicateEvidence]) throws(StoreError) {
        try write("storing duplicate evidence") { db in
            if let touching {
                let deleteA = try db.cachedStatement(sql: "DELETE FROM duplicate_evidence WHERE a_seq = ? AND kind = ?")
                let deleteB = try db.cachedStatement(sql: "DELETE FROM duplicate_evidence WHERE b_seq = ? AND kind = ?")
                for seq in touching {
                    for kind in kinds {
                        try deleteA.execute(arguments: [seq, kind])
                        try deleteB.execute(arguments: [seq, kind])
                    }
                }
            } else {
                let delete = try db.cachedStatement(sql: "DELETE FROM duplicate_evidence WHERE kind = ?")
                for kind in kinds { try delete.execute(arguments: [kind]) }
            }
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO duplicate_evidence (a_seq, b_seq, kind, score) VALUES (?, ?, ?, ?)
                """)
            let statement = insert.sqliteStatement
            for e in evidence {
                try SQLiteBinding.run(statement, "a piece of evidence") { statement in
                    sqlite3_bind_int64(statement, 1, e.a)
                    sqlite3_bind_int64(statement, 2, e.b)
                    SQLiteBinding.text(statement, 3, e.kind)
                    sqlite3_bind_double(statement, 4, e.score)
                }
            }
        }
    }

    public func cleansedViewsForDedup(seqs: [Int64]) throws(StoreError) -> [StoredCleansedView] {
        guard !seqs.isEmpty else { return [] }
        return try read("reading cleansed views") { db in
            var found: [StoredCleansedView] = []
            found.reserveCapacity(seqs.count)
            let statement = try db.cachedStatement(sql: """
                SELECT seq, identifier, content_hash, view, rejected FROM cleansed_views WHERE seq = ?
                """)
            for seq in seqs.sorted() {
                if let row = try Row.fetchOne(statement, arguments: [seq]) { found.append(Self.storedCleansedView(row)) }
            }
            return found
        }
    }

    public func currentTotals(seqs: [Int64], schema: String, schemaHash: String) throws(StoreError) -> [Int64: Double?] {
        guard !seqs.isEmpty else { return [:] }
        return try read("reading measurement totals") { db in
            var found: [Int64: Double?] = [:]
            let statement = try db.cachedStatement(sql: """
                SELECT m.total FROM measurements m JOIN records r ON r.seq = m.seq
                WHERE m.schema = ? AND m.seq = ? AND m.schema_hash = ? AND m.content_hash = r.content_hash
                """)
            for seq in seqs {
                if let row = try Row.fetchOne(statement, arguments: [schema, seq, schemaHash]) {
                    let total: Double? = row[0]
                    found[seq] = .some(total)
                }
            }
            return found
        }
    }

    /// SQLite copies the bytes it is given.
    static let transientBytes = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A 64-bit hash as SQLite keeps it (its bit pattern as a signed integer).
    static func signed(_ value: UInt64?) -> Int64? { value.map { Int64(bitPattern: $0) } }

    /// A 64-bit hash as SQLite returned it.
    static func unsigned(_ value: Int64?) -> UInt64? { value.map { UInt64(bitPattern: $0) } }
}
