import Foundation

extension CleansedRecord {
    /// A view as stored, or nil when the bytes are not one: read directly when they have the shape `encoded()` writes
    /// (no Foundation decoder), otherwise through `JSONDecoder` (which gives the same record for any JSON).
    public static func decoded(_ bytes: [UInt8]) -> CleansedRecord? {
        if let record = decodedDirectly(bytes) { return record }
        return try? JSONDecoder().decode(CleansedRecord.self, from: Data(bytes))
    }

    /// The record in `bytes` when they have the shape `encoded()` writes, else nil (even when they are a view).
    static func decodedDirectly(_ bytes: [UInt8]) -> CleansedRecord? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = ViewReader(bytes: buffer)
            return reader.record()
        }
    }
}

/// Reads the JSON `CleansedRecord.encoded()` writes: an object with `datestamp` (optional), `fields` (an object of
/// arrays of `{"lang", "text"}` objects) and `guid`. Anything else (numbers, repeated or unknown keys, surrogate
/// escapes, invalid UTF-8) makes it give up (nil), leaving the record to `JSONDecoder`.
private struct ViewReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func record() -> CleansedRecord? {
        var guid: String?
        var datestamp: String?
        var sawDatestamp = false
        var fields: [String: [CleansedRecord.Value]]?
        guard consume(0x7B) else { return nil }  // {
        if !consume(0x7D) {
            repeat {
                guard let key = key(), consume(0x3A) else { return nil }
                switch key {
                case .guid:
                    guard guid == nil, let value = string() else { return nil }
                    guid = value
                case .datestamp:
                    guard !sawDatestamp else { return nil }
                    sawDatestamp = true
                    if consumeNull() { datestamp = nil } else {
                        guard let value = string() else { return nil }
                        datestamp = value
                    }
                case .fields:
                    guard fields == nil, let value = fieldMap() else { return nil }
                    fields = value
                default:
                    return nil
                }
            } while consume(0x2C)
            guard consume(0x7D) else { return nil }
        }
        skipSpace()
        guard at == bytes.count, let guid, let fields else { return nil }
        var record = CleansedRecord(guid: guid, datestamp: datestamp, fields: [:])
        record.fields = fields  // as decoded, empty arrays included (as `JSONDecoder` keeps them)
        return record
    }

    mutating func fieldMap() -> [String: [CleansedRecord.Value]]? {
        var out: [String: [CleansedRecord.Value]] = [:]
        guard consume(0x7B) else { return nil }
        if consume(0x7D) { return out }
        repeat {
            guard let name = string(), out[name] == nil, consume(0x3A), consume(0x5B) else { return nil }
            var values: [CleansedRecord.Value] = []
            if !consume(0x5D) {
                repeat {
                    guard let value = value() else { return nil }
                    values.append(value)
                } while consume(0x2C)
                guard consume(0x5D) else { return nil }
            }
            out[name] = values
        } while consume(0x2C)
        return consume(0x7D) ? out : nil
    }

    mutating func value() -> CleansedRecord.Value? {
        var text: String?
        var lang: String?
        var sawLang = false
        guard consume(0x7B) else { return nil }
        if !consume(0x7D) {
            repeat {
                guard let key = key(), consume(0x3A) else { return nil }
                switch key {
                case .text:
                    guard text == nil, let value = string() else { return nil }
                    text = value
                case .lang:
                    guard !sawLang else { return nil }
                    sawLang = true
                    if !consumeNull() {
                        guard let value = string() else { return nil }
                        lang = value
                    }
                default:
                    return nil
                }
            } while consume(0x2C)
            guard consume(0x7D) else { return nil }
        }
        guard let text else { return nil }
        return CleansedRecord.Value(text, lang: lang)
    }

    /// The keys a view has.
    enum Key { case guid, datestamp, fields, text, lang }

    /// A key written without escapes, compared byte by byte (no string made), or nil.
    mutating func key() -> Key? {
        guard consume(0x22) else { return nil }
        let start = at
        while at < bytes.count && bytes[at] != 0x22 {
            if bytes[at] == 0x5C { return nil }
            at += 1
        }
        guard at < bytes.count else { return nil }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<at])
        at += 1
        for (key, name) in Self.keys where raw.elementsEqual(name) { return key }
        return nil
    }

    static let keys: [(Key, [UInt8])] = [(.text, Array("text".utf8)), (.lang, Array("lang".utf8)), (.guid, Array("guid".utf8)),
                                         (.datestamp, Array("datestamp".utf8)), (.fields, Array("fields".utf8))]

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    mutating func consumeNull() -> Bool {
        skipSpace()
        guard at + 4 <= bytes.count, bytes[at] == 0x6E, bytes[at + 1] == 0x75, bytes[at + 2] == 0x6C, bytes[at + 3] == 0x6C
        else { return false }
        at += 4
        return true
    }

    /// A JSON string (escapes resolved, UTF-8 validated), or nil.
    mutating func string() -> String? {
        guard consume(0x22) else { return nil }
        let start = at
        while at < bytes.count {
            let byte = bytes[at]
            if byte == 0x22 {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<at])
                at += 1
                return String(validating: raw, as: UTF8.self)
            }
            if byte == 0x5C { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            at += 1
        }
        return nil
    }

    /// The rest of a string that has escapes, its first `start` bytes already known to be plain.
    mutating func escapedString(from start: Int) -> String? {
        var out = Array(bytes[start..<at])
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case 0x22:
                return String(validating: out, as: UTF8.self)
            case 0x5C:
                guard at < bytes.count else { return nil }
                let escape = bytes[at]
                at += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: out.append(escape)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard at + 4 <= bytes.count else { return nil }
                    var scalar: UInt32 = 0
                    for _ in 0..<4 {
                        let digit = bytes[at]
                        at += 1
                        switch digit {
                        case 0x30...0x39: scalar = scalar << 4 | UInt32(digit - 0x30)
                        case 0x41...0x46: scalar = scalar << 4 | UInt32(digit - 0x41 + 10)
                        case 0x61...0x66: scalar = scalar << 4 | UInt32(digit - 0x61 + 10)
                        default: return nil
                        }
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }  // surrogates: left to JSONDecoder
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    return nil
                }
            default:
                if byte < 0x20 { return nil }
                out.append(byte)
            }
        }
        return nil
    }
}
