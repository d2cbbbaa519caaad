import Testing
@testable import JSONPath

@Suite struct JSONReaderTests {
    func error(_ text: String, maxDepth: Int = JSONDocument.defaultMaxDepth) -> JSONReadError? {
        do {
            _ = try JSONDocument(parsing: text, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    func errorBytes(_ bytes: [UInt8]) -> JSONReadError? {
        do {
            _ = try JSONDocument(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsScalarsAndContainers() throws {
        let doc = try JSONDocument(parsing: #" {"a": [1, 2.50, -0, 1e3, true, false, null], "b": {"c": "d"}, "": "empty"} "#)
        let a = try #require(doc.member(doc.root, named: "a"))
        #expect(doc.kind(a) == .array)
        #expect(doc.count(a) == 7)
        #expect(doc.elements(a).map { doc.json($0) } == ["1", "2.50", "-0", "1e3", "true", "false", "null"])
        #expect(doc.int(doc.elements(a)[0]) == 1)
        #expect(doc.int(doc.elements(a)[1]) == nil)
        #expect(doc.double(doc.elements(a)[1]) == 2.5)
        #expect(doc.bool(doc.elements(a)[4]) == true)
        #expect(doc.members(doc.root).map(\.name) == ["a", "b", ""])
        #expect(doc.member(doc.root, named: "")
            .flatMap(doc.string) == "empty")
        #expect(doc.json(doc.root) == #"{"a":[1,2.50,-0,1e3,true,false,null],"b":{"c":"d"},"":"empty"}"#)
        #expect(doc.element(a, at: -1).map { doc.json($0) } == "null")
        #expect(doc.element(a, at: 7) == nil)
    }

    @Test func keepsNumberTextExact() throws {
        let doc = try JSONDocument(parsing: "[1.0, 1, 12345678901234567890123, -9223372036854775808, 9223372036854775807, 1E-400, 1e400]")
        let e = doc.elements(doc.root)
        #expect(doc.numberText(e[0]) == "1.0")
        #expect(doc.numberText(e[1]) == "1")
        #expect(doc.numberText(e[2]) == "12345678901234567890123")
        #expect(doc.int(e[2]) == nil)
        #expect(doc.int(e[3]) == Int.min)
        #expect(doc.int(e[4]) == Int.max)
        #expect(doc.double(e[5]) == 0)
        #expect(doc.double(e[6]) == .infinity)
        #expect(doc.json(doc.root) == "[1.0,1,12345678901234567890123,-9223372036854775808,9223372036854775807,1E-400,1e400]")
        #expect(JSONNumber("1.0") == JSONNumber("1"))
    }

    @Test func unescapesStringsLazily() throws {
        let doc = try JSONDocument(parsing: #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\uD834\uDD1E", "屬性", "\u0000"]"#)
        let e = doc.elements(doc.root)
        #expect(doc.string(e[0]) == "a\"b\\c/d\u{8}\u{C}\n\r\t")
        #expect(doc.string(e[1]) == "é𝄞")
        #expect(doc.string(e[2]) == "屬性")
        #expect(doc.string(e[3]) == "\u{0}")
        #expect(doc.json(e[1]) == #""\u00e9\uD834\uDD1E""#)
    }

    @Test func findsEscapedMemberNames() throws {
        let doc = try JSONDocument(parsing: #"{"\u0061b": 1, "ab": 2}"#)
        #expect(doc.member(doc.root, named: "ab").flatMap(doc.int) == 1)
    }

    @Test func deepDocumentsUpToTheLimit() throws {
        let depth = 512
        let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let doc = try JSONDocument(parsing: deep)
        #expect(doc.tapeCount == depth)
        let tooDeep = "[" + deep + "]"
        #expect(error(tooDeep)?.reason == .depthLimitExceeded(512))
        #expect(error(tooDeep)?.byteOffset == 512)
        let veryDeep = String(repeating: "{\"a\":", count: 100_000)
        #expect(error(veryDeep)?.reason == .depthLimitExceeded(512))
        #expect(error("[[[1]]]", maxDepth: 2)?.description == "invalid JSON at line 1, column 3 (byte 2): nesting deeper than 2 levels")
    }

    @Test func hugeArrays() throws {
        let n = 200_000
        var text = "["
        for k in 0..<n { text += k == 0 ? "0" : ",\(k)" }
        text += "]"
        let doc = try JSONDocument(parsing: text)
        #expect(doc.count(doc.root) == n)
        let q = try JSONPathQuery("$[-1]")
        #expect(q.resultJSON(in: doc) == "[\(n - 1)]")
        #expect(try JSONPathQuery("$[::50000]").resultJSON(in: doc) == "[0,50000,100000,150000]")
        #expect(try JSONPathQuery("$[?@ > 199997]").paths(in: doc) == ["$[199998]", "$[199999]"])
    }

    @Test func everyErrorMessage() {
        let cases: [(String, String)] = [
            ("", "invalid JSON at line 1, column 1 (byte 0): empty input"),
            ("  \n ", "invalid JSON at line 2, column 2 (byte 4): empty input"),
            ("[1,", "invalid JSON at line 1, column 4 (byte 3): unexpected end of input"),
            ("[1 2]", "invalid JSON at line 1, column 4 (byte 3): expected ',' or ']'"),
            ("{\"a\" 1}", "invalid JSON at line 1, column 6 (byte 5): expected ':' after member name"),
            ("{\"a\":1 \"b\":2}", "invalid JSON at line 1, column 8 (byte 7): expected ',' or '}'"),
            ("{a:1}", "invalid JSON at line 1, column 2 (byte 1): expected a member name in double quotes"),
            ("[1,]", "invalid JSON at line 1, column 4 (byte 3): trailing comma"),
            ("{\"a\":1,}", "invalid JSON at line 1, column 8 (byte 7): trailing comma"),
            ("]", "invalid JSON at line 1, column 1 (byte 0): expected a value"),
            ("[\n  @]", "invalid JSON at line 2, column 3 (byte 4): unexpected character '@'"),
            (#"["\x"]"#, "invalid JSON at line 1, column 3 (byte 2): invalid escape sequence"),
            (#"["\u12G4"]"#, #"invalid JSON at line 1, column 3 (byte 2): invalid \u escape (four hex digits expected)"#),
            (#"["\uD800"]"#, #"invalid JSON at line 1, column 3 (byte 2): lone UTF-16 surrogate in \u escape"#),
            (#"["\uDC00"]"#, #"invalid JSON at line 1, column 3 (byte 2): lone UTF-16 surrogate in \u escape"#),
            (#"["\uD800\u0041"]"#, #"invalid JSON at line 1, column 3 (byte 2): lone UTF-16 surrogate in \u escape"#),
            ("[\"a\tb\"]", "invalid JSON at line 1, column 4 (byte 3): unescaped control character in string"),
            ("[01]", "invalid JSON at line 1, column 2 (byte 1): leading zero in number"),
            ("[-01]", "invalid JSON at line 1, column 3 (byte 2): leading zero in number"),
            ("[1.]", "invalid JSON at line 1, column 4 (byte 3): invalid number"),
            ("[.5]", "invalid JSON at line 1, column 2 (byte 1): unexpected character '.'"),
            ("[1e]", "invalid JSON at line 1, column 4 (byte 3): invalid number"),
            ("[-]", "invalid JSON at line 1, column 3 (byte 2): invalid number"),
            ("[+1]", "invalid JSON at line 1, column 2 (byte 1): unexpected character '+'"),
            ("[tru]", "invalid JSON at line 1, column 2 (byte 1): invalid literal (expected true, false or null)"),
            ("[nul", "invalid JSON at line 1, column 2 (byte 1): invalid literal (expected true, false or null)"),
            ("[True]", "invalid JSON at line 1, column 2 (byte 1): unexpected character 'T'"),
            ("{} {}", "invalid JSON at line 1, column 4 (byte 3): unexpected data after the JSON value"),
            ("\"abc", "invalid JSON at line 1, column 5 (byte 4): unexpected end of input"),
            ("é", "invalid JSON at line 1, column 1 (byte 0): invalid UTF-8"),
        ]
        for (text, message) in cases {
            #expect(error(text)?.description == message, "\(text)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bad: [[UInt8]] = [
            [0x22, 0xC3, 0x22],              // truncated 2-byte
            [0x22, 0xC0, 0xAF, 0x22],        // overlong
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong 3-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8 encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xFF, 0x22],
            [0x22, 0x80, 0x22],
            [0xEF, 0xBB, 0xBF, 0x5B, 0x5D],  // byte order mark
        ]
        for b in bad {
            #expect(errorBytes(b)?.reason == .invalidUTF8, "\(b)")
        }
        let good: [UInt8] = [0x22, 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x82, 0xAC, 0xC3, 0xA9, 0x22]
        #expect(errorBytes(good) == nil)
        #expect(errorBytes([0x22, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x01, 0x22])?.reason == .controlCharacterInString)
    }

    @Test func columnsCountScalars() {
        #expect(error("[\"é\", x]")?.column == 7)
        #expect(error("[\"é\", x]")?.byteOffset == 7)
    }

    @Test func valueTrees() throws {
        let v = try JSONValue(parsing: #"{"a": [1, "x", null, true], "b": {}}"#)
        #expect(v == .object(["a": .array([.number(JSONNumber("1.0")), .string("x"), .null, .bool(true)]), "b": .object([:])]))
    }
}
