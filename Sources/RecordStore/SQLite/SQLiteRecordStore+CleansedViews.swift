import Foundation
import GRDB

extension SQLiteRecordStore: CleansedViewStoring {
    public func uncleansed(metadataPrefix: String?, mappingHash: String, after: Int64?,
                           limit: Int) throws(StoreError) -> (seqs: [Int64], through: Int64?, examined: Int) {
        try read("finding records to cleanse") { db in
            let candidates: [Row]
            if let metadataPrefix {
                candidates = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT seq, content_hash FROM records WHERE seq > ? AND deleted = 0 AND metadata_prefix = ? ORDER BY seq LIMIT ?
                    """), arguments: [after ?? 0, metadataPrefix, limit])
            } else {
                candidates = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT seq, content_hash FROM records INDEXED BY records_by_seq_with_hash
                    WHERE seq > ? AND deleted = 0 ORDER BY seq LIMIT ?
                    """), arguments: [after ?? 0, limit])
            }
            guard let first = candidates.first, let last = candidates.last else { return ([], nil, 0) }
            var done: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT seq, content_hash FROM cleansed_views WHERE seq BETWEEN ? AND ? AND mapping_hash = ?
                """), arguments: [first[0] as Int64, last[0] as Int64, mappingHash])
            while let row = try rows.next() { done[row[0]] = row[1] }
            let seqs = candidates.compactMap { row -> Int64? in
                let seq: Int64 = row[0]
                let hash: String = row[1]
                return done[seq] == hash ? nil : seq
            }
            return (seqs, last[0] as Int64, candidates.count)
        }
    }

    public func storeCleansedViews(_ views: [CleansedViewInput]) throws(StoreError) {
        guard !views.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try write("storing cleansed views") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO cleansed_views (seq, identifier, content_hash, mapping_hash, view, rejected, cleansed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for v in views {
                try insert.execute(arguments: [v.seq, v.identifier, v.contentHash, v.mappingHash, v.view.map { Data($0) },
                                               v.rejected.isEmpty ? nil : v.rejected.joined(separator: "; "), now])
            }
        }
    }

    public func cleansedViews(after: Int64?, limit: Int, rejectedOnly: Bool) throws(StoreError) -> [StoredCleansedView] {
        try read("reading cleansed views") { db in
            let sql = rejectedOnly
                ? """
                  SELECT c.seq, c.identifier, c.content_hash, c.view, c.rejected FROM cleansed_views c INDEXED BY cleansed_views_rejected
                  JOIN records r ON r.seq = c.seq
                  WHERE c.rejected IS NOT NULL AND c.seq > ? AND r.deleted = 0 ORDER BY c.seq LIMIT ?
                  """
                : """
                  SELECT c.seq, c.identifier, c.content_hash, c.view, c.rejected FROM cleansed_views c
                  JOIN records r INDEXED BY records_by_seq_with_hash ON r.seq = c.seq
                  WHERE c.seq > ? AND r.deleted = 0 ORDER BY c.seq LIMIT ?
                  """
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [after ?? 0, limit]).map(Self.storedCleansedView)
        }
    }

    public func cleansedViews(identifiers: [String]) throws(StoreError) -> [StoredCleansedView] {
        guard !identifiers.isEmpty else { return [] }
        return try read("reading cleansed views") { db in
            var found: [StoredCleansedView] = []
            let statement = try db.cachedStatement(sql: """
                SELECT c.seq, c.identifier, c.content_hash, c.view, c.rejected FROM cleansed_views c
                JOIN records r ON r.seq = c.seq WHERE c.identifier = ? AND r.deleted = 0 ORDER BY c.seq
                """)
            for identifier in identifiers {
                found += try Row.fetchAll(statement, arguments: [identifier]).map(Self.storedCleansedView)
            }
            return found.sorted { $0.seq < $1.seq }
        }
    }

    @discardableResult
    public func dropStaleCleansedViews() throws(StoreError) -> Int {
        try write("dropping stale cleansed views") { db in
            try db.execute(sql: """
                DELETE FROM cleansed_views WHERE seq IN (
                    SELECT c.seq FROM cleansed_views c LEFT JOIN records r ON r.seq = c.seq WHERE r.seq IS NULL OR r.deleted = 1)
                """)
            return db.changesCount
        }
    }

    public func recordsToCleanse(seqs: [Int64]) throws(StoreError) -> [RecordToCleanse] {
        guard !seqs.isEmpty else { return [] }
        return try read("reading records to cleanse") { db in
            var result: [RecordToCleanse] = []
            result.reserveCapacity(seqs.count)
            var start = 0
            while start < seqs.count {
                let chunk = seqs[start..<min(seqs.count, start + 1_000)]
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let select = try db.makeStatement(sql: """
                    SELECT seq, identifier, datestamp, content_hash, json,
                           CASE WHEN json IS NULL OR length(json) = 0 THEN metadata_xml END
                    FROM records WHERE deleted = 0 AND seq IN (\(placeholders)) ORDER BY seq
                    """)
                let rows = try Row.fetchCursor(select, arguments: StatementArguments(Array(chunk)))
                let statement = select.sqliteStatement
                try payloads.withCodec { codec in
                    while let row = try rows.next() {
                        let identifier: String = row[1]
                        var record = RecordToCleanse(seq: row[0], identifier: identifier, datestamp: row[2], contentHash: row[3],
                                                     json: [], xml: nil)
                        // Payloads are read (and decompressed) in place from SQLite's buffers; one that cannot be read
                        // back is this record's problem, not the batch's.
                        do {
                            record.json = try Self.payloadBytes(statement, 4, kind: .json, codec: codec, payloads: payloads, db: db,
                                                                identifier: identifier) ?? []
                            record.xml = try Self.payloadBytes(statement, 5, kind: .xml, codec: codec, payloads: payloads, db: db,
                                                               identifier: identifier)
                        } catch let error as PayloadReadError {
                            record.json = []
                            record.xml = nil
                            record.problem = "its stored \(error.payload) cannot be read back (\(error.reason))"
                        }
                        result.append(record)
                    }
                }
                start += chunk.count
            }
            return result
        }
    }

    public func cleansedViewsAreCurrent(mappingHash: String) throws(StoreError) -> Bool {
        try read("checking the cleansed views") { db in
            let missing = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM records r INDEXED BY records_by_seq_with_hash
                               LEFT JOIN cleansed_views c ON c.seq = r.seq
                               WHERE r.deleted = 0 AND (c.seq IS NULL OR c.content_hash != r.content_hash OR c.mapping_hash != ?))
                """, arguments: [mappingHash]) ?? true
            if missing { return false }
            let stale = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM cleansed_views c LEFT JOIN records r ON r.seq = c.seq
                               WHERE r.seq IS NULL OR r.deleted = 1)
                """) ?? true
            return !stale
        }
    }

    public func cleansedViewCounts() throws(StoreError) -> (views: Int, rejected: Int) {
        try read("counting cleansed views") { db in
            let views = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM cleansed_views c JOIN records r ON r.seq = c.seq WHERE r.deleted = 0
                """) ?? 0
            let rejected = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM cleansed_views c INDEXED BY cleansed_views_rejected JOIN records r ON r.seq = c.seq
                WHERE c.rejected IS NOT NULL AND r.deleted = 0
                """) ?? 0
            return (views, rejected)
        }
    }

    public func pipelineRun(stage: String) throws(StoreError) -> PipelineRun? {
        try read("reading the last pipeline run") { db in
            try Row.fetchOne(db, sql: "SELECT parameters, finished_at FROM pipeline_runs WHERE stage = ?", arguments: [stage])
                .map { PipelineRun(parameters: $0[0], finishedAt: $0[1]) }
        }
    }

    public func recordPipelineRun(stage: String, parameters: String) throws(StoreError) {
        try write("recording a pipeline run") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO pipeline_runs (stage, parameters, finished_at) VALUES (?, ?, ?)",
                           arguments: [stage, parameters, Date().timeIntervalSince1970])
        }
    }

    static func storedCleansedView(_ row: Row) -> StoredCleansedView {
        let view: Data? = row[3]
        let rejected: String? = row[4]
        return StoredCleansedView(seq: row[0], identifier: row[1], contentHash: row[2], view: view.map { [UInt8]($0) },
                                  rejected: rejected.map { $0.components(separatedBy: "; ") } ?? [])
    }
}
