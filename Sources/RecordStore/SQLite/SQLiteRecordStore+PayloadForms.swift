import GRDB

/// How a store's payloads are kept: as zstd frames or as text (those written before compression, or by a store that
/// writes text).
public struct StoredPayloadForms: Sendable, Equatable {
    /// Payloads (metadata XML and JSON counted apart) kept as zstd frames.
    public var compressed: Int
    /// Payloads kept as text.
    public var text: Int

    public init(compressed: Int, text: Int) {
        self.compressed = compressed
        self.text = text
    }
}

extension SQLiteRecordStore {
    /// How many payloads are kept compressed and how many as text. Reads every record's row (the whole file).
    public func storedPayloadForms() throws(StoreError) -> StoredPayloadForms {
        try read("counting payload forms") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM((typeof(metadata_xml) = 'blob') + (typeof(json) = 'blob')), 0),
                       COALESCE(SUM((typeof(metadata_xml) = 'text') + (typeof(json) = 'text')), 0) FROM records
                """)
            return StoredPayloadForms(compressed: row?[0] ?? 0, text: row?[1] ?? 0)
        }
    }
}
