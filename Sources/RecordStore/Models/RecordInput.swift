/// One harvested record, as the harvester hands it to the store.
public struct RecordInput: Sendable, Equatable {
    /// The OAI-PMH header identifier: the record's identity in the store.
    public var identifier: String
    /// The header datestamp exactly as the repository sent it (`YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`).
    public var datestamp: String
    /// True when the header has `status="deleted"`.
    public var deleted: Bool
    /// The set memberships this listing shows: the header's setSpecs plus the set being harvested.
    public var sets: [String]
    /// The `<metadata>` payload as UTF-8 XML (its single child element, namespaces declared); nil when deleted.
    public var metadataBytes: [UInt8]?
    /// The record converted to the JSON record shape, UTF-8; nil when deleted.
    public var jsonBytes: [UInt8]?

    public init(identifier: String, datestamp: String, deleted: Bool, sets: [String], metadataXML: String?, json: String?) {
        self.init(identifier: identifier, datestamp: datestamp, deleted: deleted, sets: sets,
                  metadataBytes: metadataXML.map { Array($0.utf8) }, jsonBytes: json.map { Array($0.utf8) })
    }

    /// A record whose payload and JSON are UTF-8 bytes already (what the harvester has).
    public init(identifier: String, datestamp: String, deleted: Bool, sets: [String], metadataBytes: [UInt8]?, jsonBytes: [UInt8]?) {
        self.identifier = identifier
        self.datestamp = datestamp
        self.deleted = deleted
        self.sets = sets
        self.metadataBytes = metadataBytes
        self.jsonBytes = jsonBytes
    }

    /// The `<metadata>` payload as XML; nil when deleted.
    public var metadataXML: String? {
        get { metadataBytes.map { String(decoding: $0, as: UTF8.self) } }
        set { metadataBytes = newValue.map { Array($0.utf8) } }
    }

    /// The record in the JSON record shape; nil when deleted.
    public var json: String? {
        get { jsonBytes.map { String(decoding: $0, as: UTF8.self) } }
        set { jsonBytes = newValue.map { Array($0.utf8) } }
    }
}
