import Foundation
import JSONPath
import RecordStore

/// What a cleansed view holds and where each field's values are read in a record (docs/CLEANSE.md): per field, one or
/// more JSONPath queries tried in order, and which keys of a value object hold its text and its language tag. Data,
/// like the measurement schemas; the built-in one (`edm`) maps EDM records in the JSON record shape.
public struct CleanseMapping: Sendable {
    /// How a field's paths combine.
    public enum Use: String, Sendable, Equatable, CaseIterable {
        /// The values of the first path that yields a non-empty value (`date`: dc:date, else dcterms:created, …).
        case first
        /// The values of every path, in path order, each distinct value once.
        case all
    }

    /// What becomes of a field's values that are links (`{"@resource": uri}`) to a contextual entity of the same record.
    public enum Links: String, Sendable, Equatable, CaseIterable {
        /// The entity's labels (all its `skos:prefLabel` values, each with its language tag) replace the link; a link to
        /// no entity of the record, or to one without labels, stays its URI.
        case label
        /// The link stays its URI (the default).
        case keep
    }

    /// Where a record's contextual entities are and how they are named (the mapping's `entities`).
    public struct Entities: Sendable, Equatable {
        /// The record's top-level keys whose elements are entities (`edm:Agent`, `skos:Concept`, `edm:Place`, …).
        public var types: [String]
        /// The entity's key holding the URI links name it by (`@about`).
        public var about: String
        /// The entity's key holding its labels (`skos:prefLabel`).
        public var labels: String

        /// EDM's contextual entities.
        public static let edm = Entities(types: ["edm:Agent", "skos:Concept", "edm:Place", "edm:TimeSpan"], about: "@about",
                                         labels: "skos:prefLabel")
    }

    /// One field of the cleansed view.
    public struct Field: Sendable, Equatable {
        /// The field's name in the view (`title`, `image`, …).
        public var name: String
        /// JSONPath queries (RFC 9535, Jayway extensions accepted), in the order they are tried.
        public var paths: [String]
        /// How the paths combine.
        public var use: Use
        /// Whether values keep their language tag (false for links and codes).
        public var languages: Bool
        /// What becomes of its values that are links to an entity of the record.
        public var links: Links = .keep
    }

    /// The mapping's name.
    public let name: String
    /// Its fields, in file order.
    public let fields: [Field]
    /// The keys of a value object whose string is the value's text, tried in order (`#value`, then `@resource`).
    public let textKeys: [String]
    /// The key of a value object whose string is the value's language tag (`@lang`).
    public let langKey: String
    /// The text key that makes a value object a link (`@resource`).
    public let linkKey: String
    /// Where the record's contextual entities are, for fields whose links become labels.
    public let entities: Entities
    /// Whether some field turns links into labels (only then are a record's entities read).
    public let resolvesLinks: Bool
    /// The bytes the mapping was read from.
    public let definition: [UInt8]
    /// The file name errors use (`edm.json` for the built-in one).
    public let file: String
    /// A hash of the definition: views derived with another mapping are derived again.
    public let hash: String

    /// Every field's paths in one query set (`fieldQueries[f]`: the query indices of field `f`).
    let querySet: JSONPathQuerySet
    let fieldQueries: [[Int]]
    let textKeyBytes: [[UInt8]]
    let langKeyBytes: [UInt8]
    let linkKeyBytes: [UInt8]
    let entityTypeBytes: [[UInt8]]
    let entityAboutBytes: [UInt8]
    let entityLabelsBytes: [UInt8]

    /// The fields `--require` may name: `guid` and `datestamp` (the view's own), then the mapping's fields.
    public var fieldNames: [String] { ["guid", "datestamp"] + fields.map(\.name) }

    /// The built-in mapping of EDM records (`Resources/mappings/edm.json`).
    public static let edm: CleanseMapping = {
        do {
            return try CleanseMapping(bytes: PackageResources.edm_json, file: "edm.json")
        } catch {
            preconditionFailure("the built-in mapping edm.json does not load: \(error)")
        }
    }()

    /// Reads the mapping file at `path`.
    public static func file(_ path: String) throws(PipelineError) -> CleanseMapping {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadableMapping(file: path, reason: (error as NSError).localizedDescription)
        }
        return try CleanseMapping(bytes: bytes, file: path)
    }

    /// Reads and checks a mapping's JSON; `file` names it in errors. Unknown keys are refused (a typo is never ignored).
    public init(bytes: [UInt8], file: String) throws(PipelineError) {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            throw .unreadableMapping(file: file, reason: error.description)
        }
        let reader = MappingReader(document: document, file: file)
        let root = document.root
        guard document.kind(root) == .object else { throw .invalidMapping(file: file, at: "mapping", reason: "must be a JSON object") }
        try reader.onlyKeys(root, ["name", "title", "values", "entities", "fields"], at: "mapping")
        name = try reader.string(root, "name", at: "mapping")
        _ = try reader.optionalString(root, "title", at: "mapping")
        var textKeys = ["#value", "@resource"]
        var langKey = "@lang"
        var linkKey = "@resource"
        if let values = document.member(root, named: "values") {
            guard document.kind(values) == .object else {
                throw .invalidMapping(file: file, at: "mapping", reason: "\"values\" must be an object")
            }
            try reader.onlyKeys(values, ["text", "lang", "link"], at: "values")
            if let text = document.member(values, named: "text") {
                textKeys = try reader.strings(text, key: "text", at: "values")
            }
            langKey = try reader.optionalString(values, "lang", at: "values") ?? langKey
            linkKey = try reader.optionalString(values, "link", at: "values") ?? linkKey
        }
        var entities = Entities.edm
        if let node = document.member(root, named: "entities") {
            guard document.kind(node) == .object else {
                throw .invalidMapping(file: file, at: "mapping", reason: "\"entities\" must be an object")
            }
            try reader.onlyKeys(node, ["types", "about", "labels"], at: "entities")
            if let types = document.member(node, named: "types") {
                entities.types = try reader.strings(types, key: "types", at: "entities")
            }
            entities.about = try reader.optionalString(node, "about", at: "entities") ?? entities.about
            entities.labels = try reader.optionalString(node, "labels", at: "entities") ?? entities.labels
        }
        guard let list = document.member(root, named: "fields") else {
            throw .invalidMapping(file: file, at: "mapping", reason: "missing key \"fields\"")
        }
        guard document.kind(list) == .array, document.count(list) > 0 else {
            throw .invalidMapping(file: file, at: "mapping", reason: "\"fields\" must be a non-empty array of fields")
        }
        var fields: [Field] = []
        var queries: [JSONPathQuery] = []
        var fieldQueries: [[Int]] = []
        var names = Set<String>()
        for (k, node) in document.elementSequence(list).enumerated() {
            var at = "fields[\(k)]"
            guard document.kind(node) == .object else { throw .invalidMapping(file: file, at: at, reason: "must be an object") }
            let fieldName = try reader.string(node, "name", at: at)
            at = "field \"\(fieldName)\""
            try reader.onlyKeys(node, ["name", "paths", "use", "languages", "links"], at: at)
            guard Self.isFieldName(fieldName) else {
                throw .invalidMapping(file: file, at: at, reason: "a field name is ASCII letters, digits, '_' or '-'")
            }
            guard fieldName != "guid", fieldName != "datestamp" else {
                throw .invalidMapping(file: file, at: at, reason: "\"\(fieldName)\" is the view's own (the record's identifier or datestamp)")
            }
            guard names.insert(fieldName).inserted else { throw .invalidMapping(file: file, at: at, reason: "the field is named twice") }
            guard let pathsNode = document.member(node, named: "paths") else {
                throw .invalidMapping(file: file, at: at, reason: "missing key \"paths\"")
            }
            let paths = try reader.strings(pathsNode, key: "paths", at: at)
            var use = Use.first
            if let text = try reader.optionalString(node, "use", at: at) {
                guard let value = Use(rawValue: text) else {
                    throw .invalidMapping(file: file, at: at, reason: "\"use\" is \"\(text)\", expected first or all")
                }
                use = value
            }
            var languages = true
            if let flag = document.member(node, named: "languages") {
                guard let value = document.bool(flag) else {
                    throw .invalidMapping(file: file, at: at, reason: "\"languages\" must be true or false")
                }
                languages = value
            }
            var links = Links.keep
            if let text = try reader.optionalString(node, "links", at: at) {
                guard let value = Links(rawValue: text) else {
                    throw .invalidMapping(file: file, at: at, reason: "\"links\" is \"\(text)\", expected label or keep")
                }
                links = value
            }
            var indices: [Int] = []
            for (p, path) in paths.enumerated() {
                do {
                    queries.append(try JSONPathQuery(path, options: .jayway))
                } catch {
                    throw .invalidMappingPath(file: file, field: fieldName, index: p + 1, path: path, position: error.position,
                                              reason: error.reason.description)
                }
                guard queries[queries.count - 1].hasTailFunction == false else {
                    throw .invalidMappingPath(file: file, field: fieldName, index: p + 1, path: path, position: 0,
                                              reason: "a mapping path selects values; a tail function computes one")
                }
                indices.append(queries.count - 1)
            }
            fields.append(Field(name: fieldName, paths: paths, use: use, languages: languages, links: links))
            fieldQueries.append(indices)
        }
        self.fields = fields
        self.textKeys = textKeys
        self.langKey = langKey
        self.linkKey = linkKey
        self.entities = entities
        self.resolvesLinks = fields.contains { $0.links == .label }
        self.definition = bytes
        self.file = file
        self.hash = bytes.withUnsafeBytes { XXH64.hex(bytes: $0) }
        self.querySet = JSONPathQuerySet(queries)
        self.fieldQueries = fieldQueries
        self.textKeyBytes = textKeys.map { Array($0.utf8) }
        self.langKeyBytes = Array(langKey.utf8)
        self.linkKeyBytes = Array(linkKey.utf8)
        self.entityTypeBytes = entities.types.map { Array($0.utf8) }
        self.entityAboutBytes = Array(entities.about.utf8)
        self.entityLabelsBytes = Array(entities.labels.utf8)
    }

    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
        }
    }
}

/// Reads a mapping's members, throwing one-line errors that name the file and the place.
private struct MappingReader {
    let document: JSONDocument
    let file: String

    func onlyKeys(_ node: JSONNode, _ allowed: Set<String>, at: String) throws(PipelineError) {
        for member in document.members(node) where !allowed.contains(member.name) {
            throw .invalidMapping(file: file, at: at, reason: "unknown key \"\(member.name)\"")
        }
    }

    func string(_ node: JSONNode, _ key: String, at: String) throws(PipelineError) -> String {
        guard let value = try optionalString(node, key, at: at) else {
            throw .invalidMapping(file: file, at: at, reason: "missing key \"\(key)\"")
        }
        return value
    }

    func optionalString(_ node: JSONNode, _ key: String, at: String) throws(PipelineError) -> String? {
        guard let value = document.member(node, named: key) else { return nil }
        guard document.kind(value) == .string, let text = document.string(value) else {
            throw .invalidMapping(file: file, at: at, reason: "\"\(key)\" must be a string")
        }
        return text
    }

    /// A non-empty array of non-empty strings (a single string is one).
    func strings(_ node: JSONNode, key: String, at: String) throws(PipelineError) -> [String] {
        if document.kind(node) == .string, let text = document.string(node), !text.isEmpty { return [text] }
        var texts: [String] = []
        if document.kind(node) == .array {
            for element in document.elementSequence(node) {
                guard document.kind(element) == .string, let text = document.string(element), !text.isEmpty else {
                    texts = []
                    break
                }
                texts.append(text)
            }
        }
        guard !texts.isEmpty else {
            throw .invalidMapping(file: file, at: at, reason: "\"\(key)\" must be a non-empty array of non-empty strings")
        }
        return texts
    }
}
