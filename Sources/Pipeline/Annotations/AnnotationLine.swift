import JSONPath
import RecordStore
import ThresherCore

/// One line of an annotation file (JSON Lines): `{"guid", "user_id", "tags": [2–4 strings], "comment", "timestamp"
/// (ISO 8601 with a zone), "location" (optional)}`, read and checked on its own (whether the guid names a live
/// record is the store's to say).
public enum AnnotationLine {
    /// The fields a line must have.
    public static let requiredFields = ["guid", "user_id", "tags", "comment", "timestamp"]
    /// Every field a line may have.
    public static let fields = requiredFields + ["location"]

    /// The annotation a line holds, or why it is rejected (one reason: the first problem found).
    public static func parse(_ bytes: [UInt8]) -> Result<AnnotationInput, Rejection> {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            return .failure(Rejection("not JSON: \(error.description)"))
        }
        let root = document.root
        guard document.kind(root) == .object else { return .failure(Rejection("not a JSON object")) }
        for member in document.members(root) where !fields.contains(member.name) {
            return .failure(Rejection("unknown field \"\(member.name)\" (fields: \(fields.joined(separator: ", ")))"))
        }
        for name in requiredFields where document.member(root, named: name) == nil {
            return .failure(Rejection("missing field \"\(name)\""))
        }
        func text(_ name: String) -> Result<String, Rejection> {
            guard let node = document.member(root, named: name), document.kind(node) == .string,
                  let value = document.string(node) else { return .failure(Rejection("\"\(name)\" must be a string")) }
            guard !TextNormalisation.normalise(value).isEmpty else { return .failure(Rejection("\"\(name)\" is empty")) }
            return .success(value)
        }
        let guid: String, user: String, comment: String, given: String
        switch (text("guid"), text("user_id"), text("comment"), text("timestamp")) {
        case (.success(let g), .success(let u), .success(let c), .success(let t)): (guid, user, comment, given) = (g, u, c, t)
        case (.failure(let why), _, _, _), (_, .failure(let why), _, _), (_, _, .failure(let why), _), (_, _, _, .failure(let why)):
            return .failure(why)
        }
        guard let tagsNode = document.member(root, named: "tags"), document.kind(tagsNode) == .array else {
            return .failure(Rejection("\"tags\" must be an array of 2 to 4 strings"))
        }
        var tags: [String] = []
        for element in document.elementSequence(tagsNode) {
            guard document.kind(element) == .string, let tag = document.string(element) else {
                return .failure(Rejection("\"tags\" must be an array of 2 to 4 strings"))
            }
            guard !TextNormalisation.normalise(tag).isEmpty else { return .failure(Rejection("\"tags\" holds an empty tag")) }
            tags.append(tag)
        }
        guard (2...4).contains(tags.count) else {
            return .failure(Rejection("\"tags\" has \(tags.count) tag\(tags.count == 1 ? "" : "s"), expected 2 to 4"))
        }
        guard let timestamp = AnnotationTimestamp.utc(given) else {
            return .failure(Rejection("bad timestamp \"\(given)\": expected ISO 8601 date and time with a zone, e.g. 2024-05-01T12:00:00Z"))
        }
        var location: String?
        if let node = document.member(root, named: "location"), document.kind(node) != .null {
            guard document.kind(node) == .string, let value = document.string(node) else {
                return .failure(Rejection("\"location\" must be a string (a place name)"))
            }
            location = value
        }
        return .success(AnnotationInput(guid: guid, userId: user, timestamp: timestamp, givenTimestamp: given, tags: tags,
                                        comment: comment, location: location))
    }

    /// An annotation as a line of the same format (the timestamp as given), keys in the format's order.
    public static func line(_ annotation: AnnotationInput) -> String {
        var out: [UInt8] = []
        func member(_ name: String, _ value: String, first: Bool = false) {
            out.append(contentsOf: Array((first ? "{\"" : ",\"").utf8) + Array(name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")])
            JSONEscaping.appendString(value, to: &out)
        }
        member("guid", annotation.guid, first: true)
        member("user_id", annotation.userId)
        out.append(contentsOf: Array(",\"tags\":[".utf8))
        for (k, tag) in annotation.tags.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONEscaping.appendString(tag, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        member("comment", annotation.comment)
        member("timestamp", annotation.givenTimestamp)
        if let location = annotation.location { member("location", location) }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Why a line was rejected.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// The reason, one line.
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }
}

/// ISO 8601 timestamps of annotations, and the UTC form their key uses.
public enum AnnotationTimestamp {
    /// `YYYY-MM-DDThh:mm[:ss[.f…]]` followed by `Z` or an offset (`±hh:mm`, `±hhmm`, `±hh`), as UTC
    /// `YYYY-MM-DDThh:mm:ss[.f…]Z` (trailing zeros of the fraction dropped); nil for anything else (no zone, an
    /// impossible date or time).
    public static func utc(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Bool {
            from + count <= bytes.count && bytes[from..<(from + count)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard digits(0, 4), bytes.count > 16, bytes[4] == UInt8(ascii: "-"), digits(5, 2), bytes[7] == UInt8(ascii: "-"),
              digits(8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"), digits(11, 2),
              bytes[13] == UInt8(ascii: ":"), digits(14, 2) else { return nil }
        var index = 16
        var seconds: [UInt8] = Array("00".utf8)
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard digits(17, 2) else { return nil }
            seconds = Array(bytes[17..<19])
            index = 19
        }
        var fraction: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            guard index == 19 else { return nil }
            index += 1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction.append(bytes[index])
                index += 1
            }
            guard !fraction.isEmpty else { return nil }
        }
        guard index < bytes.count else { return nil }  // no zone
        let zone = Array(bytes[index...])
        switch zone[0] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard zone.count == 1 else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let rest = Array(zone.dropFirst())
            let offsetDigits: [UInt8]
            if rest.count == 5, rest[2] == UInt8(ascii: ":") {
                offsetDigits = Array(rest[0..<2] + rest[3..<5])
            } else if rest.count == 4 || rest.count == 2 {
                offsetDigits = rest
            } else {
                return nil
            }
            guard offsetDigits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        default:
            return nil
        }
        // The date, time and offset checked and applied by the datestamp rules; the fraction is kept.
        var plain = Array(bytes[0..<10]) + [UInt8(ascii: "T")] + Array(bytes[11..<16]) + [UInt8(ascii: ":")] + seconds
        plain += zone[0] == UInt8(ascii: "z") ? [UInt8(ascii: "Z")] : zone
        guard let utc = UTCDatestamp.normalise(String(decoding: plain, as: UTF8.self)) else { return nil }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        guard !fraction.isEmpty else { return utc }
        return String(utc.dropLast()) + "." + String(decoding: fraction, as: UTF8.self) + "Z"
    }
}
