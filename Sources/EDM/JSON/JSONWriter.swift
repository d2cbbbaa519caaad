/// Builds compact JSON text into one growing byte buffer.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends JSON text as it is.
    mutating func append(_ json: ArraySlice<UInt8>) {
        bytes.append(contentsOf: json)
    }

    /// Appends JSON text as it is.
    mutating func append(_ json: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: json)
    }

    /// Appends `text` as a JSON string literal.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string($0) }
    }

    /// Appends UTF-8 `text` as a JSON string literal.
    mutating func string(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        contents(text)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 `text` escaped for the inside of a JSON string literal.
    mutating func contents(_ text: UnsafeBufferPointer<UInt8>) {
        var clean = 0
        for unit in text {
            if unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") { break }
            clean += 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<clean]))
        guard clean < text.count else { return }
        for unit in text[clean...] {
            switch unit {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { digits in
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              digits[Int(unit >> 4)], digits[Int(unit & 0xF)]])
                }
            default: bytes.append(unit)
            }
        }
    }

    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
