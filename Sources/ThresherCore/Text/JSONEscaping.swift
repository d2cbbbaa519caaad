/// JSON string literals from UTF-8 text: the one escaper every JSON writer of Thresher uses (the EDM converter,
/// exports, JSONPath results, measurements). It escapes what JSON requires: `"` and `\` as `\"` and `\\`, line
/// feed, carriage return and tab as `\n`, `\r`, `\t`, every other control character as `\u00XX`; everything else
/// is copied as it is.
public enum JSONEscaping {
    /// Appends `text` as a JSON string literal, quotes included.
    @inlinable
    public static func appendString(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendContents(text) { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `text` as a JSON string literal, quotes included.
    @inlinable
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString($0, to: &out) }
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Hands `emit` the escaped form of `text` (without quotes) in runs: long runs of plain text are handed on
    /// whole, found eight bytes at a time.
    @inlinable @inline(__always)
    public static func appendContents(_ text: UnsafeBufferPointer<UInt8>, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = text.baseAddress else { return }
        let count = text.count
        var start = 0
        var index = 0
        while index < count {
            while index + 8 <= count, !needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            while index < count, !needsEscape(base[index]) { index += 1 }
            if index > start { emit(UnsafeBufferPointer(start: base + start, count: index - start)) }
            guard index < count else { return }
            withEscape(base[index], emit)
            index += 1
            start = index
        }
    }

    @inlinable @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// True when one of the eight bytes is a control character, a quote or a backslash.
    @inlinable @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        WordScan.hasByte(below: 0x20, in: word) || WordScan.hasByte(UInt8(ascii: "\""), in: word)
            || WordScan.hasByte(UInt8(ascii: "\\"), in: word)
    }

    /// The escape of one byte that needs one.
    @inlinable
    static func withEscape(_ unit: UInt8, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        let hex: StaticString = "0123456789abcdef"
        var escaped: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x5C, 0, 0, 0, 0, 0)
        var length = 2
        switch unit {
        case UInt8(ascii: "\""): escaped.1 = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): escaped.1 = UInt8(ascii: "\\")
        case 0x0A: escaped.1 = UInt8(ascii: "n")
        case 0x0D: escaped.1 = UInt8(ascii: "r")
        case 0x09: escaped.1 = UInt8(ascii: "t")
        default:
            hex.withUTF8Buffer { digits in
                escaped = (0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(unit >> 4)], digits[Int(unit & 0xF)])
            }
            length = 6
        }
        withUnsafeBytes(of: &escaped) { raw in
            emit(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: length))
        }
    }
}
