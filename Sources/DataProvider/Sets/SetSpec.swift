/// setSpec syntax (OAI-PMH 2.0 schema: `([A-Za-z0-9\-_\.!~\*'\(\)])+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*`) and the
/// escaping that publishes a harvested set name breaking it under a valid setSpec.
///
/// Escaping writes every byte of the name's UTF-8 that the pattern does not allow as `~HH` (upper-case hex),
/// `~` itself included, and keeps a `:` only between two non-empty segments: `Art & Design` → `Art~20~26~20Design`.
/// Every escaped name contains `~` followed by two hex digits, never `~~`, and escaping is injective, so two odd names
/// never share a published spec; a valid name is published unchanged and wins over an odd one that escapes to it,
/// in which case the odd one gets a `~~2`, `~~3` … suffix (see `SetDirectory`).
public enum SetSpec {
    /// True when `spec` matches the schema's setSpec pattern.
    public static func isValid(_ spec: String) -> Bool {
        var segmentLength = 0
        for byte in spec.utf8 {
            if byte == UInt8(ascii: ":") {
                if segmentLength == 0 { return false }
                segmentLength = 0
            } else if isAllowed(byte) {
                segmentLength += 1
            } else {
                return false
            }
        }
        return segmentLength > 0
    }

    /// True when `text` is one segment of allowed characters (the metadataPrefix pattern).
    public static func isValidSegment(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isAllowed)
    }

    /// The escaped form of a name (used for names that are not valid setSpecs; see the type's description).
    public static func escaped(_ name: String) -> String {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "~" + "00" }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ":") {
                let keep = index > 0 && index < bytes.count - 1
                    && bytes[index - 1] != UInt8(ascii: ":") && bytes[index + 1] != UInt8(ascii: ":")
                if keep { out.append(byte); continue }
            } else if isAllowed(byte) && byte != UInt8(ascii: "~") {
                out.append(byte)
                continue
            }
            out.append(UInt8(ascii: "~"))
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The name whose escaped form is `spec`, or nil when `spec` is not an escaped form (no `~HH`, a `~~` suffix,
    /// bytes that are not UTF-8, or a name that escapes differently).
    public static func unescaped(_ spec: String) -> String? {
        let bytes = Array(spec.utf8)
        guard bytes.contains(UInt8(ascii: "~")) else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "~") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        guard let name = String(validating: out, as: UTF8.self), escaped(name) == spec else { return nil }
        return name
    }

    // MARK: - Characters

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        default: return nil
        }
    }

    /// `[A-Za-z0-9\-_\.!~\*'\(\)]`.
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "~"),
             UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"): return true
        default: return false
        }
    }
}
