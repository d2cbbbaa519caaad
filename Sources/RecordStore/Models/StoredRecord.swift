/// A record as the store holds it.
public struct StoredRecord: Sendable, Equatable {
    /// The store's sequence number for this record: stable across updates, increasing with first insertion.
    public var seq: Int64
    /// The OAI-PMH header identifier.
    public var identifier: String
    /// The metadata format the record was harvested in (`edm`, `oai_dc`, …).
    public var metadataPrefix: String
    /// The header datestamp as the repository sent it.
    public var datestamp: String
    /// True for a deleted record (no metadata).
    public var deleted: Bool
    /// Every set the record was seen in, sorted.
    public var sets: [String]
    /// The raw `<metadata>` payload XML; nil when deleted.
    public var metadataXML: String?
    /// The converted JSON record; nil when deleted.
    public var json: String?
    /// The XXH64 hash of the metadata XML as 16 hex digits (of the JSON for a record without XML; empty for deleted
    /// records).
    public var contentHash: String

    public init(seq: Int64, identifier: String, metadataPrefix: String, datestamp: String, deleted: Bool,
                sets: [String], metadataXML: String?, json: String?, contentHash: String) {
        self.seq = seq
        self.identifier = identifier
        self.metadataPrefix = metadataPrefix
        self.datestamp = datestamp
        self.deleted = deleted
        self.sets = sets
        self.metadataXML = metadataXML
        self.json = json
        self.contentHash = contentHash
    }
}
