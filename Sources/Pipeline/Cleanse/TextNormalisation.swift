import Foundation

/// How cleanse normalises a value's text: Unicode NFC, every run of white space (Unicode `White_Space`, which includes
/// the no-break space and line separators) and control characters made one space, the ends trimmed.
public enum TextNormalisation {
    /// `text` normalised; empty when it held nothing but white space.
    public static func normalise(_ text: String) -> String {
        var copy = text
        if let ascii = copy.withUTF8({ asciiNormalised($0) }) { return ascii }
        // Text of scalars below U+0300 (Latin, Latin-1, Latin Extended, IPA) is NFC already: no combining mark follows.
        let composed = text.unicodeScalars.allSatisfy { $0.value < 0x300 } ? text : text.precomposedStringWithCanonicalMapping
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace {
                    out.append(" ")
                    pendingSpace = false
                }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A language tag as kept: trimmed; nil when empty.
    public static func languageTag(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let trimmed = normalise(tag)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The fast path: ASCII text normalised byte by byte (nil when the text has a byte above 0x7F). ASCII is NFC.
    private static func asciiNormalised(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var clean = true
        var previousSpace = true
        for byte in bytes {
            if byte >= 0x80 { return nil }
            let space = byte <= 0x20 || byte == 0x7F
            if space && (previousSpace || byte != 0x20) { clean = false }
            previousSpace = space
        }
        if clean && !previousSpace { return String(decoding: bytes, as: UTF8.self) }
        if clean && bytes.isEmpty { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte <= 0x20 || byte == 0x7F {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
