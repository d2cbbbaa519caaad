import RecordStore

/// A record's annotations and those of its near-duplicates (the other members of its cluster): what users said about
/// the object, whichever of its records they annotated.
public struct RecordAnnotations: Sendable, Equatable {
    /// The record's identifier, as stored.
    public var identifier: String
    /// The record's cluster, when it is in one.
    public var cluster: DuplicateCluster?
    /// The record's own annotations, by timestamp.
    public var own: [StoredAnnotation]
    /// The annotations of the cluster's other members, member by member (in the cluster's order), each by timestamp.
    public var duplicates: [StoredAnnotation]

    public init(identifier: String, cluster: DuplicateCluster?, own: [StoredAnnotation], duplicates: [StoredAnnotation]) {
        self.identifier = identifier
        self.cluster = cluster
        self.own = own
        self.duplicates = duplicates
    }

    /// The annotations of the record named `id`: an identifier as harvested, or the quality CSV's record id
    /// (`2023829/0003…`, without `http://data.europeana.eu/item/`). `PipelineError.unknownRecord` when no record
    /// (live or deleted), annotation or cluster has it.
    public static func lookup(id: String, store: any AnnotationStoring & DuplicateClusterStoring) throws(PipelineError) -> RecordAnnotations {
        do {
            for candidate in RecordIdentifiers.candidates(id) {
                let cluster = try store.duplicateCluster(of: candidate)
                guard try store.isKnownIdentifier(candidate) || cluster != nil else { continue }
                let others = (cluster?.members ?? []).filter { $0.utf8.elementsEqual(candidate.utf8) == false }
                return RecordAnnotations(identifier: candidate, cluster: cluster, own: try store.annotations(guids: [candidate]),
                                         duplicates: try store.annotations(guids: others))
            }
        } catch {
            throw .store(error)
        }
        throw .unknownRecord(id: id)
    }

    /// Every annotation: the record's own, then its duplicates'.
    public var all: [StoredAnnotation] { own + duplicates }

    /// One line per annotation: `GUID<TAB>TIMESTAMP<TAB>USER<TAB>TAGS (", ")<TAB>LOCATION<TAB>COMMENT` (tabs and line
    /// breaks inside a value become spaces; an absent location is empty).
    public func textLines() -> [String] {
        func clean(_ text: String) -> String {
            String(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : Character($0) })
        }
        return all.map { a in
            [a.guid, a.givenTimestamp, a.userId, a.tags.joined(separator: ", "), a.location ?? "", a.comment].map(clean)
                .joined(separator: "\t")
        }
    }

    /// One JSON line per annotation, in `annotate --input`'s format.
    public func jsonLines() -> [String] { all.map(AnnotationLine.line) }
}
