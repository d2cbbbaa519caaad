/// Why a measurement schema was refused, naming the file and where in it.
public enum SchemaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not valid JSON or YAML (`reason` names the line and column).
    case unreadable(file: String, reason: String)
    /// A key that the schema format does not have (a typo is never ignored).
    case unknownKey(file: String, at: String, key: String)
    /// A required key is missing.
    case missingKey(file: String, at: String, key: String)
    /// A key holds the wrong kind of value.
    case wrongType(file: String, at: String, key: String, expected: String)
    /// A key holds a value outside its allowed set or range.
    case invalidValue(file: String, at: String, key: String, value: String, expected: String)
    /// A label (field, collection, group, problem or scope) is used twice.
    case duplicateLabel(file: String, at: String, label: String)
    /// A field or collection label that the schema does not define.
    case unknownLabel(file: String, at: String, label: String)
    /// A dimension name that is not listed in the schema's `dimensions`.
    case unknownDimension(file: String, at: String, dimension: String)
    /// A JSONPath that does not compile; `position` counts Unicode scalars from 0.
    case invalidPath(file: String, at: String, path: String, position: Int, reason: String)
    /// No built-in schema has this name.
    case unknownBuiltin(name: String)

    /// One line: the file, the place in it (e.g. `field "Proxy/dc:title"`), then what is wrong.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): \(reason)"
        case .unknownKey(let file, let at, let key):
            return "\(file): \(at): unknown key \"\(key)\""
        case .missingKey(let file, let at, let key):
            return "\(file): \(at): missing key \"\(key)\""
        case .wrongType(let file, let at, let key, let expected):
            return "\(file): \(at): \"\(key)\" must be \(expected)"
        case .invalidValue(let file, let at, let key, let value, let expected):
            return "\(file): \(at): \"\(key)\" is \"\(value)\", expected \(expected)"
        case .duplicateLabel(let file, let at, let label):
            return "\(file): \(at): label \"\(label)\" is used twice"
        case .unknownLabel(let file, let at, let label):
            return "\(file): \(at): no field or collection is labelled \"\(label)\""
        case .unknownDimension(let file, let at, let dimension):
            return "\(file): \(at): dimension \"\(dimension)\" is not in \"dimensions\""
        case .invalidPath(let file, let at, let path, let position, let reason):
            return "\(file): \(at): path \"\(path)\" at position \(position): \(reason)"
        case .unknownBuiltin(let name):
            return "no built-in schema is named \"\(name)\" (built-in: \(MeasurementSchema.builtinNames.joined(separator: ", ")))"
        }
    }
}
