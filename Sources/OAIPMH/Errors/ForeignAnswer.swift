/// An answer that arrived whole and readable but is not OAI-PMH: an HTML page, JSON, XML of another vocabulary,
/// an empty body or other text, with the HTTP status and Content-Type it came with.
public struct ForeignAnswer: Sendable, Equatable, CustomStringConvertible {
    /// What the body is, as far as its first bytes tell.
    public enum Kind: Sendable, Equatable {
        /// No bytes (or only white space).
        case empty
        /// An HTML page (an HTML doctype, or an `html`, `head` or `body` root element).
        case html
        /// JSON (the body starts with `{` or `[`).
        case json
        /// XML whose root element is not OAI-PMH's.
        case xml
        /// Anything else.
        case text
    }

    /// The HTTP status of the answer.
    public var status: Int
    /// The Content-Type header, sanitised and shortened; nil when there was none.
    public var contentType: String?
    /// What the body is.
    public var kind: Kind
    /// What the page reader found wrong (for XML: its root element and namespace).
    public var detail: String
    /// The body's first characters, control characters and runs of white space made one space, shortened.
    public var firstBytes: String

    /// How many Unicode scalars of the body, and of the Content-Type, a message shows.
    static let shownLength = 80

    public init(status: Int, contentType: String?, kind: Kind, detail: String, firstBytes: String) {
        self.status = status
        self.contentType = contentType
        self.kind = kind
        self.detail = detail
        self.firstBytes = firstBytes
    }

    /// The answer `body` makes with `status` and `contentType`; `detail` is what the page reader said of it.
    public init(status: Int, contentType: String?, body: [UInt8], detail: String) {
        self.init(status: status, contentType: contentType.map { Self.sanitised($0) }.flatMap { $0.isEmpty ? nil : $0 },
                  kind: Self.kind(of: body), detail: detail, firstBytes: Self.sanitised(body))
    }

    /// One line: status, Content-Type and what the body is (its root element or first bytes).
    public var description: String {
        let head = "HTTP \(status) (" + (contentType.map { "Content-Type \($0)" } ?? "no Content-Type") + ")"
        switch kind {
        case .empty: return "\(head): an empty body"
        case .html: return "\(head): an HTML page starting \"\(firstBytes)\""
        case .json: return "\(head): JSON starting \"\(firstBytes)\""
        case .xml: return "\(head): XML in another vocabulary (\(detail))"
        case .text: return "\(head): neither XML nor JSON, starting \"\(firstBytes)\""
        }
    }

    /// The likely mistake behind such an answer to a run's first request, where the kind tells it.
    public var likelyMistake: String? {
        switch kind {
        case .html:
            return "this looks like a web page, not an OAI-PMH base URL; OAI-PMH base URLs usually end in /oai, /oai2d or /OAIHandler"
        case .json:
            return "this looks like a JSON web API, not an OAI-PMH base URL"
        case .empty, .xml, .text:
            return nil
        }
    }

    // MARK: - Sniffing

    /// What `body` is, from its first markup: past a byte-order mark, white space, the XML declaration,
    /// comments and processing instructions.
    public static func kind(of body: [UInt8]) -> Kind {
        var index = 0
        let count = body.count
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < count, isSpace(body[index]) { index += 1 }
        guard index < count else { return .empty }
        switch body[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
        case UInt8(ascii: "<"): break
        default: return .text
        }
        while index < count {
            while index < count, isSpace(body[index]) { index += 1 }
            guard index + 1 < count, body[index] == UInt8(ascii: "<") else { return .xml }
            let next = body[index + 1]
            if next == UInt8(ascii: "?") || starts(body, "<!--", at: index) {
                // A processing instruction or a comment: skip it.
                let close = next == UInt8(ascii: "?") ? "?>" : "-->"
                guard let end = find(body, close, from: index + 2) else { return .xml }
                index = end + close.utf8.count
                continue
            }
            if next == UInt8(ascii: "!") {
                // A doctype: `<!DOCTYPE html …>` is HTML; another is skipped (with its internal subset).
                var position = index + 2
                if startsIgnoringCase(body, "doctype", at: position) {
                    position += 7
                    while position < count, isSpace(body[position]) { position += 1 }
                    if startsIgnoringCase(body, "html", at: position) { return .html }
                }
                var depth = 0
                while position < count {
                    let byte = body[position]
                    if byte == UInt8(ascii: "[") { depth += 1 }
                    if byte == UInt8(ascii: "]") { depth -= 1 }
                    if byte == UInt8(ascii: ">"), depth <= 0 { break }
                    position += 1
                }
                index = position + 1
                continue
            }
            // The root element's name, its prefix dropped.
            var end = index + 1
            while end < count, !isSpace(body[end]), body[end] != UInt8(ascii: ">"), body[end] != UInt8(ascii: "/") { end += 1 }
            var name = body[(index + 1)..<end]
            if let colon = name.lastIndex(of: UInt8(ascii: ":")) { name = body[(colon + 1)..<end] }
            let local = String(decoding: name, as: UTF8.self).lowercased()
            return ["html", "head", "body"].contains(local) ? .html : .xml
        }
        return .xml
    }

    /// `bytes` as short, printable one-line text: decoded as UTF-8, control characters and runs of white space made
    /// one space, at most `shownLength` Unicode scalars (then "…").
    static func sanitised<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        // Four bytes a scalar at most: a prefix is enough, and a long body is never decoded whole.
        sanitised(String(decoding: bytes.prefix(shownLength * 4 + 16), as: UTF8.self))
    }

    static func sanitised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true  // leading white space is dropped
        var shown = 0
        for scalar in text.unicodeScalars {
            if scalar == "\u{FEFF}" { continue }
            let space = scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format
            if space {
                if !lastWasSpace { scalars.append(" ") }
                lastWasSpace = true
                continue
            }
            if shown == shownLength {
                scalars.append("…")
                return String(scalars)
            }
            scalars.append(scalar)
            shown += 1
            lastWasSpace = false
        }
        var result = String(scalars)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func starts(_ bytes: [UInt8], _ literal: String, at index: Int) -> Bool {
        let pattern = Array(literal.utf8)
        return index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func startsIgnoringCase(_ bytes: [UInt8], _ literal: String, at index: Int) -> Bool {
        let pattern = Array(literal.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return zip(bytes[index..<(index + pattern.count)], pattern).allSatisfy { byte, expected in
            (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) == expected
        }
    }

    private static func find(_ bytes: [UInt8], _ literal: String, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if starts(bytes, literal, at: index) { return index }
            index += 1
        }
        return nil
    }
}
