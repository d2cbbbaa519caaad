import JSONPath

/// Reading the values of a record the way docs/SCHEMAS.md defines them, on the tape and bytes.
enum ValueText {
    static let valueKey: [UInt8] = Array("#value".utf8)
    static let langKey: [UInt8] = Array("@lang".utf8)
    static let resourceKey: [UInt8] = Array("@resource".utf8)

    /// Which key of a value object `name` is: 1 `#value`, 2 `@lang`, 3 `@resource`, 0 another.
    @inline(__always) static func valueObjectKey(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        switch name.count {
        case 6:
            return name[0] == UInt8(ascii: "#") && name[1] == UInt8(ascii: "v") && name[2] == UInt8(ascii: "a")
                && name[3] == UInt8(ascii: "l") && name[4] == UInt8(ascii: "u") && name[5] == UInt8(ascii: "e") ? 1 : 0
        case 5:
            return name[0] == UInt8(ascii: "@") && name[1] == UInt8(ascii: "l") && name[2] == UInt8(ascii: "a")
                && name[3] == UInt8(ascii: "n") && name[4] == UInt8(ascii: "g") ? 2 : 0
        case 9:
            return name.elementsEqual(resourceKey) ? 3 : 0
        default:
            return 0
        }
    }

    /// Appends the values of the selected nodes: array elements (nested arrays flattened), other
    /// nodes themselves; `null` contributes nothing.
    static func flatten(_ doc: JSONDocument, _ node: JSONNode, into out: inout [JSONNode]) {
        switch doc.kind(node) {
        case .null: return
        case .array: for e in doc.elementSequence(node) { flatten(doc, e, into: &out) }
        default: out.append(node)
        }
    }

    /// The literal text node of a value: a string, or the string `#value` of an object.
    @inline(__always) static func text(_ doc: JSONDocument, _ node: JSONNode) -> JSONNode? {
        switch doc.kind(node) {
        case .string: return node
        case .object:
            guard let v = doc.member(node, utf8: valueKey), doc.kind(v) == .string else { return nil }
            return v
        default: return nil
        }
    }

    /// The string member `key` of an object value, or nil.
    @inline(__always) static func stringMember(_ doc: JSONDocument, _ node: JSONNode, _ key: [UInt8]) -> JSONNode? {
        guard doc.kind(node) == .object, let v = doc.member(node, utf8: key), doc.kind(v) == .string else { return nil }
        return v
    }

    /// True for a string of white space only (or empty), or an object with neither `@resource`,
    /// nor `@lang`, nor a non-blank `#value`.
    static func isBlank(_ doc: JSONDocument, _ node: JSONNode) -> Bool {
        switch doc.kind(node) {
        case .string: return isBlankString(doc, node)
        case .object:
            if doc.member(node, utf8: resourceKey) != nil || doc.member(node, utf8: langKey) != nil { return false }
            guard let v = doc.member(node, utf8: valueKey) else { return true }
            return doc.kind(v) == .string ? isBlankString(doc, v) : doc.kind(v) == .null
        default: return false
        }
    }

    static func isBlankString(_ doc: JSONDocument, _ node: JSONNode) -> Bool {
        if doc.stringHasEscapes(node) {
            // Decide on the raw bytes when they show a non-blank character before any escape.
            let raw: Bool? = doc.withRawStringBytes(node) { bytes in
                for b in bytes {
                    if b == 0x20 || (b >= 0x09 && b <= 0x0D) { continue }
                    if b < 0x80 && b != UInt8(ascii: "\\") { return false }
                    return nil
                }
                return true
            } ?? nil
            if let raw { return raw }
        }
        return doc.withStringBytes(node) { isBlank($0) } ?? false
    }

    /// White space only: ASCII fast path, Unicode `White_Space` otherwise.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { continue }
            if b < 0x80 { return false }
            return String(decoding: bytes, as: UTF8.self).unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        }
        return true
    }

    /// Length in UTF-16 code units of valid UTF-8 bytes (as Java's `String.length()`).
    @inline(__always) static func utf16Count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += b >= 0xF0 ? 2 : 1 }
        return n
    }

    /// Byte equality of two string values (unescaped).
    static func equalStrings(_ doc: JSONDocument, _ a: JSONNode, _ b: JSONNode) -> Bool {
        if !doc.stringHasEscapes(a) && !doc.stringHasEscapes(b) {
            return doc.withStringBytes(a) { x in doc.withStringBytes(b) { y in x.elementsEqual(y) } ?? false } ?? false
        }
        return doc.stringBytes(a) == doc.stringBytes(b)
    }

    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// True when the text (trimmed of white space) is one string X of at least two Unicode scalars
    /// repeated, with nothing but white space and at most one `;` or `,` between: `X X`, `X; X`,
    /// `X, X`, `XX`, `X\nX` (case-sensitive, byte-exact).
    static func isDuplicated(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = 0, e = t.count
        while s < e && isASCIISpace(t[s]) { s += 1 }
        while e > s && isASCIISpace(t[e - 1]) { e -= 1 }
        let n = e - s
        if n < 2 { return false }
        var length = n / 2
        while length >= 1 {
            // The middle t[s+length ..< e-length] must be white space with at most one ';' or ','.
            var punctuation = 0, valid = true
            for i in (s + length)..<(e - length) {
                let b = t[i]
                if b == UInt8(ascii: ";") || b == UInt8(ascii: ",") { punctuation += 1 }
                else if !isASCIISpace(b) { valid = false; break }
            }
            // The middle only grows as `length` shrinks: once invalid, it stays so.
            if !valid || punctuation > 1 { return false }
            let secondStart = e - length
            if t[secondStart] & 0xC0 != 0x80 && (s + length == t.count || t[s + length] & 0xC0 != 0x80) {
                var same = true
                for k in 0..<length where t[s + k] != t[secondStart + k] { same = false; break }
                if same {
                    var scalars = 0
                    for k in 0..<length where t[s + k] & 0xC0 != 0x80 { scalars += 1 }
                    return scalars >= 2
                }
            }
            length -= 1
        }
        return false
    }
}
