/// Decodes `application/x-www-form-urlencoded` text (a URL query or a POST body) into ordered name–value pairs,
/// keeping repeated names: `+` is a space and `%XX` a byte; a malformed escape is kept as written.
public enum FormArguments {
    /// The pairs of `query`, in order; a name without `=` has the empty value, empty pieces are skipped.
    public static func decode(_ query: some StringProtocol) -> [(String, String)] {
        decode(bytes: Array(query.utf8))
    }

    /// The pairs of a form-encoded body.
    public static func decode(bytes: [UInt8]) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                pairs.append((percentDecode(piece[piece.startIndex..<equals]), percentDecode(piece[(equals + 1)...])))
            } else {
                pairs.append((percentDecode(piece), ""))
            }
        }
        return pairs
    }

    /// Decodes `+` and `%XX`; bytes that are not UTF-8 become U+FFFD.
    public static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
