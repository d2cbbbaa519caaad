/// An error code an OAI-PMH repository answered with (OAI-PMH 2.0 §3.6).
public enum OAIError: Error, Equatable, Sendable, CustomStringConvertible {
    case badArgument(String)
    case badResumptionToken(String)
    case badVerb(String)
    case cannotDisseminateFormat(String)
    case idDoesNotExist(String)
    case noRecordsMatch(String)
    case noMetadataFormats(String)
    case noSetHierarchy(String)
    /// A code outside the protocol.
    case unknown(code: String, message: String)

    /// The error from an `<error code="…">` element.
    public init(code: String, message: String) {
        switch code {
        case "badArgument": self = .badArgument(message)
        case "badResumptionToken": self = .badResumptionToken(message)
        case "badVerb": self = .badVerb(message)
        case "cannotDisseminateFormat": self = .cannotDisseminateFormat(message)
        case "idDoesNotExist": self = .idDoesNotExist(message)
        case "noRecordsMatch": self = .noRecordsMatch(message)
        case "noMetadataFormats": self = .noMetadataFormats(message)
        case "noSetHierarchy": self = .noSetHierarchy(message)
        default: self = .unknown(code: code, message: message)
        }
    }

    /// The protocol's code.
    public var code: String {
        switch self {
        case .badArgument: return "badArgument"
        case .badResumptionToken: return "badResumptionToken"
        case .badVerb: return "badVerb"
        case .cannotDisseminateFormat: return "cannotDisseminateFormat"
        case .idDoesNotExist: return "idDoesNotExist"
        case .noRecordsMatch: return "noRecordsMatch"
        case .noMetadataFormats: return "noMetadataFormats"
        case .noSetHierarchy: return "noSetHierarchy"
        case .unknown(let code, _): return code
        }
    }

    /// The repository's message.
    public var message: String {
        switch self {
        case .badArgument(let m), .badResumptionToken(let m), .badVerb(let m), .cannotDisseminateFormat(let m),
             .idDoesNotExist(let m), .noRecordsMatch(let m), .noMetadataFormats(let m), .noSetHierarchy(let m):
            return m
        case .unknown(_, let m):
            return m
        }
    }

    public var description: String {
        message.isEmpty ? "OAI-PMH error \(code)" : "OAI-PMH error \(code): \(message)"
    }
}
