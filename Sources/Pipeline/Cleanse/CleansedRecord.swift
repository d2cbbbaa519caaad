import Foundation
import ThresherCore

/// A record's flat cleansed view: its identifier as harvested, its OAI datestamp, and the values of each field of
/// the mapping (`title`, `creator`, `image`, …), normalised (Unicode NFC, white space collapsed), each with its
/// language tag when it had one.
public struct CleansedRecord: Sendable, Equatable, Codable {
    /// One normalised value and its language tag (nil when untagged or a link).
    public struct Value: Sendable, Equatable, Hashable, Codable {
        /// The normalised text (or URI).
        public var text: String
        /// The value's language tag, as given.
        public var lang: String?

        public init(_ text: String, lang: String? = nil) {
            self.text = text
            self.lang = lang
        }
    }

    /// The record's identifier as harvested.
    public var guid: String
    /// The OAI header's datestamp.
    public var datestamp: String?
    /// Each field's values, by the mapping's field name; a field without values is absent.
    public var fields: [String: [Value]]

    public init(guid: String, datestamp: String?, fields: [String: [Value]]) {
        self.guid = guid
        self.datestamp = datestamp
        self.fields = fields.filter { !$0.value.isEmpty }
    }

    /// The values of `field` (empty when the record has none).
    public func values(_ field: String) -> [Value] { fields[field] ?? [] }

    /// The first value of `field`, or nil.
    public func first(_ field: String) -> String? { fields[field]?.first?.text }

    /// The values of `field` joined by a space (empty when none).
    public func text(_ field: String) -> String { values(field).map(\.text).joined(separator: " ") }

    /// The view as stored: JSON with sorted keys (what `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`
    /// writes, written directly: cleanse stores one per record).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"#.utf8)
        if let datestamp {
            out.append(contentsOf: #""datestamp":"#.utf8)
            JSONEscaping.appendString(datestamp, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""fields":{"#.utf8)
        // Keys sorted as JSONEncoder sorts them (by UTF-8 bytes for these ASCII names; any name by its UTF-8 bytes).
        for (k, name) in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONEscaping.appendString(name, to: &out)
            out.append(contentsOf: #":["#.utf8)
            for (v, value) in (fields[name] ?? []).enumerated() {
                if v > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "{"))
                if let lang = value.lang {
                    out.append(contentsOf: #""lang":"#.utf8)
                    JSONEscaping.appendString(lang, to: &out)
                    out.append(UInt8(ascii: ","))
                }
                out.append(contentsOf: #""text":"#.utf8)
                JSONEscaping.appendString(value.text, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: #"},"guid":"#.utf8)
        JSONEscaping.appendString(guid, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
