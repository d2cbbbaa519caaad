import Foundation

/// A strict JSON (RFC 8259) scanner over one line's bytes: it checks a value's syntax and says where it ends, and
/// decodes strings, so that an export line's members are found without re-serializing anything (`record` is kept
/// byte for byte).
struct JSONScanner {
    /// Why a line is not JSON, with the byte offset.
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "not JSON at byte \(offset + 1): \(reason)" }
    }

    /// The deepest nesting accepted (as the JSONPath reader's default).
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>

    /// The offset of the first byte at or after `i` that is not JSON white space.
    func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return i
            }
        }
        return i
    }

    /// The offset just past the value that starts at `i` (white space already skipped).
    func valueEnd(_ i: Int, depth: Int = 0) throws(Failure) -> Int {
        guard i < bytes.count else { throw Failure(offset: i, reason: "a value was expected") }
        guard depth < Self.maximumDepth else { throw Failure(offset: i, reason: "nested deeper than \(Self.maximumDepth)") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            var k = skipSpace(i + 1)
            if k < bytes.count, bytes[k] == UInt8(ascii: "}") { return k + 1 }
            while true {
                guard k < bytes.count, bytes[k] == UInt8(ascii: "\"") else { throw Failure(offset: k, reason: "a member name was expected") }
                k = skipSpace(try stringEnd(k))
                guard k < bytes.count, bytes[k] == UInt8(ascii: ":") else { throw Failure(offset: k, reason: "\":\" was expected") }
                k = skipSpace(try valueEnd(skipSpace(k + 1), depth: depth + 1))
                guard k < bytes.count else { throw Failure(offset: k, reason: "the object is not closed") }
                if bytes[k] == UInt8(ascii: "}") { return k + 1 }
                guard bytes[k] == UInt8(ascii: ",") else { throw Failure(offset: k, reason: "\",\" or \"}\" was expected") }
                k = skipSpace(k + 1)
            }
        case UInt8(ascii: "["):
            var k = skipSpace(i + 1)
            if k < bytes.count, bytes[k] == UInt8(ascii: "]") { return k + 1 }
            while true {
                k = skipSpace(try valueEnd(k, depth: depth + 1))
                guard k < bytes.count else { throw Failure(offset: k, reason: "the array is not closed") }
                if bytes[k] == UInt8(ascii: "]") { return k + 1 }
                guard bytes[k] == UInt8(ascii: ",") else { throw Failure(offset: k, reason: "\",\" or \"]\" was expected") }
                k = skipSpace(k + 1)
            }
        case UInt8(ascii: "\""):
            return try stringEnd(i)
        case UInt8(ascii: "t"): return try literalEnd(i, "true")
        case UInt8(ascii: "f"): return try literalEnd(i, "false")
        case UInt8(ascii: "n"): return try literalEnd(i, "null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try numberEnd(i)
        default:
            throw Failure(offset: i, reason: "unexpected character")
        }
    }

    private func literalEnd(_ i: Int, _ word: StaticString) throws(Failure) -> Int {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw Failure(offset: i, reason: "unexpected end") }
        let same = word.withUTF8Buffer { w in (0..<count).allSatisfy { bytes[i + $0] == w[$0] } }
        guard same else { throw Failure(offset: i, reason: "unexpected character") }
        return i + count
    }

    private func numberEnd(_ i: Int) throws(Failure) -> Int {
        var k = i
        func digits() -> Int {
            let start = k
            while k < bytes.count, bytes[k] >= UInt8(ascii: "0"), bytes[k] <= UInt8(ascii: "9") { k += 1 }
            return k - start
        }
        if bytes[k] == UInt8(ascii: "-") { k += 1 }
        guard k < bytes.count else { throw Failure(offset: k, reason: "a digit was expected") }
        if bytes[k] == UInt8(ascii: "0") {
            k += 1
        } else if digits() == 0 {
            throw Failure(offset: k, reason: "a digit was expected")
        }
        if k < bytes.count, bytes[k] == UInt8(ascii: ".") {
            k += 1
            guard digits() > 0 else { throw Failure(offset: k, reason: "a digit was expected") }
        }
        if k < bytes.count, bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E") {
            k += 1
            if k < bytes.count, bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") { k += 1 }
            guard digits() > 0 else { throw Failure(offset: k, reason: "a digit was expected") }
        }
        return k
    }

    /// The offset just past the string starting (at its quote) at `i`.
    func stringEnd(_ i: Int) throws(Failure) -> Int {
        var k = i + 1
        while k < bytes.count {
            let byte = bytes[k]
            if byte == UInt8(ascii: "\"") { return k + 1 }
            if byte < 0x20 { throw Failure(offset: k, reason: "a control character in a string") }
            if byte == UInt8(ascii: "\\") {
                guard k + 1 < bytes.count else { break }
                switch bytes[k + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    k += 2
                case UInt8(ascii: "u"):
                    guard k + 6 <= bytes.count, (2..<6).allSatisfy({ Self.hexValue(bytes[k + $0]) != nil }) else {
                        throw Failure(offset: k, reason: "a bad \\u escape")
                    }
                    k += 6
                default:
                    throw Failure(offset: k, reason: "a bad escape")
                }
                continue
            }
            k += 1
        }
        throw Failure(offset: i, reason: "the string is not closed")
    }

    /// The decoded UTF-8 bytes of the string starting (at its quote) at `i`, and the offset past it.
    func string(_ i: Int) throws(Failure) -> (bytes: [UInt8], end: Int) {
        let end = try stringEnd(i)
        var out: [UInt8] = []
        out.reserveCapacity(end - i)
        guard let base = bytes.baseAddress else { return (out, end) }
        var k = i + 1
        while k < end - 1 {
            // Runs without escapes are copied whole (found by memchr: most strings have no escape at all).
            let backslash = memchr(base + k, Int32(UInt8(ascii: "\\")), end - 1 - k)
                .map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? end - 1
            if backslash > k {
                out.append(contentsOf: UnsafeBufferPointer(start: base + k, count: backslash - k))
                k = backslash
                continue
            }
            let escape = bytes[k + 1]
            k += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(k)
                k += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard k + 6 <= end - 1, bytes[k] == UInt8(ascii: "\\"), bytes[k + 1] == UInt8(ascii: "u") else {
                        throw Failure(offset: k, reason: "a lone surrogate in a \\u escape")
                    }
                    let low = hex4(k + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw Failure(offset: k, reason: "a lone surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Failure(offset: k, reason: "a lone surrogate in a \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Failure(offset: k, reason: "a bad \\u escape") }
                UTF8.encode(unicode) { out.append($0) }
            default: out.append(escape)  // " \ /
            }
        }
        return (out, end)
    }

    private func hex4(_ k: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | UInt32(Self.hexValue(bytes[k + offset]) ?? 0) }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
