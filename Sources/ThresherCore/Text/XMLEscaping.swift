/// XML character data and attribute values from text: the one escaper every XML writer of Thresher uses (the
/// OAI-PMH data provider, namespace declarations of stored payloads, generated sample records). `&`, `<`, `>`
/// become entity references, a carriage return `&#13;`; in attribute values also `"`, tab and line feed; and
/// characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF)
/// are dropped.
public enum XMLEscaping {
    /// Appends `text` escaped: for an attribute value in double quotes when `attribute`, else as character data.
    public static func append(_ text: UnsafeBufferPointer<UInt8>, attribute: Bool, to bytes: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            let replacement: StaticString?
            var skip = 1
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x0D: replacement = "&#13;"
            case 0x22 where attribute: replacement = "&quot;"
            case 0x09 where attribute: replacement = "&#9;"
            case 0x0A where attribute: replacement = "&#10;"
            case 0x09, 0x0A: index += 1; continue
            case 0x00..<0x20: replacement = ""
            case 0xEF where isNonCharacter(text, at: index): replacement = ""; skip = 3
            default: index += 1; continue
            }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            }
            if let replacement {
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
            }
            index += skip
            runStart = index
        }
        if runStart < count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<count]))
        }
    }

    /// Appends `text` escaped: for an attribute value in double quotes when `attribute`, else as character data.
    public static func append(_ text: String, attribute: Bool, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, attribute: attribute, to: &bytes) }
    }

    /// `text` escaped: for an attribute value in double quotes when `attribute`, else as character data.
    public static func escaped(_ text: String, attribute: Bool = false) -> String {
        var needs = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0xEF {
            needs = true
            break
        }
        guard needs else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        append(text, attribute: attribute, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when the three bytes at `index` are U+FFFE or U+FFFF, which XML does not allow.
    public static func isNonCharacter(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < utf8.count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF)
    }
}
