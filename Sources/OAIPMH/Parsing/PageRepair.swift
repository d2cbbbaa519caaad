import ThresherCore
import XMLSupport

/// Repairs the usual breakage of real OAI-PMH pages before parsing, so that no record on the page is lost:
/// a byte-order mark or white space before the XML declaration, characters illegal in XML 1.0 (raw or as
/// character references), HTML's named entities (made numeric references), other undefined entities (kept as
/// text), and invalid UTF-8.
enum PageRepair {
    /// The repaired bytes and what was repaired (the input itself when nothing was).
    static func repair(_ input: [UInt8]) -> (bytes: [UInt8], repairs: [OAIRepair]) {
        var (start, repairs) = leadingBytes(input)
        // A page that declares another encoding (ISO-8859-1, say) is left to libxml2's decoder.
        let utf8 = declaresUTF8(input, from: start)
        guard needsRepair(input, from: start, utf8: utf8) else {
            return (start == 0 ? input : Array(input[start...]), repairs)
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count - start)
        var illegal = 0, entities = 0, htmlEntities = 0, invalidUTF8 = 0
        var index = start
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                    illegal += 1
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "&") {
                    switch reference(input, at: index) {
                    case .legal(let length):
                        output.append(contentsOf: input[index..<(index + length)])
                        index += length
                    case .illegalCharacter(let length):
                        illegal += 1
                        index += length
                    case .htmlEntity(let length, let codePoint):
                        htmlEntities += 1
                        output.append(contentsOf: Array("&#\(codePoint);".utf8))
                        index += length
                    case .undefinedEntity:
                        entities += 1
                        output.append(contentsOf: Array("&amp;".utf8))
                        index += 1
                    }
                    continue
                }
                output.append(byte)
                index += 1
                continue
            }
            let length = utf8 ? utf8SequenceLength(input, at: index) : 1
            if length == 0 {
                invalidUTF8 += 1
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
            } else {
                output.append(contentsOf: input[index..<(index + length)])
                index += length
            }
        }
        if illegal > 0 { repairs.append(OAIRepair(kind: .illegalCharacters, count: illegal)) }
        if htmlEntities > 0 { repairs.append(OAIRepair(kind: .htmlEntities, count: htmlEntities)) }
        if entities > 0 { repairs.append(OAIRepair(kind: .undefinedEntities, count: entities)) }
        if invalidUTF8 > 0 { repairs.append(OAIRepair(kind: .invalidUTF8, count: invalidUTF8)) }
        return (output, repairs)
    }

    /// The page without a byte-order mark and white space before its first markup, and those repairs.
    static func trimmingLeadingBytes(_ input: [UInt8]) -> (bytes: [UInt8], repairs: [OAIRepair]) {
        let (start, repairs) = leadingBytes(input)
        return (start == 0 ? input : Array(input[start...]), repairs)
    }

    /// Where the page's markup starts: after a byte-order mark and white space.
    private static func leadingBytes(_ input: [UInt8]) -> (start: Int, repairs: [OAIRepair]) {
        var start = 0
        var repairs: [OAIRepair] = []
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            start = 3
            repairs.append(OAIRepair(kind: .byteOrderMark, count: 1))
        }
        var skipped = 0
        while start < input.count, isSpace(input[start]) {
            start += 1
            skipped += 1
        }
        if skipped > 0 { repairs.append(OAIRepair(kind: .leadingWhitespace, count: skipped)) }
        return (start, repairs)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// True unless the XML declaration names an encoding other than UTF-8 (or its ASCII subset).
    static func declaresUTF8(_ input: [UInt8], from start: Int) -> Bool {
        let head = input[start..<min(input.count, start + 200)]
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")),
              let encoding = PageEncoding.declaredEncoding(head[..<end]) else { return true }
        return ["utf-8", "utf8", "us-ascii", "ascii"].contains(encoding)
    }

    /// A quick scan: anything that needs the slow path?
    private static func needsRepair(_ input: [UInt8], from start: Int, utf8: Bool) -> Bool {
        input.withUnsafeBufferPointer { buffer in
            var index = start
            let count = buffer.count
            guard let base = buffer.baseAddress else { return false }
            while index < count {
                // Eight plain bytes at a time: printable ASCII other than "&".
                while index + 8 <= count, isPlain(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                }
                guard index < count else { break }
                let byte = buffer[index]
                if byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "&") {
                    index += 1
                    continue
                }
                if byte < 0x80 {
                    if byte < 0x20 {
                        if byte != 0x09, byte != 0x0A, byte != 0x0D { return true }
                        index += 1
                        continue
                    }
                    // "&": the five predefined entities are the common case.
                    if let length = predefinedEntityLength(buffer, at: index) {
                        index += length
                        continue
                    }
                    if case .legal(let length) = reference(input, at: index) {
                        index += length
                        continue
                    }
                    return true
                }
                if utf8 {
                    let length = utf8SequenceLength(input, at: index)
                    if length == 0 { return true }
                    index += length
                } else {
                    index += 1
                }
            }
            return false
        }
    }

    /// True when all eight bytes are printable ASCII (0x20–0x7F) and none is "&".
    @inline(__always)
    private static func isPlain(_ word: UInt64) -> Bool {
        !WordScan.hasNonASCII(word) && !WordScan.hasByte(below: 0x20, in: word) && !WordScan.hasByte(UInt8(ascii: "&"), in: word)
    }

    /// The length of `&amp;`, `&lt;`, `&gt;`, `&quot;` or `&apos;` at `index`, else nil.
    @inline(__always)
    private static func predefinedEntityLength(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let remaining = buffer.count - index
        guard remaining >= 4 else { return nil }
        let b1 = buffer[index + 1], b2 = buffer[index + 2], b3 = buffer[index + 3]
        if b1 == UInt8(ascii: "l") || b1 == UInt8(ascii: "g") {
            return b2 == UInt8(ascii: "t") && b3 == UInt8(ascii: ";") ? 4 : nil
        }
        guard remaining >= 5 else { return nil }
        let b4 = buffer[index + 4]
        if b1 == UInt8(ascii: "a"), b2 == UInt8(ascii: "m"), b3 == UInt8(ascii: "p"), b4 == UInt8(ascii: ";") { return 5 }
        guard remaining >= 6, buffer[index + 5] == UInt8(ascii: ";") else { return nil }
        if b1 == UInt8(ascii: "q"), b2 == UInt8(ascii: "u"), b3 == UInt8(ascii: "o"), b4 == UInt8(ascii: "t") { return 6 }
        if b1 == UInt8(ascii: "a"), b2 == UInt8(ascii: "p"), b3 == UInt8(ascii: "o"), b4 == UInt8(ascii: "s") { return 6 }
        return nil
    }

    private enum Reference {
        case legal(length: Int)
        case illegalCharacter(length: Int)
        /// An HTML named character reference (`&eacute;`), undefined in XML.
        case htmlEntity(length: Int, codePoint: UInt32)
        case undefinedEntity
    }

    private static let predefined: Set<[UInt8]> = [Array("amp".utf8), Array("lt".utf8), Array("gt".utf8),
                                                   Array("quot".utf8), Array("apos".utf8)]

    /// What the `&` at `index` starts.
    private static func reference(_ input: [UInt8], at index: Int) -> Reference {
        var end = index + 1
        let limit = min(input.count, index + 40)
        while end < limit, input[end] != UInt8(ascii: ";") {
            let byte = input[end]
            let isNameByte = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            if !isNameByte { return .undefinedEntity }
            end += 1
        }
        guard end < limit, end > index + 1 else { return .undefinedEntity }
        let name = Array(input[(index + 1)..<end])
        let length = end - index + 1
        if name.first == UInt8(ascii: "#") {
            var value: UInt32 = 0
            var digits = name.dropFirst()
            var radix: UInt32 = 10
            if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") {
                radix = 16
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.count <= 8 else { return .undefinedEntity }
            for digit in digits {
                let v: UInt32
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: v = UInt32(digit - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: v = UInt32(digit - UInt8(ascii: "A") + 10)
                default: return .undefinedEntity
                }
                value = value * radix + v
            }
            let legal = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            return legal ? .legal(length: length) : .illegalCharacter(length: length)
        }
        if predefined.contains(name) { return .legal(length: length) }
        if let codePoint = HTMLEntities.codePoints[name] { return .htmlEntity(length: length, codePoint: codePoint) }
        return .undefinedEntity
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 when it is not valid.
    static func utf8SequenceLength(_ input: [UInt8], at index: Int) -> Int {
        let byte = input[index]
        let count = input.count
        func continuation(_ offset: Int) -> Bool {
            index + offset < count && input[index + offset] & 0xC0 == 0x80
        }
        switch byte {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(1), continuation(2) else { return 0 }
            let second = input[index + 1]
            if byte == 0xE0, second < 0xA0 { return 0 }
            if byte == 0xED, second > 0x9F { return 0 }
            // U+FFFE and U+FFFF are not XML characters either; treat them as invalid.
            if byte == 0xEF, second == 0xBF, input[index + 2] >= 0xBE { return 0 }
            return 3
        case 0xF0...0xF4:
            guard continuation(1), continuation(2), continuation(3) else { return 0 }
            let second = input[index + 1]
            if byte == 0xF0, second < 0x90 { return 0 }
            if byte == 0xF4, second > 0x8F { return 0 }
            return 4
        default:
            return 0
        }
    }
}
