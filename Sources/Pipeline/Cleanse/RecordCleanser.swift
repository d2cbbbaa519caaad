import JSONPath

/// Derives cleansed views from records' JSON with one mapping. One cleanser per thread: it reuses its query results.
struct RecordCleanser {
    let mapping: CleanseMapping
    private var results = JSONPathQuerySet.Results()
    /// The label nodes of the record's entities by normalised URI (`@about`), indexed once per record when a labelled
    /// field first meets a link (`labelsRead`).
    private var labels: [String: [JSONNode]] = [:]
    private var labelsRead = false

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
        labelsRead = false
        var fields: [String: [CleansedRecord.Value]] = [:]
        var nodes: [JSONNode] = []
        for (f, field) in mapping.fields.enumerated() {
            var values: [CleansedRecord.Value] = []
            for query in mapping.fieldQueries[f] {
                nodes.removeAll(keepingCapacity: true)
                for node in results.nodes(forQuery: query) { Self.flatten(document, node, into: &nodes) }
                for node in nodes {
                    guard let (value, link) = read(document, node, languages: field.languages) else { continue }
                    if link && field.links == .label, let labels = labels(of: value.text, document, languages: field.languages) {
                        for label in labels where !values.contains(label) { values.append(label) }
                    } else if !values.contains(value) {
                        values.append(value)
                    }
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
        read(document, node, languages: languages)?.value
    }

    /// One value and whether it may name an entity: an object whose text is its link key's (`@resource`), or a bare
    /// string (Europeana's API writes links to the record's own entities that way).
    func read(_ document: JSONDocument, _ node: JSONNode, languages: Bool) -> (value: CleansedRecord.Value, link: Bool)? {
        var raw: String?
        var lang: String?
        var link = false
        switch document.kind(node) {
        case .string:
            raw = document.string(node)
            link = true
        case .number:
            raw = document.numberText(node)
        case .object:
            for key in mapping.textKeyBytes {
                if let member = document.member(node, utf8: key), document.kind(member) == .string {
                    raw = document.string(member)
                    link = key == mapping.linkKeyBytes
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
        return text.isEmpty ? nil : (CleansedRecord.Value(text, lang: lang), link)
    }

    /// The labels of the record's entity named by `uri` (the mapping's `entities`), each with its language tag when
    /// the field keeps tags; nil when no entity of the record has this URI or its entities have no label. The record's
    /// entities are indexed on the first call for a record (their label nodes, read only when a link names them).
    private mutating func labels(of uri: String, _ document: JSONDocument, languages: Bool) -> [CleansedRecord.Value]? {
        if !labelsRead { indexEntities(document) }
        guard let nodes = labels[uri] else { return nil }
        var found: [CleansedRecord.Value] = []
        var flat: [JSONNode] = []
        for node in nodes { Self.flatten(document, node, into: &flat) }
        for node in flat {
            guard let label = value(document, node, languages: languages), !found.contains(label) else { continue }
            found.append(label)
        }
        return found.isEmpty ? nil : found
    }

    /// Maps the normalised URI of each entity of the record to its label nodes (in file order).
    private mutating func indexEntities(_ document: JSONDocument) {
        labelsRead = true
        labels.removeAll(keepingCapacity: true)
        var entities: [JSONNode] = []
        for type in mapping.entityTypeBytes {
            guard let list = document.member(document.root, utf8: type) else { continue }
            entities.removeAll(keepingCapacity: true)
            Self.flatten(document, list, into: &entities)
            for entity in entities where document.kind(entity) == .object {
                guard let aboutNode = document.member(entity, utf8: mapping.entityAboutBytes),
                      let labelNode = document.member(entity, utf8: mapping.entityLabelsBytes),
                      let raw = document.string(aboutNode) else { continue }
                let about = TextNormalisation.normalise(raw)
                if !about.isEmpty { labels[about, default: []].append(labelNode) }
            }
        }
    }

    /// Why a record's metadata could not be read.
    struct Unreadable: Error, Sendable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
