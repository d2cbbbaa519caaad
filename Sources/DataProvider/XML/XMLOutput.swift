import ThresherCore
/// A UTF-8 byte buffer that OAI-PMH responses are written into: markup goes in as is, text and attribute values
/// are escaped, and characters illegal in XML 1.0 are dropped from anything that comes from the store.
struct XMLOutput {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends markup written by the provider itself (never data from the store or the request).
    mutating func markup(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` as character data: `&`, `<`, `>` escaped, a carriage return as `&#13;`, illegal characters dropped.
    mutating func text(_ text: String) {
        append(text, escapingQuotes: false)
    }

    /// Appends ` name="value"` with the value escaped for a double-quoted attribute.
    mutating func attribute(_ name: String, _ value: String) {
        bytes.append(0x20)
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: #"=""#.utf8)
        append(value, escapingQuotes: true)
        bytes.append(0x22)
    }

    /// Appends `<name>text</name>` with the text escaped.
    mutating func element(_ name: String, _ text: String) {
        bytes.append(0x3C)
        bytes.append(contentsOf: name.utf8)
        bytes.append(0x3E)
        append(text, escapingQuotes: false)
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(0x3E)
    }

    /// Appends a stored XML fragment (a record's metadata) as markup: a leading byte-order mark, white space and
    /// XML declaration are removed, and so are characters illegal in XML 1.0; nothing else is changed.
    mutating func fragment(_ xml: String) {
        var xml = xml
        xml.withUTF8 { utf8 in
            let start = XMLOutput.fragmentStart(utf8)
            appendDroppingIllegal(UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    // MARK: - Byte level

    private mutating func append(_ text: String, escapingQuotes: Bool) {
        XMLEscaping.append(text, attribute: escapingQuotes, to: &bytes)
    }

    private mutating func appendDroppingIllegal(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            var skip = 0
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { skip = 1 }
            } else if byte == 0xEF && XMLEscaping.isNonCharacter(utf8, at: index) {
                skip = 3
            }
            if skip == 0 {
                index += 1
                continue
            }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            }
            index += skip
            runStart = index
        }
        if runStart < count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
    }

    /// True when the bytes at `index` are U+FFFE or U+FFFF (EF BF BE / EF BF BF), which XML 1.0 excludes.

    /// Where a stored fragment's content starts: after a byte-order mark, leading white space and an XML declaration.
    static func fragmentStart(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        let count = utf8.count
        if count >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF { index = 3 }
        func skipSpace() {
            while index < count, utf8[index] == 0x20 || utf8[index] == 0x09 || utf8[index] == 0x0A || utf8[index] == 0x0D {
                index += 1
            }
        }
        skipSpace()
        // "<?xml" followed by white space starts the declaration; it ends at the first "?>".
        let declaration: [UInt8] = Array("<?xml".utf8)
        if count - index > declaration.count + 1,
           utf8[index..<(index + declaration.count)].elementsEqual(declaration),
           [0x20, 0x09, 0x0A, 0x0D].contains(utf8[index + declaration.count]) {
            var end = index + declaration.count
            while end + 1 < count, !(utf8[end] == 0x3F && utf8[end + 1] == 0x3E) { end += 1 }
            if end + 1 < count {
                index = end + 2
                skipSpace()
            }
        }
        return index
    }
}
