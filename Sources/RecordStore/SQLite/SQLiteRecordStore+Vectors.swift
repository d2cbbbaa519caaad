import Foundation
import GRDB

extension SQLiteRecordStore: VectorStoring {
    /// The live, accepted cleansed views joined with their vector of a model (`?1` the parameters key, `?2` the model).
    private static let viewsWithVectors = """
        FROM cleansed_views c JOIN records r ON r.seq = c.seq
        LEFT JOIN record_vectors v ON v.model = ?2 AND v.seq = c.seq
        WHERE r.deleted = 0 AND c.rejected IS NULL AND c.view IS NOT NULL
        """

    public func viewsNeedingVectors(model: String, parametersKey: String, after: Int64?,
                                    limit: Int) throws(StoreError) -> (views: [ViewToEmbed], through: Int64?) {
        try read("finding records to embed") { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT c.seq, c.identifier, c.content_hash || '/' || c.mapping_hash || '/' || ?1, v.content_hash, c.view
                \(Self.viewsWithVectors) AND c.seq > ?3 ORDER BY c.seq LIMIT ?4
                """), arguments: [parametersKey, model, after ?? 0, max(1, limit)])
            var views: [ViewToEmbed] = []
            var through: Int64?
            while let row = try rows.next() {
                let seq: Int64 = row[0]
                through = seq
                let key: String = row[2]
                let stored: String? = row[3]
                guard stored != key else { continue }
                let view: Data = row[4]
                views.append(ViewToEmbed(seq: seq, identifier: row[1], key: key, view: [UInt8](view)))
            }
            return (views, through)
        }
    }

    public func countViewsNeedingVectors(model: String, parametersKey: String) throws(StoreError) -> (needing: Int, total: Int) {
        try read("counting records to embed") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COALESCE(SUM(v.content_hash IS NULL OR v.content_hash != c.content_hash || '/' || c.mapping_hash || '/' || ?1), 0)
                \(Self.viewsWithVectors)
                """, arguments: [parametersKey, model])
            let total: Int = row?[0] ?? 0
            let needing: Int = row?[1] ?? 0
            return (needing, total)
        }
    }

    public func storeVectors(_ vectors: [VectorInput], model: String) throws(StoreError) {
        guard !vectors.isEmpty else { return }
        try write("storing vectors") { db in
            let tombstone = try Self.tombstoneStatement(db)
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO record_vectors (model, seq, identifier, content_hash, vector) VALUES (?, ?, ?, ?, ?)
                """)
            var tombstones = 0
            for vector in vectors {
                try tombstone.execute(arguments: [model, vector.seq])
                tombstones += db.changesCount
                try insert.execute(arguments: [model, vector.seq, vector.identifier, vector.key, Data(vector.bytes)])
            }
            try Self.countTombstones(db, model: model, tombstones)
        }
    }

    @discardableResult
    public func dropStaleVectors(model: String) throws(StoreError) -> Int {
        try write("dropping stale vectors") { db in
            let stale = try Int64.fetchAll(db, sql: """
                SELECT v.seq FROM record_vectors v LEFT JOIN records r ON r.seq = v.seq LEFT JOIN cleansed_views c ON c.seq = v.seq
                WHERE v.model = ? AND (r.seq IS NULL OR r.deleted = 1 OR c.seq IS NULL OR c.rejected IS NOT NULL OR c.view IS NULL)
                """, arguments: [model])
            let tombstone = try Self.tombstoneStatement(db)
            let delete = try db.cachedStatement(sql: "DELETE FROM record_vectors WHERE model = ? AND seq = ?")
            var tombstones = 0
            for seq in stale {
                try tombstone.execute(arguments: [model, seq])
                tombstones += db.changesCount
                try delete.execute(arguments: [model, seq])
            }
            try Self.countTombstones(db, model: model, tombstones)
            return stale.count
        }
    }

    /// Makes the live graph node of a record (`?1` model, `?2` seq) a tombstone that keeps the vector about to go.
    private static func tombstoneStatement(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: """
            UPDATE vector_index_nodes SET deleted = 1,
                vector = (SELECT vector FROM record_vectors WHERE model = ?1 AND seq = ?2)
            WHERE model = ?1 AND seq = ?2 AND deleted = 0
            """)
    }

    private static func countTombstones(_ db: Database, model: String, _ count: Int) throws {
        guard count > 0 else { return }
        try db.execute(sql: "UPDATE vector_indexes SET tombstones = tombstones + ? WHERE model = ?", arguments: [count, model])
    }

    public func vectorModels() throws(StoreError) -> [String] {
        try read("reading vector models") { db in
            try String.fetchAll(db, sql: """
                SELECT model FROM record_vectors WHERE length(vector) > 0 GROUP BY model ORDER BY COUNT(*) DESC, model
                """)
        }
    }

    public func vectorCount(model: String) throws(StoreError) -> Int {
        try read("counting vectors") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_vectors WHERE model = ? AND length(vector) > 0",
                             arguments: [model]) ?? 0
        }
    }

    public func forEachVector(model: String, _ body: (Int64, UnsafeRawBufferPointer) -> Void) throws(StoreError) {
        try read("reading vectors") { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, vector FROM record_vectors WHERE model = ? AND length(vector) > 0 ORDER BY seq
                """, arguments: [model])
            while let row = try rows.next() {
                let seq: Int64 = row[0]
                try row.withUnsafeData(atIndex: 1) { data in
                    data?.withUnsafeBytes { body(seq, $0) }
                }
            }
        }
    }

    public func liveRecordSeq(identifier: String) throws(StoreError) -> Int64? {
        try read("finding a record") { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM records WHERE identifier = ? AND deleted = 0 ORDER BY seq LIMIT 1",
                               arguments: [identifier])
        }
    }

    public func vector(model: String, seq: Int64) throws(StoreError) -> [UInt8]? {
        try read("reading a vector") { db in
            try Data.fetchOne(db, sql: "SELECT vector FROM record_vectors WHERE model = ? AND seq = ?", arguments: [model, seq])
                .map { [UInt8]($0) }
        }
    }

    public func liveRecordSeqs(identifiers: [String]) throws(StoreError) -> [Int64] {
        guard !identifiers.isEmpty else { return [] }
        return try read("finding records") { db in
            let statement = try db.cachedStatement(sql: "SELECT seq FROM records WHERE identifier = ? AND deleted = 0")
            var seqs: [Int64] = []
            for identifier in identifiers { seqs += try Int64.fetchAll(statement, arguments: [identifier]) }
            return seqs
        }
    }

    public func recordSeqs(set: String) throws(StoreError) -> [Int64] {
        try read("reading a set's records") { db in
            try Int64.fetchAll(db, sql: "SELECT seq FROM record_sets WHERE set_spec = ?", arguments: [set])
        }
    }

    public func recordDetails(seqs: [Int64]) throws(StoreError) -> [Int64: RecordDetail] {
        try read("reading records") { db in
            let statement = try db.cachedStatement(sql: """
                SELECT r.identifier, c.view, (SELECT s.set_spec FROM record_sets s WHERE s.seq = r.seq ORDER BY s.set_spec LIMIT 1)
                FROM records r LEFT JOIN cleansed_views c ON c.seq = r.seq WHERE r.seq = ?
                """)
            var details: [Int64: RecordDetail] = [:]
            for seq in seqs {
                guard let row = try Row.fetchOne(statement, arguments: [seq]) else { continue }
                let view: Data? = row[1]
                details[seq] = RecordDetail(identifier: row[0], view: view.map { [UInt8]($0) }, firstSet: row[2])
            }
            return details
        }
    }

    public func vectorIndex(model: String) throws(StoreError) -> StoredVectorIndex? {
        try read("reading the vector index") { db in
            try Row.fetchOne(db, sql: """
                SELECT parameters, dimension, entry, top_level, nodes, tombstones FROM vector_indexes WHERE model = ?
                """, arguments: [model]).map {
                StoredVectorIndex(model: model, parameters: $0[0], dimension: $0[1], entry: $0[2], topLevel: $0[3],
                                  nodes: $0[4], tombstones: $0[5])
            }
        }
    }

    public func forEachVectorIndexNode(model: String, _ body: (StoredVectorIndexNode) -> Void) throws(StoreError) {
        try read("reading the vector index") { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT node, seq, level, deleted, links, vector FROM vector_index_nodes WHERE model = ? ORDER BY node
                """, arguments: [model])
            while let row = try rows.next() {
                let links: Data = row[4]
                let vector: Data? = row[5]
                body(StoredVectorIndexNode(node: row[0], seq: row[1], level: row[2], deleted: row[3], links: [UInt8](links),
                                           vector: vector.map { [UInt8]($0) }))
            }
        }
    }

    public func storeVectorIndex(_ index: StoredVectorIndex, nodes: [StoredVectorIndexNode],
                                 replacingAll: Bool) throws(StoreError) {
        try write("storing the vector index") { db in
            if replacingAll { try db.execute(sql: "DELETE FROM vector_index_nodes WHERE model = ?", arguments: [index.model]) }
            try db.execute(sql: """
                INSERT OR REPLACE INTO vector_indexes (model, parameters, dimension, entry, top_level, nodes, tombstones, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [index.model, index.parameters, index.dimension, index.entry, index.topLevel, index.nodes,
                                 index.tombstones, Date().timeIntervalSince1970])
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO vector_index_nodes (model, node, seq, level, deleted, links, vector) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for node in nodes {
                try insert.execute(arguments: [index.model, node.node, node.seq, node.level, node.deleted, Data(node.links),
                                               node.vector.map { Data($0) }])
            }
        }
    }
}
