import Foundation
import GRDB
import GRDBSQLite

extension SQLiteRecordStore {
    /// The live records matching `query` as batches of JSON bytes, shared by several reader threads.
    public func jsonBatches(_ query: RecordQuery, batchSize: Int = 512) -> RecordJSONBatches {
        var selection = query
        selection.includeDeleted = false
        let live = selection
        return RecordJSONBatches(batchSize: batchSize, claim: { [self] (after: Int64?, limit: Int) throws(StoreError) -> [Int64] in
            try read("reading records") { db in
                try Self.matching(live, after: after, limit: limit, columns: "r.seq", db).map { $0[0] as Int64 }
            }
        }, fetch: { [self] (seqs: [Int64]) throws(StoreError) -> [RecordJSON] in
            try recordJSON(seqs: seqs, withXML: false)
        })
    }

    /// The JSON (and, when asked, XML) of the live records with these seqs, in seq order; seqs of deleted or unknown
    /// records are passed over. The payloads are copied from SQLite's buffers as bytes (no String per record).
    public func recordJSON(seqs: [Int64], withXML: Bool) throws(StoreError) -> [RecordJSON] {
        guard !seqs.isEmpty else { return [] }
        return try read("reading records") { db in
            var result: [RecordJSON] = []
            result.reserveCapacity(seqs.count)
            var start = 0
            while start < seqs.count {
                let chunk = seqs[start..<min(seqs.count, start + 1_000)]
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let select = try db.makeStatement(sql: """
                    SELECT r.seq, r.identifier, r.content_hash, r.json, \(withXML ? "r.metadata_xml" : "NULL"),
                           (SELECT group_concat(set_spec, char(31)) FROM record_sets WHERE seq = r.seq)
                    FROM records r WHERE r.deleted = 0 AND r.seq IN (\(placeholders)) ORDER BY r.seq
                    """)
                let rows = try Row.fetchCursor(select, arguments: StatementArguments(Array(chunk)))
                let statement = select.sqliteStatement
                try payloads.withCodec { codec in
                    while let row = try rows.next() {
                        let sets: String? = row[5]
                        let identifier: String = row[1]
                        // Payloads are read (and decompressed) in place from SQLite's buffers, on this thread.
                        let json = try Self.payloadBytes(statement, 3, kind: .json, codec: codec, payloads: payloads, db: db,
                                                         identifier: identifier) ?? []
                        let xml = withXML ? try Self.payloadBytes(statement, 4, kind: .xml, codec: codec, payloads: payloads, db: db,
                                                                  identifier: identifier) : nil
                        result.append(RecordJSON(seq: row[0], identifier: identifier,
                                                 sets: sets.map { $0.split(separator: "\u{1F}").map(String.init).sorted() } ?? [],
                                                 contentHash: row[2], json: json, xml: xml))
                    }
                }
                start += chunk.count
            }
            return result
        }
    }
}
