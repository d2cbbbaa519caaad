/// An OAI-PMH error condition (OAI-PMH 2.0 §3.6), answered as `<error code="…">message</error>`.
struct OAIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The eight error codes of OAI-PMH 2.0.
    enum Code: String, Sendable, CaseIterable {
        case badArgument
        case badResumptionToken
        case badVerb
        case cannotDisseminateFormat
        case idDoesNotExist
        case noRecordsMatch
        case noMetadataFormats
        case noSetHierarchy
    }

    /// The code.
    var code: Code
    /// A human one-line explanation.
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code.rawValue): \(message)" }

    /// True when the `<request>` element must carry the base URL only (badVerb, badArgument: §3.2).
    var suppressesRequestAttributes: Bool { code == .badVerb || code == .badArgument }
}
