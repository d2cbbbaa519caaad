import Foundation
import GRDB

extension SQLiteRecordStore {
    /// Records whose payloads are compressed per transaction when a store written before `v6-compressed-payloads` is
    /// brought up to date.
    static let compressionBatch = 2_000

    /// Whether this store still holds payloads written as text that opening it with zstd compression would compress
    /// (or a file to vacuum after doing so).
    public var compressesStoredPayloads: Bool {
        get throws(StoreError) {
            try read("reading the compression state") { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM payload_compression)") ?? false
            }
        }
    }

    /// Compresses the payloads a store written before `v6-compressed-payloads` kept as text, oldest records first, in
    /// batches each in a transaction of its own (a kill resumes after the last batch; meanwhile text and compressed rows
    /// read alike), training each format's dictionaries first from its first records; then vacuums the file so that it
    /// shrinks. Does nothing when this store writes text, or when nothing waits.
    func compressStoredPayloads() throws(StoreError) {
        // Looked for in a read first: an open must not wait for the write lock a harvest holds.
        guard payloads.compression.method == .zstd, try compressesStoredPayloads else { return }
        while true {
            let phase = try write("compressing stored payloads") { db -> String? in
                guard let row = try Row.fetchOne(db, sql: "SELECT next_seq, phase FROM payload_compression WHERE id = 1") else {
                    return nil
                }
                let phase: String = row[1]
                guard phase == "compress" else { return phase }
                let last = try compressBatch(after: row[0], db: db)
                if let last {
                    try db.execute(sql: "UPDATE payload_compression SET next_seq = ? WHERE id = 1", arguments: [last])
                    return phase
                }
                try db.execute(sql: "UPDATE payload_compression SET phase = 'vacuum' WHERE id = 1")
                return "vacuum"
            }
            switch phase {
            case "compress": continue
            case "vacuum":
                // VACUUM rewrites the file without the pages the text payloads left free (through a temporary copy:
                // it needs free disk space about the size of the compressed store).
                do {
                    try pool.writeWithoutTransaction { db in
                        try db.execute(sql: "VACUUM")
                        try db.execute(sql: "DELETE FROM payload_compression")
                        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                    }
                } catch {
                    throw .sqlite(path: path, operation: "vacuuming the store after compressing its payloads", message: Self.message(error))
                }
                return
            default:
                return
            }
        }
    }

    /// Compresses the text payloads of up to `compressionBatch` records after `seq`; the last seq looked at, nil when none.
    private func compressBatch(after seq: Int64, db: Database) throws -> Int64? {
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, identifier, metadata_prefix, metadata_xml, json FROM records WHERE seq > ? ORDER BY seq LIMIT ?
            """, arguments: [seq, Self.compressionBatch])
        guard let last = rows.last else { return nil }
        let update = try db.makeStatement(sql: "UPDATE records SET metadata_xml = ?, json = ? WHERE seq = ?")
        var dictionaries: [String: PayloadDictionary?] = [:]
        try payloads.withCodec { codec in
            for row in rows {
                let identifier: String = row[1], prefix: String = row[2]
                let xml: DatabaseValue = row[3], json: DatabaseValue = row[4]
                guard xml.storage.isText || json.storage.isText else { continue }
                var values: [DatabaseValue] = []
                for (kind, value) in [(PayloadKind.xml, xml), (.json, json)] {
                    guard case .string(let text) = value.storage else {
                        values.append(value)
                        continue
                    }
                    let key = prefix + "\u{0}" + kind.rawValue
                    let dictionary: PayloadDictionary?
                    if let known = dictionaries[key] {
                        dictionary = known
                    } else {
                        dictionary = try Self.dictionaryForWriting(prefix, kind, codec: codec, payloads: payloads, db: db)
                        dictionaries[key] = dictionary
                    }
                    let writer = PayloadWriter(codec: codec, xml: dictionary, json: dictionary)
                    values.append(try writer.value(Array(text.utf8), kind, identifier: identifier)?.databaseValue ?? .null)
                }
                try update.execute(arguments: StatementArguments(values + [row[0] as DatabaseValue]))
            }
        }
        let lastSeq: Int64 = last[0]
        return lastSeq
    }
}

extension DatabaseValue.Storage {
    /// True for a text value.
    var isText: Bool {
        if case .string = self { return true }
        return false
    }
}
