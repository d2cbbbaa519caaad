/// Why a record's metadata could not be converted.
public enum ConversionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The metadata XML is not well-formed.
    case malformed(identifier: String, message: String)
    /// The metadata has no root element.
    case empty(identifier: String)
    /// The metadata nests elements deeper than the converter reads (`XMLTree.maximumDepth`).
    case tooDeep(identifier: String, limit: Int)

    public var description: String {
        switch self {
        case .malformed(let identifier, let message): return "\(identifier): metadata is not well-formed XML: \(message)"
        case .empty(let identifier): return "\(identifier): metadata has no element"
        case .tooDeep(let identifier, let limit): return "\(identifier): metadata nests elements deeper than \(limit) levels"
        }
    }
}
