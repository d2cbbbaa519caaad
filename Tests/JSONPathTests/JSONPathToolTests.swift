import Testing
@testable import JSONPath

@Suite struct JSONPathToolTests {
    func run(_ query: String, _ input: String, lines: Bool = false, paths: Bool = false, jayway: Bool = false) -> String {
        switch JSONPathTool.run(query: query, input: Array(input.utf8), lines: lines, paths: paths, jayway: jayway) {
        case .success(let out): return out
        case .failure(let e): return "error: \(e)"
        }
    }

    @Test func json() {
        #expect(run("$.a[*]", #"{"a": [1.50, "x", {"b": null}]}"#) == #"[1.50,"x",{"b":null}]"#)
        #expect(run("$.a[*]", #"{"a": [1.50, "x"]}"#, paths: true) == #"["$['a'][0]","$['a'][1]"]"#)
        #expect(run("$.none", "{}") == "[]")
        #expect(run("$.data.length()", #"{"data": [1, 2]}"#, jayway: true) == "[2]")
    }

    @Test func jsonLines() {
        let input = "{\"a\": 1}\n\n{\"a\": [2, 3]}\r\n{}\n"
        #expect(run("$.a", input, lines: true) == "[1]\n[[2,3]]\n[]")
        #expect(run("$..*", input, lines: true, paths: true) == "[\"$['a']\"]\n[\"$['a']\",\"$['a'][0]\",\"$['a'][1]\"]\n[]")
    }

    @Test func errors() {
        #expect(run("$[", "{}") == "error: invalid JSONPath at position 2: unexpected end of query")
        #expect(run("$.a", "{\"a\": [1,]}") == "error: invalid JSON at line 1, column 10 (byte 9): trailing comma")
        #expect(run("$.a", "{\"a\": 1}\n{\"a\": 01}\n", lines: true)
            == "error: invalid JSON on input line 2, column 7 (byte 15): leading zero in number")
        #expect(run("$.a", "") == "error: invalid JSON at line 1, column 1 (byte 0): empty input")
        #expect(run("$.a", "", lines: true) == "")
    }
}
