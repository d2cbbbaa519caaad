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
    /// The `<metadata>` payload as XML (its single child element, namespaces declared); nil when deleted.
    public var metadataXML: String?
    /// The record converted to the JSON record shape; nil when deleted.
    public var json: String?

    public init(identifier: String, datestamp: String, deleted: Bool, sets: [String], metadataXML: String?, json: String?) {
        self.identifier = identifier
        self.datestamp = datestamp
        self.deleted = deleted
        self.sets = sets
        self.metadataXML = metadataXML
        self.json = json
    }
}
