/// The six OAI-PMH 2.0 verbs.
public enum OAIVerb: String, Sendable, Hashable, CaseIterable {
    case identify = "Identify"
    case listMetadataFormats = "ListMetadataFormats"
    case listSets = "ListSets"
    case listIdentifiers = "ListIdentifiers"
    case listRecords = "ListRecords"
    case getRecord = "GetRecord"
}

/// One OAI-PMH request: a verb and its arguments, in order.
public struct OAIRequest: Sendable, Hashable, CustomStringConvertible {
    /// The verb.
    public var verb: OAIVerb
    /// The arguments other than `verb`, in the order they are sent.
    public var arguments: [Argument]

    /// One `name=value` argument.
    public struct Argument: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(verb: OAIVerb, arguments: [Argument] = []) {
        self.verb = verb
        self.arguments = arguments
    }

    /// `Identify`.
    public static let identify = OAIRequest(verb: .identify)
    /// `ListSets` (first page).
    public static let listSets = OAIRequest(verb: .listSets)

    /// `ListMetadataFormats`, for one item when an identifier is given.
    public static func listMetadataFormats(identifier: String? = nil) -> OAIRequest {
        OAIRequest(verb: .listMetadataFormats, arguments: identifier.map { [Argument("identifier", $0)] } ?? [])
    }

    /// The first `ListRecords` request of a listing.
    public static func listRecords(metadataPrefix: String, set: String? = nil, from: String? = nil,
                                   until: String? = nil) -> OAIRequest {
        list(.listRecords, metadataPrefix: metadataPrefix, set: set, from: from, until: until)
    }

    /// The first `ListIdentifiers` request of a listing.
    public static func listIdentifiers(metadataPrefix: String, set: String? = nil, from: String? = nil,
                                       until: String? = nil) -> OAIRequest {
        list(.listIdentifiers, metadataPrefix: metadataPrefix, set: set, from: from, until: until)
    }

    /// `GetRecord` for one item.
    public static func getRecord(identifier: String, metadataPrefix: String) -> OAIRequest {
        OAIRequest(verb: .getRecord, arguments: [Argument("identifier", identifier), Argument("metadataPrefix", metadataPrefix)])
    }

    /// A resumed list request: only the verb and the (trimmed) resumption token.
    public static func resumed(verb: OAIVerb, token: String) -> OAIRequest {
        OAIRequest(verb: verb, arguments: [Argument("resumptionToken", token.trimmingOAIWhitespace())])
    }

    private static func list(_ verb: OAIVerb, metadataPrefix: String, set: String?, from: String?, until: String?) -> OAIRequest {
        var arguments = [Argument("metadataPrefix", metadataPrefix)]
        if let from { arguments.append(Argument("from", from)) }
        if let until { arguments.append(Argument("until", until)) }
        if let set { arguments.append(Argument("set", set)) }
        return OAIRequest(verb: verb, arguments: arguments)
    }

    /// The request as a query string (`verb=…&…`), every byte but RFC 3986 unreserved characters percent-encoded once.
    public var queryString: String {
        var parts = ["verb=" + Self.percentEncode(verb.rawValue)]
        for argument in arguments {
            parts.append(Self.percentEncode(argument.name) + "=" + Self.percentEncode(argument.value))
        }
        return parts.joined(separator: "&")
    }

    /// The GET URL for this request at `base` (which may already carry a query).
    public func url(base: String) -> String {
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + queryString
    }

    public var description: String { queryString }

    /// Percent-encodes every byte of `text`'s UTF-8 except `A–Z a–z 0–9 - . _ ~`.
    public static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing XML white space (space, tab, CR, LF).
    func trimmingOAIWhitespace() -> String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}
