/// A record store that keeps what users said about records: one annotation per (guid, user, timestamp), so that
/// loading the same annotations again changes nothing.
public protocol AnnotationStoring: RecordStoring {
    /// Stores annotations in one transaction; one whose (guid, user, UTC timestamp) is stored already is left as it
    /// is. How many were new.
    @discardableResult
    func storeAnnotations(_ annotations: [AnnotationInput]) throws(StoreError) -> Int

    /// The annotations of these record identifiers: guid by guid in the given order, each guid's by timestamp, then user.
    func annotations(guids: [String]) throws(StoreError) -> [StoredAnnotation]

    /// For each candidate, whether a live record has exactly this identifier (compared as bytes).
    func areLiveIdentifiers(_ candidates: [String]) throws(StoreError) -> [Bool]

    /// Whether a record (live or deleted) or an annotation has exactly this identifier.
    func isKnownIdentifier(_ identifier: String) throws(StoreError) -> Bool

    /// Up to `limit` identifiers of live records after seq `after`, in seq order, with their seqs.
    func liveIdentifiers(after: Int64?, limit: Int) throws(StoreError) -> [(seq: Int64, identifier: String)]

    /// How many annotations the store holds.
    func annotationCount() throws(StoreError) -> Int
}

/// One annotation to store.
public struct AnnotationInput: Sendable, Equatable {
    /// The annotated record's identifier, as harvested.
    public var guid: String
    /// Who said it.
    public var userId: String
    /// When, in UTC (`YYYY-MM-DDThh:mm:ss[.fff]Z`): with guid and user, the annotation's key.
    public var timestamp: String
    /// The timestamp as given.
    public var givenTimestamp: String
    /// Two to four tags.
    public var tags: [String]
    /// The comment.
    public var comment: String
    /// A place name, when given.
    public var location: String?

    public init(guid: String, userId: String, timestamp: String, givenTimestamp: String, tags: [String], comment: String,
                location: String?) {
        self.guid = guid
        self.userId = userId
        self.timestamp = timestamp
        self.givenTimestamp = givenTimestamp
        self.tags = tags
        self.comment = comment
        self.location = location
    }
}

/// A stored annotation: what was stored, as it was given.
public typealias StoredAnnotation = AnnotationInput
