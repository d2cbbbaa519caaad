import Foundation

/// A page's declared encoding, read in one place for all readers; pages in ISO-8859-1 (older repositories still
/// send them) made UTF-8, so that the one-pass reader can read them and keep their payloads' own bytes.
enum PageEncoding {
    /// The page in UTF-8 with its XML declaration saying so, when the declaration names ISO-8859-1 (Latin-1:
    /// byte n is U+00nn); nil for any other page.
    static func utf8(fromLatin1 page: [UInt8]) -> [UInt8]? {
        guard page.starts(with: Array("<?xml".utf8)), let end = page.firstIndex(of: UInt8(ascii: ">")),
              let value = encodingValue(page[..<end]),
              ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1"].contains(name(page[value])) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(page.count + page.count / 16)
        output.append(contentsOf: page[..<value.lowerBound])
        output.append(contentsOf: "UTF-8".utf8)
        output.append(contentsOf: page[value.upperBound...end])
        for byte in page[(end + 1)...] {
            if byte < 0x80 {
                output.append(byte)
            } else {
                output.append(0xC0 | (byte >> 6))
                output.append(0x80 | (byte & 0x3F))
            }
        }
        return output
    }

    /// The page in UTF-8 with its XML declaration saying so, when it is in UTF-16 (a byte-order mark, or
    /// `<?` in either byte order as its first two characters); nil for any other page. Unpaired surrogates
    /// become U+FFFD.
    static func utf8(fromUTF16 page: [UInt8]) -> [UInt8]? {
        guard page.count >= 4 else { return nil }
        let bigEndian: Bool
        var start = 0
        switch (page[0], page[1], page[2], page[3]) {
        case (0xFF, 0xFE, _, _) where !(page[2] == 0 && page[3] == 0): bigEndian = false; start = 2
        case (0xFE, 0xFF, _, _): bigEndian = true; start = 2
        case (0x3C, 0x00, 0x3F, 0x00): bigEndian = false
        case (0x00, 0x3C, 0x00, 0x3F): bigEndian = true
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity((page.count - start) / 2)
        var index = start
        while index + 1 < page.count {
            let (high, low) = bigEndian ? (page[index], page[index + 1]) : (page[index + 1], page[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        var output = Array(String(decoding: units, as: UTF16.self).utf8)
        if output.starts(with: Array("<?xml".utf8)), let end = output.firstIndex(of: UInt8(ascii: ">")),
           let value = encodingValue(output[..<end]) {
            output.replaceSubrange(value, with: "UTF-8".utf8)
        }
        return output
    }

    /// The page with the charset its HTTP Content-Type names declared in its XML declaration, when the page
    /// declares no encoding of its own, has no byte-order mark, is not in UTF-16 and is not UTF-8 (XML's
    /// default, which libxml2 would assume); nil otherwise. A page's own declaration wins over the header, and so
    /// does UTF-8: servers often label UTF-8 pages with a default `charset=ISO-8859-1`, so a page with any valid
    /// multi-byte UTF-8 sequence is taken for UTF-8 with a few bad bytes (which the page repair replaces).
    static func declaringCharset(of contentType: String?, in page: [UInt8]) -> [UInt8]? {
        guard let charset = charset(contentType),
              !["utf-8", "utf8", "us-ascii", "ascii"].contains(charset), !charset.hasPrefix("utf-16"),
              charset.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else { return nil }
        if page.starts(with: [0xEF, 0xBB, 0xBF]) || page.starts(with: [0xFF, 0xFE]) || page.starts(with: [0xFE, 0xFF])
            || page.prefix(4).contains(0) {
            return nil
        }
        var start = 0
        while start < page.count, [0x20, 0x09, 0x0A, 0x0D].contains(page[start]) { start += 1 }
        var rest = page[start...]
        if rest.starts(with: Array("<?xml".utf8)), let end = rest.firstIndex(of: UInt8(ascii: ">")) {
            if encodingValue(rest[..<end]) != nil { return nil }
            rest = page[(end + 1)...]
        }
        guard !looksLikeUTF8(page) else { return nil }
        return Array("<?xml version=\"1.0\" encoding=\"\(charset)\"?>".utf8) + rest
    }

    /// True when `page` is ASCII or holds a valid multi-byte UTF-8 sequence.
    static func looksLikeUTF8(_ page: [UInt8]) -> Bool {
        var sawInvalid = false
        for index in page.indices where page[index] >= 0x80 {
            if PageRepair.utf8SequenceLength(page, at: index) > 0 { return true }
            sawInvalid = true
        }
        return !sawInvalid
    }

    /// The `charset` parameter of a Content-Type header, lower-cased and unquoted.
    static func charset(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }

    /// The encoding an XML declaration (its bytes up to the closing `>`) names, lower-cased; nil for none.
    static func declaredEncoding(_ declaration: ArraySlice<UInt8>) -> String? {
        encodingValue(declaration).map { name(declaration[$0]) }
    }

    private static func name(_ value: ArraySlice<UInt8>) -> String {
        String(decoding: value, as: UTF8.self).lowercased()
    }

    /// Where the value of the `encoding` pseudo-attribute of an XML declaration stands.
    private static func encodingValue(_ declaration: ArraySlice<UInt8>) -> Range<Int>? {
        let key = Array("encoding".utf8)
        var index = declaration.startIndex
        while index + key.count <= declaration.endIndex {
            if declaration[index..<(index + key.count)].elementsEqual(key) {
                var cursor = index + key.count
                while cursor < declaration.endIndex, declaration[cursor] == 0x20 || declaration[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                }
                guard cursor < declaration.endIndex else { return nil }
                let quote = declaration[cursor]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
                let start = cursor + 1
                guard let close = declaration[start...].firstIndex(of: quote) else { return nil }
                return start..<close
            }
            index += 1
        }
        return nil
    }
}
