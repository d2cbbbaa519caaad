import JSONPath

/// The record's id, dataset and data provider as the outputs show them (schema-independent).
public struct RecordIdentity: Sendable, Equatable {
    /// `identifier` without `http://data.europeana.eu/item/`; when there is no `identifier`,
    /// the `@about` of the first `edm:ProvidedCHO`, prefix removed likewise; nil when neither exists.
    public var recordId: String?
    /// `sets[0]` (a single string is accepted too).
    public var dataset: String?
    /// The first `edm:dataProvider` value of the first `ore:Aggregation`, as is: a literal's text,
    /// the `#value` of a tagged literal, or a `@resource` URI.
    public var dataProvider: String?

    public init(recordId: String?, dataset: String?, dataProvider: String?) {
        self.recordId = recordId; self.dataset = dataset; self.dataProvider = dataProvider
    }

    /// The prefix removed from record identifiers.
    public static let itemPrefix = "http://data.europeana.eu/item/"

    /// Reads the three values from a record.
    public init(document doc: JSONDocument) {
        let root = doc.root
        var id = doc.member(root, named: "identifier").flatMap { Self.first(doc, $0) }.flatMap { doc.string($0) }
        if let value = id, value.allSatisfy(\.isWhitespace) { id = nil }  // an EDM file converted without an OAI header
        if id == nil, let cho = doc.member(root, named: "edm:ProvidedCHO").flatMap({ Self.first(doc, $0) }) {
            id = doc.member(cho, named: "@about").flatMap { doc.string($0) }
        }
        if let value = id, value.hasPrefix(Self.itemPrefix) { id = String(value.dropFirst(Self.itemPrefix.count)) }
        recordId = id
        dataset = doc.member(root, named: "sets").flatMap { Self.first(doc, $0) }.flatMap { doc.string($0) }
        dataProvider = nil
        if let aggregation = doc.member(root, named: "ore:Aggregation").flatMap({ Self.first(doc, $0) }),
           let value = doc.member(aggregation, named: "edm:dataProvider").flatMap({ Self.first(doc, $0) }) {
            switch doc.kind(value) {
            case .string: dataProvider = doc.string(value)
            case .object:
                dataProvider = doc.member(value, named: "#value").flatMap { doc.string($0) }
                    ?? doc.member(value, named: "@resource").flatMap { doc.string($0) }
            default: break
            }
        }
    }

    /// The first element of an array (nested arrays descended), or the value itself.
    private static func first(_ doc: JSONDocument, _ node: JSONNode) -> JSONNode? {
        switch doc.kind(node) {
        case .array: return doc.element(node, at: 0).flatMap { first(doc, $0) }
        case .null: return nil
        default: return node
        }
    }
}
