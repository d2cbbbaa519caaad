import RecordStore

/// A stateless resumption token: everything the next page needs, with a checksum so a garbled or
/// tampered token is refused (badResumptionToken) instead of misread.
struct ListToken: Equatable {
    /// ListRecords/ListIdentifiers: the format; ListSets: empty.
    var metadataPrefix: String
    /// The stored set name (not the published spec), if any.
    var set: String?
    /// Normalised bounds (UTC seconds), if any.
    var from: String?
    var until: String?
    /// The seq of the last record sent (ListSets: the number of sets sent).
    var after: Int64
    /// Items sent before the next page.
    var cursor: Int
    /// The list's size when it started.
    var completeListSize: Int

    /// The token text: `v1.` + payload (base64url) + `.` + 12 hex digits of its SHA-256.
    var encoded: String {
        let fields = [metadataPrefix, set.map { "s" + $0 } ?? "-", from ?? "", until ?? "", String(after), String(cursor),
                      String(completeListSize)]
        let payload = Base64URL.encode(Array(fields.joined(separator: "\u{1F}").utf8))
        return "v1." + payload + "." + String(SHA256.hex(payload).prefix(12))
    }

    init(metadataPrefix: String, set: String?, from: String?, until: String?, after: Int64, cursor: Int, completeListSize: Int) {
        self.metadataPrefix = metadataPrefix
        self.set = set
        self.from = from
        self.until = until
        self.after = after
        self.cursor = cursor
        self.completeListSize = completeListSize
    }

    /// Reads a token; nil when it is not one this provider made.
    init?(decoding text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", SHA256.hex(String(parts[1])).prefix(12) == parts[2],
              let bytes = Base64URL.decode(String(parts[1])), let payload = String(validating: bytes, as: UTF8.self) else {
            return nil
        }
        let fields = payload.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7, let after = Int64(fields[4]), let cursor = Int(fields[5]), let size = Int(fields[6]) else {
            return nil
        }
        metadataPrefix = fields[0]
        set = fields[1] == "-" ? nil : String(fields[1].dropFirst())
        from = fields[2].isEmpty ? nil : fields[2]
        until = fields[3].isEmpty ? nil : fields[3]
        self.after = after
        self.cursor = cursor
        completeListSize = size
    }
}

/// base64url without padding (RFC 4648 §5).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt32] = []
        for byte in text.utf8 {
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt32(index))
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var n: UInt32 = 0
            for (offset, value) in chunk.enumerated() { n |= value << UInt32(18 - 6 * offset) }
            out.append(UInt8(n >> 16 & 0xFF))
            if chunk.count > 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if chunk.count > 3 { out.append(UInt8(n & 0xFF)) }
            index += 4
        }
        return out
    }
}
