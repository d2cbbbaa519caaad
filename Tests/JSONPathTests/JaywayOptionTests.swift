import Testing
@testable import JSONPath

/// Jayway behaviours behind `JSONPathOptions.jayway`, checked against the results Jayway 2.10.0
/// gives in cburgmer/json-path-comparison.
@Suite struct JaywayOptionTests {
    func jayway(_ query: String, _ json: String) throws -> String {
        try JSONPathQuery(query, options: .jayway).resultJSON(in: try JSONDocument(parsing: json))
    }

    func rfc(_ query: String, _ json: String) throws -> String {
        try JSONPathQuery(query).resultJSON(in: try JSONDocument(parsing: json))
    }

    func rejectedByRFC(_ query: String) -> Bool {
        (try? JSONPathQuery(query)) == nil
    }

    @Test func stringNumberCrossComparison() throws {
        let doc = #"[{"key": 0}, {"key": 42}, {"key": "42"}, {"key": 43}]"#
        #expect(try jayway("$[?(@.key==42)]", doc) == #"[{"key":42},{"key":"42"}]"#)
        #expect(try rfc("$[?(@.key==42)]", doc) == #"[{"key":42}]"#)
        // Only equality crosses types (the number's decimal text against the string), as in Jayway.
        #expect(try jayway("$[?(@.key>'42')]", doc) == "[]")
        #expect(try jayway("$[?(@.key==-0.123e2)]", #"[{"key": -12.3}, {"key": "-0.123e2"}, {"key": "-12.3"}]"#) == #"[{"key":-12.3},{"key":"-12.3"}]"#)
    }

    @Test func inAndNin() throws {
        let doc = #"[{"d": 1}, {"d": 2}, {"d": 1}, {"d": 3}, {"d": 4}]"#
        #expect(try jayway("$[?(@.d in [2, 3])]", doc) == #"[{"d":2},{"d":3}]"#)
        #expect(try jayway("$[?(@.d nin [2, 3])]", doc) == #"[{"d":1},{"d":1},{"d":4}]"#)
        let arrays = #"[{"d": [1, 2, 3]}, {"d": [2]}, {"d": [1]}, {"d": [3, 4]}, {"d": [4, 2]}]"#
        #expect(try jayway("$[?(2 in @.d)]", arrays) == #"[{"d":[1,2,3]},{"d":[2]},{"d":[4,2]}]"#)
        #expect(try jayway("$[?(@.d subsetof [1, 2, 3])]", arrays) == #"[{"d":[1,2,3]},{"d":[2]},{"d":[1]}]"#)
        #expect(try jayway("$[?(@.d anyof [4])]", arrays) == #"[{"d":[3,4]},{"d":[4,2]}]"#)
        #expect(try jayway("$[?(@.d noneof [1, 2])]", arrays) == #"[{"d":[3,4]}]"#)
        #expect(rejectedByRFC("$[?(@.d in [2, 3])]"))
    }

    @Test func sizeAndEmpty() throws {
        let doc = #"[{"a": [1, 2]}, {"a": "xy"}, {"a": []}, {"a": ""}]"#
        #expect(try jayway("$[?(@.a size 2)]", doc) == #"[{"a":[1,2]},{"a":"xy"}]"#)
        #expect(try jayway("$[?(@.a empty true)]", doc) == #"[{"a":[]},{"a":""}]"#)
        #expect(try jayway("$[?(@.a empty false)]", doc) == #"[{"a":[1,2]},{"a":"xy"}]"#)
    }

    @Test func regexOperator() throws {
        let doc = #"[{"name": "hullo world"}, {"name": "hello world"}, {"name": "yes hello world"}, {"name": "HELLO WORLD"}]"#
        #expect(try jayway("$[?(@.name=~/hello.*/)]", doc) == #"[{"name":"hello world"}]"#)
        #expect(try jayway("$[?(@.name =~ /hello.*/i)]", doc) == #"[{"name":"hello world"},{"name":"HELLO WORLD"}]"#)
        #expect(try jayway(#"$[?(@.name=~/\w+ \w+/)]"#, doc) == #"[{"name":"hullo world"},{"name":"hello world"},{"name":"HELLO WORLD"}]"#)
        #expect(rejectedByRFC("$[?(@.name=~/hello.*/)]"))
    }

    @Test func tailFunctions() throws {
        #expect(try jayway("$.data.sum()", #"{"data": [1, 2, 3, 4]}"#) == "[10]")
        #expect(try jayway("$.data.length()", #"{"data": [1, 2, 3, 4]}"#) == "[4]")
        #expect(try jayway("$.data.min()", #"{"data": [3, 1.5, 4]}"#) == "[1.5]")
        #expect(try jayway("$.data.max()", #"{"data": [3, 1.5, 4]}"#) == "[4]")
        #expect(try jayway("$.data.avg()", #"{"data": [1, 2]}"#) == "[1.5]")
        #expect(try jayway("$.data.first()", #"{"data": ["a", "b"]}"#) == #"["a"]"#)
        #expect(try jayway("$.data.last()", #"{"data": ["a", "b"]}"#) == #"["b"]"#)
        #expect(try jayway("$.keys()", #"{"x": 1, "y": 2}"#) == #"[["x","y"]]"#)
        #expect(try jayway("$[?(@.length() == 4)]", "[[1, 2, 3, 4, 5], [1, 2, 3, 4], [1, 2, 3]]") == "[[1,2,3,4]]")
        #expect(rejectedByRFC("$.data.sum()"))
    }

    @Test func arrayLiteralsAndLooseNames() throws {
        let doc = #"[{"d": ["v1", "v2"]}, {"d": ["a", "b"]}, {"d": "v1"}]"#
        #expect(try jayway(#"$[?(@.d==["v1","v2"])]"#, doc) == #"[{"d":["v1","v2"]}]"#)
        #expect(try jayway("$[?(@.d==['v1','v2'])]", doc) == #"[{"d":["v1","v2"]}]"#)
        #expect(try jayway("$.2", #"{"a": "first", "2": "second"}"#) == #"["second"]"#)
        #expect(try jayway("$[?(@.key-dash == 'value')]", #"[{"key-dash": "value"}]"#) == #"[{"key-dash":"value"}]"#)
        #expect(rejectedByRFC("$.2"))
    }

    @Test func jaywayErrorMessages() {
        func message(_ q: String, _ options: JSONPathOptions) -> String? {
            do { _ = try JSONPathQuery(q, options: options); return nil } catch { return error.description }
        }
        #expect(message("$[(@.length-1)]", .jayway) == "invalid JSONPath at position 2: expected a selector (name, '*', index, slice or filter)")
        #expect(message("$[?(@.d == [1])]", []) == "invalid JSONPath at position 11: an array literal is Jayway syntax (enable the Jayway option)")
        #expect(message("$[?(@.a =~ 'x')]", []) == "invalid JSONPath at position 8: expected ')'")
    }

    @Test func nonSingularQueriesCompareAsArrays() throws {
        let doc = "[[1, 2, 3], [1], [2, 3], 1, 2]"
        #expect(try jayway("$[?(@[0:1]==[1])]", doc) == "[[1,2,3],[1]]")
        #expect(try jayway("$[?(@[0:1]==1)]", doc) == "[]")
        #expect(try jayway("$[?(@.*==[2,3])]", doc) == "[[2,3]]")
        #expect(try jayway("$[?(@[*]>=2)]", doc) == "[]")
    }

    @Test func stillRejectsWhatJaywayRejects() {
        for q in ["$..", "$.key..", "$[?(@.key=42)]", "$[?()]", "$[]", "$[(@.length-1)]"] {
            #expect((try? JSONPathQuery(q, options: .jayway)) == nil, "\(q)")
        }
    }
}
