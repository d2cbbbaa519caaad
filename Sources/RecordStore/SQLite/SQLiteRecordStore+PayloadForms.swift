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

/// A compression dictionary the store keeps for one metadata format's payloads of one kind.
public struct PayloadDictionaryInfo: Sendable, Equatable {
    /// The metadata format.
    public var metadataPrefix: String
    /// `xml` (the metadata XML) or `json`.
    public var kind: String
    /// The dictionary's size in bytes; nil when its training learnt nothing (that kind is compressed without one).
    public var bytes: Int?
    /// How many payloads it was trained on.
    public var samples: Int

    public init(metadataPrefix: String, kind: String, bytes: Int?, samples: Int) {
        self.metadataPrefix = metadataPrefix
        self.kind = kind
        self.bytes = bytes
        self.samples = samples
    }
}

extension SQLiteRecordStore {
    /// The compression dictionaries trained so far, by format and kind.
    public func payloadDictionaries() throws(StoreError) -> [PayloadDictionaryInfo] {
        try read("reading the payload dictionaries") { db in
            try Row.fetchAll(db, sql: """
                SELECT metadata_prefix, kind, length(dictionary), samples FROM payload_dictionaries ORDER BY metadata_prefix, kind
                """).map { PayloadDictionaryInfo(metadataPrefix: $0[0], kind: $0[1], bytes: $0[2], samples: $0[3]) }
        }
    }
}
