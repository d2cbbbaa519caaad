/// Recursive-descent parser for RFC 9535 queries (plus the Jayway syntax the options allow).
struct QueryParser {
    let q: [UInt8]
    var i = 0
    let jayway: Bool
    /// Current nesting of brackets, parentheses and calls; bounded so no query can exhaust the stack.
    var depth = 0
    static let maxNesting = 64

    mutating func enter() throws(JSONPathParseError) {
        depth += 1
        if depth > QueryParser.maxNesting { throw error(.nestingTooDeep(QueryParser.maxNesting)) }
    }

    init(_ text: String, jayway: Bool) {
        self.q = Array(text.utf8)
        self.jayway = jayway
    }

    /// The result of parsing a whole query.
    struct Parsed {
        var segments: [Segment]
        var tail: TailFunction?
    }

    // MARK: - Errors and scanning

    func error(_ reason: JSONPathParseError.Reason, at offset: Int? = nil) -> JSONPathParseError {
        let at = min(offset ?? i, q.count)
        var scalars = 0
        for k in 0..<at where q[k] & 0xC0 != 0x80 { scalars += 1 }
        return JSONPathParseError(reason: reason, position: scalars)
    }

    /// The error for whatever is at the current position.
    func unexpected() -> JSONPathParseError {
        guard i < q.count else { return error(.unexpectedEnd) }
        var k = i + 1
        while k < q.count && q[k] & 0xC0 == 0x80 { k += 1 }
        let c = String(decoding: q[i..<k], as: UTF8.self).first ?? "?"
        return error(.unexpectedCharacter(c))
    }

    var atEnd: Bool { i >= q.count }
    var current: UInt8 { i < q.count ? q[i] : 0 }
    func peek(_ k: Int) -> UInt8 { i + k < q.count ? q[i + k] : 0 }

    mutating func skipBlank() {
        while i < q.count, q[i] == 0x20 || q[i] == 0x09 || q[i] == 0x0A || q[i] == 0x0D { i += 1 }
    }

    static func isNameFirst(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_") || c >= 0x80
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    // MARK: - Query and segments

    mutating func parseQuery() throws(JSONPathParseError) -> Parsed {
        if q.isEmpty { throw error(.emptyQuery) }
        guard current == UInt8(ascii: "$") else { throw error(.expectedRoot) }
        i += 1
        let (segments, tail) = try parseSegments()
        if !atEnd { throw unexpected() }
        return Parsed(segments: segments, tail: tail)
    }

    /// Parses `*(S segment)`; stops before blanks not followed by a segment.
    mutating func parseSegments() throws(JSONPathParseError) -> ([Segment], TailFunction?) {
        var segments: [Segment] = []
        while true {
            let save = i
            skipBlank()
            guard current == UInt8(ascii: ".") || current == UInt8(ascii: "[") else { i = save; break }
            if jayway, let tail = tailFunction() { return (segments, tail) }
            segments.append(try parseSegment())
        }
        return (segments, nil)
    }

    /// Jayway option: `.name()` with a known tail function name.
    mutating func tailFunction() -> TailFunction? {
        guard current == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") else { return nil }
        var k = i + 1
        while k < q.count && QueryParser.isNameFirst(q[k]) && q[k] < 0x80 { k += 1 }
        guard k + 1 < q.count, q[k] == UInt8(ascii: "("), q[k + 1] == UInt8(ascii: ")") else { return nil }
        guard let f = TailFunction(rawValue: String(decoding: q[(i + 1)..<k], as: UTF8.self)) else { return nil }
        i = k + 2
        return f
    }

    mutating func parseSegment() throws(JSONPathParseError) -> Segment {
        var segment = try parseSegmentSyntax()
        segment.key = QueryParser.canonicalKey(segment)
        return segment
    }

    static func canonicalKey(_ segment: Segment) -> String {
        var key = segment.descendant ? "..[" : "["
        for (k, s) in segment.selectors.enumerated() {
            if k > 0 { key += "," }
            switch s {
            case .name(let n):
                var out: [UInt8] = []
                appendNormalizedName(n, to: &out)
                key += String(decoding: out, as: UTF8.self)
            case .wildcard: key += "*"
            case .index(let i): key += String(i)
            case .slice(let a, let b, let c): key += "\(a.map(String.init) ?? ""):\(b.map(String.init) ?? ""):\(c.map(String.init) ?? "")"
            case .filter: return segment.key
            }
        }
        return key + "]"
    }

    mutating func parseSegmentSyntax() throws(JSONPathParseError) -> Segment {
        let start = i
        if current == UInt8(ascii: "[") {
            let selectors = try parseBracketed()
            return Segment(descendant: false, selectors: selectors, key: key(start))
        }
        // current is "."
        i += 1
        var descendant = false
        if current == UInt8(ascii: ".") {
            descendant = true
            i += 1
        }
        let c = current
        if c == UInt8(ascii: "*") {
            i += 1
            return Segment(descendant: descendant, selectors: [.wildcard], key: key(start))
        }
        if c == UInt8(ascii: "[") {
            // `..[…]` is standard; `.[…]` is the Jayway spelling of `[…]`, accepted by default.
            let selectors = try parseBracketed()
            return Segment(descendant: descendant, selectors: selectors, key: key(start))
        }
        if QueryParser.isNameFirst(c) {
            let nameStart = i
            while i < q.count, QueryParser.isNameFirst(q[i]) || QueryParser.isDigit(q[i])
                || (jayway && q[i] == UInt8(ascii: "-")) { i += 1 }
            return Segment(descendant: descendant, selectors: [.name(Array(q[nameStart..<i]))], key: key(start))
        }
        if jayway && !descendant && (QueryParser.isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "$")) {
            // Jayway reads `.2`, `.key-dash`, `.$` as member names.
            let nameStart = i
            while i < q.count, q[i] != UInt8(ascii: "."), q[i] != UInt8(ascii: "["), q[i] != UInt8(ascii: " "),
                  q[i] != UInt8(ascii: ")"), q[i] != UInt8(ascii: "="), q[i] != UInt8(ascii: "!"),
                  q[i] != UInt8(ascii: "<"), q[i] != UInt8(ascii: ">"), q[i] != UInt8(ascii: "]"),
                  q[i] != UInt8(ascii: "&"), q[i] != UInt8(ascii: "|"), q[i] != UInt8(ascii: ",") { i += 1 }
            return Segment(descendant: false, selectors: [.name(Array(q[nameStart..<i]))], key: key(start))
        }
        if atEnd || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ")") || c == UInt8(ascii: "]") {
            throw error(descendant ? .bareDescendant : .expectedMemberName)
        }
        throw descendant ? error(.bareDescendant) : error(.expectedMemberName)
    }

    /// Source text of the segment just parsed, with `..` kept and a single leading `.` dropped
    /// (`canonicalKey` replaces it unless the segment has a filter).
    func key(_ start: Int) -> String {
        let text = String(decoding: q[start..<i], as: UTF8.self)
        if text.hasPrefix("..") { return text }
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }

    /// `[` S selector *(S "," S selector) S `]`, with `i` at the bracket.
    mutating func parseBracketed() throws(JSONPathParseError) -> [Selector] {
        try enter()
        defer { depth -= 1 }
        i += 1
        var selectors: [Selector] = []
        while true {
            skipBlank()
            selectors.append(try parseSelector())
            skipBlank()
            if current == UInt8(ascii: ",") { i += 1; continue }
            if current == UInt8(ascii: "]") { i += 1; return selectors }
            throw atEnd ? error(.unexpectedEnd) : error(.expectedCommaOrBracket)
        }
    }

    mutating func parseSelector() throws(JSONPathParseError) -> Selector {
        let c = current
        switch c {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .name(try parseStringLiteral())
        case UInt8(ascii: "*"):
            i += 1
            return .wildcard
        case UInt8(ascii: "?"):
            i += 1
            skipBlank()
            return .filter(try parseFilterExpression())
        case UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            var start: Int?
            if c != UInt8(ascii: ":") {
                start = try parseInteger()
                skipBlank()
                guard current == UInt8(ascii: ":") else { return .index(start ?? 0) }
            }
            i += 1  // ':'
            skipBlank()
            var end: Int?, step: Int?
            if current == UInt8(ascii: "-") || QueryParser.isDigit(current) {
                end = try parseInteger()
                skipBlank()
            }
            if current == UInt8(ascii: ":") {
                i += 1
                skipBlank()
                if current == UInt8(ascii: "-") || QueryParser.isDigit(current) { step = try parseInteger() }
            }
            return .slice(start: start, end: end, step: step)
        default:
            if atEnd { throw error(.unexpectedEnd) }
            throw error(.expectedSelector)
        }
    }

    /// An RFC `int`: "0" or an optional minus and a non-zero digit then digits, within ±(2^53-1).
    mutating func parseInteger() throws(JSONPathParseError) -> Int {
        let start = i
        var negative = false
        if current == UInt8(ascii: "-") { negative = true; i += 1 }
        guard QueryParser.isDigit(current) else { throw error(.invalidInteger, at: start) }
        if current == UInt8(ascii: "0") {
            i += 1
            if negative || QueryParser.isDigit(current) { throw error(.invalidInteger, at: start) }
            return 0
        }
        var v = 0
        let limit = (1 << 53) - 1
        while QueryParser.isDigit(current) {
            v = v * 10 + Int(current - UInt8(ascii: "0"))
            if v > limit { throw error(.integerOutOfRange, at: start) }
            i += 1
        }
        return negative ? -v : v
    }

    /// A single- or double-quoted string literal, unescaped, with `i` at the opening quote.
    mutating func parseStringLiteral() throws(JSONPathParseError) -> [UInt8] {
        let quote = current
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < q.count else { throw error(.unterminatedString) }
            let c = q[i]
            if c == quote { i += 1; return out }
            if c < 0x20 { throw error(.controlCharacterInString) }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let e = peek(1)
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "/"), UInt8(ascii: "\\"): out.append(e)
            case quote: out.append(e)
            case UInt8(ascii: "u"):
                let at = i
                i += 2
                var v = try hex4(at)
                if v >= 0xDC00 && v < 0xE000 { throw error(.invalidEscape, at: at) }
                if v >= 0xD800 && v < 0xDC00 {
                    guard current == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else { throw error(.invalidEscape, at: at) }
                    i += 2
                    let low = try hex4(at)
                    guard low >= 0xDC00 && low < 0xE000 else { throw error(.invalidEscape, at: at) }
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                }
                JSONDocument.appendUTF8(UInt32(v), to: &out)
                continue
            default:
                throw error(.invalidEscape)
            }
            i += 2
        }
    }

    mutating func hex4(_ at: Int) throws(JSONPathParseError) -> Int {
        var v = 0
        for _ in 0..<4 {
            guard let h = JSONDocument.hexValue(current) else { throw error(.invalidEscape, at: at) }
            v = v << 4 | h
            i += 1
        }
        return v
    }
}
