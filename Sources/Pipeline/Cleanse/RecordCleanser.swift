import JSONPath

/// Derives cleansed views from records' JSON with one mapping. One cleanser per thread: it reuses its query results.
struct RecordCleanser {
    let mapping: CleanseMapping
    private var results = JSONPathQuerySet.Results()

    init(mapping: CleanseMapping) {
        self.mapping = mapping
    }

    /// The view's fields from a record's JSON (the record shape), or why the JSON cannot be read.
    mutating func fields(json: [UInt8]) -> Result<[String: [CleansedRecord.Value]], Unreadable> {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: json)
        } catch {
            return .failure(Unreadable("its JSON is not readable: \(error.description)"))
        }
        guard document.kind(document.root) == .object else { return .failure(Unreadable("its JSON is not an object")) }
        return .success(fields(document))
    }

    /// The view's fields from a parsed record.
    mutating func fields(_ document: JSONDocument) -> [String: [CleansedRecord.Value]] {
        mapping.querySet.evaluate(document, into: &results)
        var fields: [String: [CleansedRecord.Value]] = [:]
        var nodes: [JSONNode] = []
        for (f, field) in mapping.fields.enumerated() {
            var values: [CleansedRecord.Value] = []
            for query in mapping.fieldQueries[f] {
                nodes.removeAll(keepingCapacity: true)
                for node in results.nodes(forQuery: query) { Self.flatten(document, node, into: &nodes) }
                for node in nodes {
                    guard let value = value(document, node, languages: field.languages), !values.contains(value) else { continue }
                    values.append(value)
                }
                if field.use == .first && !values.isEmpty { break }
            }
            if !values.isEmpty { fields[field.name] = values }
        }
        return fields
    }

    /// A selected node's values: array elements (nested arrays flattened), other nodes themselves; null gives nothing.
    static func flatten(_ document: JSONDocument, _ node: JSONNode, into out: inout [JSONNode]) {
        switch document.kind(node) {
        case .null: return
        case .array: for element in document.elementSequence(node) { flatten(document, element, into: &out) }
        default: out.append(node)
        }
    }

    /// One value, normalised: a string is its text; an object's text is the first of the mapping's text keys that
    /// holds a string, its tag the language key's string; a number is its text. Nil when nothing non-blank remains.
    func value(_ document: JSONDocument, _ node: JSONNode, languages: Bool) -> CleansedRecord.Value? {
        var raw: String?
        var lang: String?
        switch document.kind(node) {
        case .string:
            raw = document.string(node)
        case .number:
            raw = document.numberText(node)
        case .object:
            for key in mapping.textKeyBytes {
                if let member = document.member(node, utf8: key), document.kind(member) == .string {
                    raw = document.string(member)
                    break
                }
            }
            if languages, let member = document.member(node, utf8: mapping.langKeyBytes), document.kind(member) == .string {
                lang = TextNormalisation.languageTag(document.string(member))
            }
        default:
            return nil
        }
        guard let raw else { return nil }
        let text = TextNormalisation.normalise(raw)
        return text.isEmpty ? nil : CleansedRecord.Value(text, lang: lang)
    }

    /// Why a record's metadata could not be read.
    struct Unreadable: Error, Sendable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
