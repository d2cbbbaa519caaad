import Foundation
import GRDB
import GRDBSQLite

/// What a page write compresses its payloads with: a codec of its own and, per payload kind, the format's
/// dictionary (nil before one is trained).
struct PayloadWriter {
    let codec: PayloadCodec
    let xml: PayloadDictionary?
    let json: PayloadDictionary?

    func dictionary(_ kind: PayloadKind) -> PayloadDictionary? { kind == .xml ? xml : json }

    /// `bytes` as the value a payload column keeps (a zstd frame as a blob), for writes through GRDB's arguments.
    func value(_ bytes: [UInt8]?, _ kind: PayloadKind, identifier: String) throws -> Data? {
        guard let bytes else { return nil }
        do {
            return try bytes.withUnsafeBytes { try codec.compress($0, dictionary: dictionary(kind), kind: kind) { Data($0) } }
        } catch {
            throw SQLiteBinding.Failure(description: "\(identifier): compressing its \(kind.label): \(error)")
        }
    }
}

extension SQLiteRecordStore {
    // MARK: - Writing

    /// The writer a page in `metadataPrefix` compresses with (nil when this store writes payloads as text), training
    /// the format's dictionary for a kind the page carries when it has none and enough records to learn from. The
    /// caller gives the codec back (`payloads.checkIn`).
    static func payloadWriter(_ records: [RecordInput], metadataPrefix: String, payloads: PayloadCodecs,
                              db: Database) throws -> PayloadWriter? {
        guard payloads.compression.method == .zstd else { return nil }
        let codec = try payloads.checkOut()
        do {
            let live = records.filter { !$0.deleted }
            let xml = live.contains { $0.metadataBytes != nil }
                ? try dictionaryForWriting(metadataPrefix, .xml, codec: codec, payloads: payloads, db: db) : nil
            let json = live.contains { $0.jsonBytes != nil }
                ? try dictionaryForWriting(metadataPrefix, .json, codec: codec, payloads: payloads, db: db) : nil
            return PayloadWriter(codec: codec, xml: xml, json: json)
        } catch {
            payloads.checkIn(codec)
            throw error
        }
    }

    /// Binds a payload for the duration of `body` (which runs the statement): as text when `writer` is nil, else as a
    /// zstd frame blob. A payload that cannot be compressed fails naming `identifier`.
    static func withPayload<R>(_ statement: OpaquePointer, _ index: Int32, _ bytes: [UInt8]?, _ writer: PayloadWriter?,
                               _ kind: PayloadKind, identifier: String, _ body: (Int32) throws -> R) throws -> R {
        guard let writer, let bytes else { return try SQLiteBinding.withText(statement, index, bytes: bytes, body) }
        var result: R?
        do {
            try bytes.withUnsafeBytes { source in
                try writer.codec.compress(source, dictionary: writer.dictionary(kind), kind: kind) { frame in
                    result = try SQLiteBinding.withBlob(statement, index, frame) { code in try body(code) }
                }
            }
        } catch let error as PayloadCodecError {
            throw SQLiteBinding.Failure(description: "\(identifier): compressing its \(kind.label): \(error)")
        }
        guard let result else { throw SQLiteBinding.Failure(description: "\(identifier): its \(kind.label) was not written") }
        return result
    }

    /// The dictionary new payloads of `kind` in `metadataPrefix` are compressed with. The first page written to a format
    /// with `dictionarySamples` live records or more trains it from the format's first records (in the page's own
    /// transaction, so a kill leaves either the dictionary and the page or neither) and recompresses those records
    /// with it. A training that fails is remembered: that format's payloads of that kind are then compressed without.
    static func dictionaryForWriting(_ metadataPrefix: String, _ kind: PayloadKind, codec: PayloadCodec, payloads: PayloadCodecs,
                                     db: Database) throws -> PayloadDictionary? {
        let find = try db.cachedStatement(sql: "SELECT dictionary_id FROM payload_dictionaries WHERE metadata_prefix = ? AND kind = ?")
        if let row = try Row.fetchOne(find, arguments: [metadataPrefix, kind.rawValue]) {
            guard let id: Int64 = row[0] else { return nil }
            return try storedDictionary(id: UInt32(truncatingIfNeeded: id), payloads: payloads, db: db)
        }
        let samples = payloads.compression.dictionarySamples
        let live = try Int.fetchOne(db, sql: "SELECT live FROM format_counts WHERE metadata_prefix = ?", arguments: [metadataPrefix]) ?? 0
        guard live >= samples else { return nil }
        // The format's first live records with this payload (legacy text or frames without a dictionary).
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, identifier, \(kind.column) FROM records
            WHERE metadata_prefix = ? AND deleted = 0 AND \(kind.column) IS NOT NULL ORDER BY seq LIMIT ?
            """, arguments: [metadataPrefix, samples])
        var texts: [(seq: Int64, bytes: [UInt8])] = []
        for row in rows {
            let identifier: String = row[1]
            if let bytes = try payloadBytes(row[2], kind: kind, codec: codec, payloads: payloads, db: db, identifier: identifier) {
                texts.append((row[0], bytes))
            }
        }
        let now = Date().timeIntervalSince1970
        let dictionary: PayloadDictionary?
        do {
            let capacity = min(payloads.compression.dictionarySize, max(4_096, texts.reduce(0) { $0 + $1.bytes.count } / 10))
            let trained = try PayloadCodec.trainDictionary(samples: texts.map(\.bytes), capacity: capacity)
            dictionary = PayloadDictionary(bytes: trained, level: payloads.compression.level)
        } catch {
            dictionary = nil
        }
        let taken = try dictionary.map { dictionary in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM payload_dictionaries WHERE dictionary_id = ?)",
                              arguments: [Int64(dictionary.id)]) ?? false
        } ?? false
        guard let dictionary, !taken else {
            // Nothing learnt (or, by a 1 in 2^31 chance, another format's dictionary has its id): none for this kind.
            try db.execute(sql: "INSERT INTO payload_dictionaries VALUES (?, ?, NULL, NULL, ?, ?)",
                           arguments: [metadataPrefix, kind.rawValue, texts.count, now])
            return nil
        }
        try db.execute(sql: "INSERT INTO payload_dictionaries VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [metadataPrefix, kind.rawValue, Int64(dictionary.id), Data(dictionary.bytes), texts.count, now])
        let stored = try payloads.dictionary(id: dictionary.id) { dictionary.bytes } ?? dictionary
        let update = try db.makeStatement(sql: "UPDATE records SET \(kind.column) = ? WHERE seq = ?")
        for text in texts {
            let frame = try text.bytes.withUnsafeBytes { try codec.compressed($0, dictionary: stored, kind: kind) }
            try update.execute(arguments: [Data(frame), text.seq])
        }
        return stored
    }

    /// The store's dictionary with this zstd id, prepared (once per store object).
    static func storedDictionary(id: UInt32, payloads: PayloadCodecs, db: Database) throws -> PayloadDictionary? {
        try payloads.dictionary(id: id) {
            let statement = try db.cachedStatement(sql: "SELECT dictionary FROM payload_dictionaries WHERE dictionary_id = ?")
            return try Data.fetchOne(statement, arguments: [Int64(id)]).map { [UInt8]($0) }
        }
    }

    // MARK: - Reading

    /// A payload column's value as bytes: NULL as nil, text as it is, a zstd frame decompressed (with the dictionary
    /// its id names). A value that cannot be read back fails naming the record.
    static func payloadBytes(_ value: DatabaseValue, kind: PayloadKind, codec: PayloadCodec, payloads: PayloadCodecs,
                             db: Database, identifier: @autoclosure () -> String) throws -> [UInt8]? {
        switch value.storage {
        case .null: return nil
        case .string(let text): return Array(text.utf8)
        case .blob(let data):
            return try data.withUnsafeBytes { frame in
                try decoded(frame, kind: kind, payloads: payloads, db: db, identifier: identifier()) { dictionary in
                    try codec.decompress(frame, dictionary: dictionary)
                }
            }
        case .int64, .double:
            throw corrupt(identifier(), kind, "a number where a payload belongs")
        }
    }

    /// A payload column's value as a string, like `payloadBytes`.
    static func payloadString(_ value: DatabaseValue, kind: PayloadKind, codec: PayloadCodec, payloads: PayloadCodecs,
                              db: Database, identifier: @autoclosure () -> String) throws -> String? {
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        case .blob(let data):
            return try data.withUnsafeBytes { frame in
                try decoded(frame, kind: kind, payloads: payloads, db: db, identifier: identifier()) { dictionary in
                    try codec.decompressString(frame, dictionary: dictionary)
                }
            }
        case .int64, .double:
            throw corrupt(identifier(), kind, "a number where a payload belongs")
        }
    }

    /// The payload in `column` of the row `statement` stands on, read in place from SQLite's buffer, like `payloadBytes`.
    static func payloadBytes(_ statement: OpaquePointer, _ column: Int32, kind: PayloadKind, codec: PayloadCodec,
                             payloads: PayloadCodecs, db: Database, identifier: @autoclosure () -> String) throws -> [UInt8]? {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL:
            return nil
        case SQLITE_BLOB:
            let base = sqlite3_column_blob(statement, column)
            let frame = UnsafeRawBufferPointer(start: base, count: Int(sqlite3_column_bytes(statement, column)))
            return try decoded(frame, kind: kind, payloads: payloads, db: db, identifier: identifier()) { dictionary in
                try codec.decompress(frame, dictionary: dictionary)
            }
        default:
            guard let text = sqlite3_column_text(statement, column) else { return [] }
            return [UInt8](UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
        }
    }

    /// Runs `decompress` with the dictionary `frame` names, turning any failure into a `StoreError` naming the record.
    private static func decoded<R>(_ frame: UnsafeRawBufferPointer, kind: PayloadKind, payloads: PayloadCodecs, db: Database,
                                   identifier: @autoclosure () -> String,
                                   _ decompress: (PayloadDictionary?) throws -> R) throws -> R {
        do {
            let id = try PayloadCodec.dictionaryID(of: frame)
            var dictionary: PayloadDictionary?
            if id != 0 {
                dictionary = try storedDictionary(id: id, payloads: payloads, db: db)
                guard dictionary != nil else { throw PayloadCodecError.corrupt("compressed with dictionary \(id), which the store lacks") }
            }
            return try decompress(dictionary)
        } catch let error as PayloadCodecError {
            throw corrupt(identifier(), kind, error.description)
        }
    }

    private static func corrupt(_ identifier: String, _ kind: PayloadKind, _ reason: String) -> PayloadReadError {
        PayloadReadError(identifier: identifier, payload: kind.label, reason: reason)
    }
}

/// A stored payload that cannot be read back (turned into `StoreError.corruptPayload` with the store's path).
struct PayloadReadError: Error {
    let identifier: String
    let payload: String
    let reason: String
}
