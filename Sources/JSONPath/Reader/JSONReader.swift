/// One-pass strict RFC 8259 reader from UTF-8 bytes into a tape (see `TapeEntry`).
struct JSONReader {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    let maxDepth: Int
    var i = 0
    var tape: [TapeEntry] = []

    init(_ p: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.p = p
        self.n = p.count
        self.maxDepth = maxDepth
    }

    private func fail(_ reason: JSONReadError.Reason, _ at: Int) -> JSONReadError {
        JSONReadError(reason, at: at, in: p)
    }

    @inline(__always) private mutating func skipWhitespace() {
        while i < n {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    mutating func read() throws(JSONReadError) -> [TapeEntry] {
        guard n < Int(UInt32.max) else { throw fail(.documentTooLarge, 0) }
        tape.reserveCapacity(n / 6 + 4)
        skipWhitespace()
        if i >= n { throw fail(.emptyInput, i) }
        // Open containers: tape index of their head.
        var stack: [Int] = []
        stack.reserveCapacity(32)
        let kObject = JSONKind.object.rawValue, kArray = JSONKind.array.rawValue

        // Each iteration reads one value at `i`, then consumes what follows it.
        while true {
            skipWhitespace()
            guard i < n else { throw fail(.unexpectedEnd, i) }
            let c = p[i]
            var opened = false
            switch c {
            case UInt8(ascii: "\""):
                try readString(kind: JSONKind.string.rawValue)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if stack.count >= maxDepth { throw fail(.depthLimitExceeded(maxDepth), i) }
                let isObject = c == UInt8(ascii: "{")
                stack.append(tape.count)
                tape.append(TapeEntry(kind: isObject ? kObject : kArray, flags: 0, a: 0, b: 0))
                i += 1
                skipWhitespace()
                guard i < n else { throw fail(.unexpectedEnd, i) }
                if p[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    let head = stack.removeLast()
                    tape[head].b = UInt32(tape.count)
                } else {
                    opened = true
                    if isObject { try readKey() }
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try readNumber()
            case UInt8(ascii: "t"):
                try literal(0x74_72_75_65, JSONKind.true)
            case UInt8(ascii: "f"):
                guard i + 5 <= n, p[i + 4] == UInt8(ascii: "e") else { throw fail(.invalidLiteral, i) }
                try literal(0x66_61_6C_73, JSONKind.false)
                i += 1
            case UInt8(ascii: "n"):
                try literal(0x6E_75_6C_6C, JSONKind.null)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                throw fail(stack.isEmpty ? .expectedValue : (tape[stack[stack.count - 1]].a > 0 ? .trailingComma : .expectedValue), i)
            default:
                throw fail(c < 0x80 ? .unexpectedCharacter(c) : .invalidUTF8, i)
            }
            if opened { continue }

            // After a complete value: close containers or move to the next element.
            while true {
                guard let head = stack.last else {
                    skipWhitespace()
                    if i != n { throw fail(.trailingData, i) }
                    return tape
                }
                tape[head].a &+= 1
                skipWhitespace()
                guard i < n else { throw fail(.unexpectedEnd, i) }
                let d = p[i]
                let isObject = tape[head].kind == kObject
                if d == UInt8(ascii: ",") {
                    i += 1
                    if isObject {
                        skipWhitespace()
                        guard i < n else { throw fail(.unexpectedEnd, i) }
                        if p[i] == UInt8(ascii: "}") { throw fail(.trailingComma, i) }
                        try readKey()
                    } else {
                        skipWhitespace()
                        if i < n && p[i] == UInt8(ascii: "]") { throw fail(.trailingComma, i) }
                    }
                    break
                } else if d == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    stack.removeLast()
                    tape[head].b = UInt32(tape.count)
                } else {
                    throw fail(isObject ? .expectedCommaOrEndOfObject : .expectedCommaOrEndOfArray, i)
                }
            }
        }
    }

    /// Reads `"name"` and the following colon (at `i`, whitespace already skipped).
    @inline(__always) private mutating func readKey() throws(JSONReadError) {
        guard p[i] == UInt8(ascii: "\"") else { throw fail(.expectedMemberName, i) }
        try readString(kind: JSONKind.string.rawValue)
        skipWhitespace()
        guard i < n else { throw fail(.unexpectedEnd, i) }
        guard p[i] == UInt8(ascii: ":") else { throw fail(.expectedColon, i) }
        i += 1
    }

    /// Reads a 4-byte literal whose first four bytes (big-endian) are `word`.
    @inline(__always) private mutating func literal(_ word: UInt32, _ kind: JSONKind) throws(JSONReadError) {
        guard i + 4 <= n else { throw fail(i + 1 < n ? .invalidLiteral : .unexpectedEnd, i) }
        let w = UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
        guard w == word else { throw fail(.invalidLiteral, i) }
        tape.append(TapeEntry(kind: kind.rawValue, flags: 0, a: UInt32(i), b: 0))
        i += 4
    }

    private mutating func readNumber() throws(JSONReadError) {
        let start = i
        var integer: UInt8 = 1
        if p[i] == UInt8(ascii: "-") {
            i += 1
            guard i < n else { throw fail(.unexpectedEnd, i) }
        }
        let first = p[i]
        if first == UInt8(ascii: "0") {
            i += 1
            if i < n && p[i] &- UInt8(ascii: "0") < 10 { throw fail(.leadingZero, i - 1) }
        } else if first &- UInt8(ascii: "1") < 9 {
            i += 1
            while i < n && p[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        } else {
            throw fail(.invalidNumber, i)
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            integer = 0
            i += 1
            guard i < n, p[i] &- UInt8(ascii: "0") < 10 else { throw fail(i < n ? .invalidNumber : .unexpectedEnd, i) }
            while i < n && p[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        }
        if i < n && (p[i] | 0x20) == UInt8(ascii: "e") {
            integer = 0
            i += 1
            if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < n, p[i] &- UInt8(ascii: "0") < 10 else { throw fail(i < n ? .invalidNumber : .unexpectedEnd, i) }
            while i < n && p[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        }
        tape.append(TapeEntry(kind: JSONKind.number.rawValue, flags: integer, a: UInt32(start), b: UInt32(i - start)))
    }

    /// Reads a string starting at the opening quote at `i`.
    @inline(__always) private mutating func readString(kind: UInt8) throws(JSONReadError) {
        i += 1
        let start = i
        var flags: UInt8 = 0
        let base = p.baseAddress!
        while true {
            // Eight plain bytes at a time: no quote, backslash, control character or non-ASCII.
            // The lowest flagged byte of a word is exact, so jump straight to it.
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let quote = w ^ 0x2222_2222_2222_2222
                let slash = w ^ 0x5C5C_5C5C_5C5C_5C5C
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let special = (((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | ((w &- ones &* 0x20) & ~w) | w) & high
                if special != 0 {
                    i += special.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < n else { throw fail(.unexpectedEnd, i) }
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                tape.append(TapeEntry(kind: kind, flags: flags, a: UInt32(start), b: UInt32(i - start)))
                i += 1
                return
            } else if c == UInt8(ascii: "\\") {
                flags = 1
                let e = i + 1 < n ? p[i + 1] : 0
                switch e {
                case UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"),
                     UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                    i += 2
                case UInt8(ascii: "u") where i + 6 <= n:
                    // Fast path: four hex digits outside the surrogate range.
                    let h0 = JSONReader.hexTable[Int(p[i + 2])], h1 = JSONReader.hexTable[Int(p[i + 3])]
                    let h2 = JSONReader.hexTable[Int(p[i + 4])], h3 = JSONReader.hexTable[Int(p[i + 5])]
                    if (h0 | h1 | h2 | h3) < 16 && !(h0 == 0xD && h1 >= 8) {
                        i += 6
                    } else {
                        try readEscape()
                    }
                default:
                    try readEscape()
                }
            } else if c < 0x20 {
                throw fail(.controlCharacterInString, i)
            } else if c < 0x80 {
                i += 1
            } else {
                try readUTF8(c)
            }
        }
    }

    /// Hex digit values by byte; 0xFF for non-hex bytes.
    static let hexTable: [UInt8] = (0..<256).map { b -> UInt8 in
        JSONDocument.hexValue(UInt8(b)).map { UInt8($0) } ?? 0xFF
    }

    private mutating func readEscape() throws(JSONReadError) {
        guard i + 1 < n else { throw fail(.unexpectedEnd, i + 1) }
        switch p[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            i += 2
        case UInt8(ascii: "u"):
            let v = try hex4(i + 2)
            if v >= 0xD800 && v < 0xDC00 {
                guard i + 11 < n, p[i + 6] == UInt8(ascii: "\\"), p[i + 7] == UInt8(ascii: "u") else {
                    throw fail(.loneSurrogate, i)
                }
                let low = try hex4(i + 8)
                guard low >= 0xDC00 && low < 0xE000 else { throw fail(.loneSurrogate, i) }
                i += 12
            } else if v >= 0xDC00 && v < 0xE000 {
                throw fail(.loneSurrogate, i)
            } else {
                i += 6
            }
        default:
            throw fail(.invalidEscape, i)
        }
    }

    private func hex4(_ at: Int) throws(JSONReadError) -> Int {
        guard at + 4 <= n else { throw fail(.unexpectedEnd, n) }
        var v = 0
        for j in at..<(at + 4) {
            guard let h = JSONDocument.hexValue(p[j]) else { throw fail(.invalidUnicodeEscape, at - 2) }
            v = v << 4 | h
        }
        return v
    }

    /// Validates one multi-byte UTF-8 sequence starting with lead byte `c` at `i`.
    private mutating func readUTF8(_ c: UInt8) throws(JSONReadError) {
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && p[k] & 0xC0 == 0x80 }
        let at = i
        switch c {
        case 0xC2...0xDF:
            guard cont(i + 1) else { throw fail(.invalidUTF8, at) }
            i += 2
        case 0xE0...0xEF:
            guard i + 2 < n, cont(i + 1), cont(i + 2) else { throw fail(.invalidUTF8, at) }
            let b1 = p[i + 1]
            if c == 0xE0 && b1 < 0xA0 { throw fail(.invalidUTF8, at) }
            if c == 0xED && b1 > 0x9F { throw fail(.invalidUTF8, at) }
            i += 3
        case 0xF0...0xF4:
            guard i + 3 < n, cont(i + 1), cont(i + 2), cont(i + 3) else { throw fail(.invalidUTF8, at) }
            let b1 = p[i + 1]
            if c == 0xF0 && b1 < 0x90 { throw fail(.invalidUTF8, at) }
            if c == 0xF4 && b1 > 0x8F { throw fail(.invalidUTF8, at) }
            i += 4
        default:
            throw fail(.invalidUTF8, at)
        }
    }
}
