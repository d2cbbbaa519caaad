import JSONPath
import Yams

/// A schema file read as a plain tree (JSON and YAML alike), before its keys are checked.
indirect enum SchemaTree: Sendable {
    case map([(key: String, value: SchemaTree)])
    case list([SchemaTree])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// Reads JSON (when the first non-blank byte is `{`) or YAML.
    static func read(_ bytes: [UInt8], file: String) throws(SchemaError) -> SchemaTree {
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == UInt8(ascii: "{") {
            let doc: JSONDocument
            do { doc = try JSONDocument(parsing: bytes) } catch {
                throw .unreadable(file: file, reason: "not valid JSON: \(error)")
            }
            return try fromJSON(doc, doc.root, file: file)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadable(file: file, reason: "not valid UTF-8")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw .unreadable(file: file, reason: "not valid YAML: \(yamlReason(error))")
        } catch {
            throw .unreadable(file: file, reason: "not valid YAML: \(error)")
        }
        guard let node else { throw .unreadable(file: file, reason: "empty schema") }
        return try fromYAML(node, file: file)
    }

    private static func fromJSON(_ doc: JSONDocument, _ n: JSONNode, file: String) throws(SchemaError) -> SchemaTree {
        switch doc.kind(n) {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(doc.numberText(n) ?? "")
        case .string: return .string(doc.string(n) ?? "")
        case .array:
            var out: [SchemaTree] = []
            for e in doc.elementSequence(n) { out.append(try fromJSON(doc, e, file: file)) }
            return .list(out)
        case .object:
            var out: [(key: String, value: SchemaTree)] = []
            for (name, value) in doc.members(n) {
                if out.contains(where: { $0.key == name }) {
                    throw .unreadable(file: file, reason: "key \"\(name)\" appears twice in one object")
                }
                out.append((name, try fromJSON(doc, value, file: file)))
            }
            return .map(out)
        }
    }

    private static func fromYAML(_ node: Node, file: String) throws(SchemaError) -> SchemaTree {
        switch node {
        case .scalar(let scalar):
            if scalar.tag.rawValue == Tag.Name.str.rawValue || scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let b = node.bool { return .bool(b) }
            if node.int != nil || node.float != nil { return .number(scalar.string) }
            return .string(scalar.string)
        case .sequence(let seq):
            var out: [SchemaTree] = []
            for e in seq { out.append(try fromYAML(e, file: file)) }
            return .list(out)
        case .mapping(let map):
            var out: [(key: String, value: SchemaTree)] = []
            for (k, v) in map {
                guard let name = k.string else {
                    throw .unreadable(file: file, reason: "a key is not a string\(location(k))")
                }
                if out.contains(where: { $0.key == name }) {
                    throw .unreadable(file: file, reason: "key \"\(name)\" appears twice in one mapping\(location(k))")
                }
                out.append((name, try fromYAML(v, file: file)))
            }
            return .map(out)
        case .alias:
            throw .unreadable(file: file, reason: "YAML aliases are not supported\(location(node))")
        }
    }

    private static func location(_ node: Node) -> String {
        node.mark.map { " (line \($0.line), column \($0.column))" } ?? ""
    }

    private static func yamlReason(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .reader(let problem, let offset, _, _):
            return "byte \(offset ?? 0): \(problem)"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }

    var typeName: String {
        switch self {
        case .map: return "an object"
        case .list: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}
