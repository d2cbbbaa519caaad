/// The kind of a JSON value.
public enum JSONKind: UInt8, Sendable {
    case null = 0, `false`, `true`, number, string, array, object
}

/// A reference to one value inside a `JSONDocument` (meaningful only with the document it came from).
public struct JSONNode: Hashable, Sendable {
    /// Position of the value on the document's tape.
    public let index: Int32
    @inlinable init(_ index: Int32) { self.index = index }
    @inlinable init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }
}

/// One entry of the tape: a scalar, a member name, or the head of a container.
///
/// - string / member name: `a` = offset of the first content byte, `b` = raw (escaped) length,
///   flag 1 = contains escapes.
/// - number: `a` = offset, `b` = length, flag 1 = integer (no fraction or exponent).
/// - array / object: `a` = element (member) count, `b` = tape index just past the container.
@usableFromInline
struct TapeEntry: Sendable {
    @usableFromInline var kind: UInt8
    @usableFromInline var flags: UInt8
    @usableFromInline var a: UInt32
    @usableFromInline var b: UInt32

    @inlinable init(kind: UInt8, flags: UInt8, a: UInt32, b: UInt32) {
        self.kind = kind; self.flags = flags; self.a = a; self.b = b
    }
}

/// A parsed, immutable JSON document: the input bytes plus a flat tape of values.
///
/// Strings stay slices of the input (unescaped on demand), numbers keep their text, so `1.0`
/// and `1` stay distinct and big integers stay exact. Object members keep their input order.
public struct JSONDocument: Sendable {
    /// The UTF-8 input the document was read from.
    public let bytes: [UInt8]
    @usableFromInline let tape: [TapeEntry]

    /// The default nesting limit of `init(parsing:maxDepth:)`.
    public static let defaultMaxDepth = 512

    /// Reads one JSON text (RFC 8259, strict) from UTF-8 bytes.
    public init(parsing bytes: [UInt8], maxDepth: Int = JSONDocument.defaultMaxDepth) throws(JSONReadError) {
        self.bytes = bytes
        self.tape = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONReadError) -> [TapeEntry] in
            var reader = JSONReader(buffer, maxDepth: maxDepth)
            return try reader.read()
        }
    }

    /// Reads one JSON text (RFC 8259, strict) from a string.
    public init(parsing text: String, maxDepth: Int = JSONDocument.defaultMaxDepth) throws(JSONReadError) {
        try self.init(parsing: Array(text.utf8), maxDepth: maxDepth)
    }

    /// Reads one JSON text from any bytes in memory, keeping a copy of them.
    public init(parsing buffer: UnsafeRawBufferPointer, maxDepth: Int = JSONDocument.defaultMaxDepth) throws(JSONReadError) {
        try self.init(parsing: Array(buffer), maxDepth: maxDepth)
    }

    /// The top-level value.
    @inlinable public var root: JSONNode { JSONNode(Int32(0)) }

    /// Number of values on the tape (member names included).
    public var tapeCount: Int { tape.count }

    /// The kind of a value.
    @inlinable public func kind(_ node: JSONNode) -> JSONKind {
        JSONKind(rawValue: tape[Int(node.index)].kind) ?? .null
    }

    /// Number of elements of an array or members of an object; 0 for scalars.
    @inlinable public func count(_ node: JSONNode) -> Int {
        let e = tape[Int(node.index)]
        return e.kind >= JSONKind.array.rawValue ? Int(e.a) : 0
    }

    /// The tape index following a value and everything inside it.
    @inlinable func next(_ i: Int) -> Int {
        let e = tape[i]
        return e.kind >= JSONKind.array.rawValue ? Int(e.b) : i + 1
    }

    /// The elements of an array, in order (empty for other kinds).
    public func elements(_ node: JSONNode) -> [JSONNode] {
        guard kind(node) == .array else { return [] }
        var out: [JSONNode] = []
        out.reserveCapacity(count(node))
        var i = Int(node.index) + 1
        let end = Int(tape[Int(node.index)].b)
        while i < end { out.append(JSONNode(i)); i = next(i) }
        return out
    }

    /// The members of an object as (name, value) pairs, in input order (empty for other kinds).
    public func members(_ node: JSONNode) -> [(name: String, value: JSONNode)] {
        guard kind(node) == .object else { return [] }
        var out: [(name: String, value: JSONNode)] = []
        out.reserveCapacity(count(node))
        var i = Int(node.index) + 1
        let end = Int(tape[Int(node.index)].b)
        while i < end {
            out.append((stringValue(at: i), JSONNode(i + 1)))
            i = next(i + 1)
        }
        return out
    }

    /// The element at `index` of an array (negative counts from the end), or nil.
    public func element(_ node: JSONNode, at index: Int) -> JSONNode? {
        let e = tape[Int(node.index)]
        guard e.kind == JSONKind.array.rawValue else { return nil }
        let n = Int(e.a)
        let k = index < 0 ? index + n : index
        guard k >= 0 && k < n else { return nil }
        var i = Int(node.index) + 1
        var j = 0
        while j < k { i = next(i); j += 1 }
        return JSONNode(i)
    }

    /// The value of the first member named `name` of an object, or nil.
    public func member(_ node: JSONNode, named name: String) -> JSONNode? {
        var name = name
        return name.withUTF8 { memberIndex(Int(node.index), name: $0) }.map { JSONNode($0) }
    }

    /// The string value of a string, unescaped; nil for other kinds.
    public func string(_ node: JSONNode) -> String? {
        guard kind(node) == .string else { return nil }
        return stringValue(at: Int(node.index))
    }

    /// The text of a number exactly as written; nil for other kinds.
    public func numberText(_ node: JSONNode) -> String? {
        let e = tape[Int(node.index)]
        guard e.kind == JSONKind.number.rawValue else { return nil }
        return String(decoding: bytes[Int(e.a)..<Int(e.a + e.b)], as: UTF8.self)
    }

    /// The value of a number as a `Double` (nearest); nil for other kinds.
    public func double(_ node: JSONNode) -> Double? {
        numberText(node).flatMap(Double.init)
    }

    /// The value of an integer number written without fraction or exponent, when it fits `Int`.
    public func int(_ node: JSONNode) -> Int? {
        let e = tape[Int(node.index)]
        guard e.kind == JSONKind.number.rawValue, e.flags & 1 != 0 else { return nil }
        return numberText(node).flatMap { Int($0) }
    }

    /// The value of `true` or `false`; nil for other kinds.
    public func bool(_ node: JSONNode) -> Bool? {
        switch kind(node) {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    // MARK: - Internal string access

    /// Unescaped string of the string / member-name entry at tape index `i`.
    @usableFromInline func stringValue(at i: Int) -> String {
        let e = tape[i]
        let start = Int(e.a), end = Int(e.a + e.b)
        if e.flags & 1 == 0 {
            return bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
            }
        }
        return String(decoding: unescapedBytes(at: i), as: UTF8.self)
    }

    /// The unescaped UTF-8 bytes of the string entry at tape index `i`.
    @usableFromInline func unescapedBytes(at i: Int) -> [UInt8] {
        let e = tape[i]
        return JSONDocument.unescape(bytes, from: Int(e.a), to: Int(e.a + e.b))
    }

    /// Unescapes a validated JSON string body.
    static func unescape(_ bytes: [UInt8], from start: Int, to end: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let c = bytes[i]
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let k = i + 1 < end ? bytes[i + 1] : 0
            i += 2
            switch k {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(bytes, i, end)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 && i + 6 <= end {
                    let low = hex4(bytes, i + 2, end)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendUTF8(UInt32(scalar), to: &out)
            default: out.append(k)
            }
        }
        return out
    }

    static func hex4(_ bytes: [UInt8], _ i: Int, _ end: Int) -> Int {
        guard i + 4 <= end else { return 0xFFFD }
        var v = 0
        for j in i..<(i + 4) { v = v << 4 | (hexValue(bytes[j]) ?? 0) }
        return v
    }

    @inlinable static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        out.append(contentsOf: scalar.utf8)
    }

    /// Tape index of the value of the first member whose name equals `name` (UTF-8), or nil.
    @inlinable func memberIndex(_ object: Int, name: UnsafeBufferPointer<UInt8>) -> Int? {
        return tape.withUnsafeBufferPointer { t -> Int? in
            let head = t[object]
            guard head.kind == JSONKind.object.rawValue else { return nil }
            let end = Int(head.b)
            var i = object + 1
            return bytes.withUnsafeBufferPointer { b -> Int? in
                while i < end {
                    let k = t[i]
                    if k.flags & 1 == 0 {
                        if Int(k.b) == name.count
                            && (name.count == 0 || memcmpEqual(b.baseAddress! + Int(k.a), name.baseAddress!, name.count)) {
                            return i + 1
                        }
                    } else if keyEquals(i, name) {
                        return i + 1
                    }
                    let v = t[i + 1]
                    i = v.kind >= JSONKind.array.rawValue ? Int(v.b) : i + 2
                }
                return nil
            }
        }
    }

    @usableFromInline func keyEquals(_ i: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let u = unescapedBytes(at: i)
        return u.elementsEqual(name)
    }
}

/// Byte-wise equality of two memory ranges of `count` bytes.
@inlinable @inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
