import Testing
@testable import JSONPath

@Suite struct JSONPathQueryTests {
    func run(_ query: String, _ json: String, options: JSONPathOptions = []) throws -> String {
        try JSONPathQuery(query, options: options).resultJSON(in: try JSONDocument(parsing: json))
    }

    func paths(_ query: String, _ json: String) throws -> [String] {
        try JSONPathQuery(query).paths(in: try JSONDocument(parsing: json))
    }

    func parseError(_ query: String, options: JSONPathOptions = []) -> String? {
        do {
            _ = try JSONPathQuery(query, options: options)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unicodeMemberNames() throws {
        #expect(try run("$.屬性", #"{"屬性": "value", "x": 1}"#) == #"["value"]"#)
        #expect(try run("$['屬性']", #"{"屬性": [1]}"#) == "[[1]]")
        #expect(try paths("$.屬性", #"{"屬性": 1}"#) == ["$['屬性']"])
        #expect(try run("$.é_1", #"{"é_1": true}"#) == "[true]")
    }

    @Test func dashedNameRejectedUnlessJayway() throws {
        #expect(parseError("$.key-dash") == "invalid JSONPath at position 5: unexpected character '-'")
        #expect(try run("$['key-dash']", #"{"key-dash": 1}"#) == "[1]")
        #expect(try run("$.key-dash", #"{"key-dash": 1, "key": 2}"#, options: .jayway) == "[1]")
    }

    @Test func wildcardThenIndexAndSlice() throws {
        let doc = #"{"a": ["string", null, true], "b": [false, "string", 5.4]}"#
        #expect(try run("$.*[0,:5]", doc) == #"["string","string",null,true,false,false,"string",5.4]"#)
        #expect(try paths("$.*[0,:5]", doc) == ["$['a'][0]", "$['a'][0]", "$['a'][1]", "$['a'][2]", "$['b'][0]", "$['b'][0]", "$['b'][1]", "$['b'][2]"])
    }

    @Test func jaywaySyntaxAcceptedByDefault() throws {
        let doc = #"{"ore:Proxy": [{"edm:europeanaProxy": ["false"], "dc:title": ["A"]}, {"edm:europeanaProxy": ["true"], "dc:title": ["B"]}]}"#
        #expect(try run("$.['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]['dc:title']", doc) == #"[["A"]]"#)
        #expect(try run("$.['ore:Proxy'][?(@.['edm:europeanaProxy'][0] == 'true')].['dc:title'][0]", doc) == #"["B"]"#)
        #expect(parseError("$..") == "invalid JSONPath at position 3: '..' must be followed by a name, '*' or '['")
        #expect(parseError("$.") == "invalid JSONPath at position 2: expected a member name, '*' or '[' after '.'")
    }

    @Test func numbersAtTheLimits() throws {
        #expect(try run("$[9007199254740991]", "[1]") == "[]")
        #expect(try run("$[-9007199254740991]", "[1]") == "[]")
        #expect(parseError("$[9007199254740992]") == "invalid JSONPath at position 2: integer out of range (±(2^53-1))")
        #expect(parseError("$[-0]") == "invalid JSONPath at position 2: invalid integer")
        #expect(parseError("$[01]") == "invalid JSONPath at position 2: invalid integer")
        #expect(try run("$[?@ == 12345678901234567890]", "[12345678901234567890, 1.2345678901234567890e19, 1]") == "[12345678901234567890,1.2345678901234567890e19]")
        #expect(try run("$[?@ == 9007199254740993]", "[9007199254740993, 9007199254740992]") == "[9007199254740993]")
        #expect(try run("$[?@ > 1e308]", "[1e309, 1e308, -1e309]") == "[1e309]")
        #expect(try run("$[?@ == 1]", "[1.0, 1, 10e-1, \"1\"]") == "[1.0,1,10e-1]")
        #expect(try run("$[?@ == -0]", "[0, -0.0, 0e5]") == "[0,-0.0,0e5]")
    }

    @Test func filtersAndFunctions() throws {
        let doc = #"[{"a": "abc", "b": [1, 2]}, {"a": "xyz", "b": []}, {"a": 3}]"#
        #expect(try run("$[?length(@.a) == 3].a", doc) == #"["abc","xyz"]"#)
        #expect(try run("$[?count(@.b[*]) > 1].a", doc) == #"["abc"]"#)
        #expect(try run("$[?match(@.a, 'a.c')].a", doc) == #"["abc"]"#)
        #expect(try run("$[?search(@.a, 'y')].a", doc) == #"["xyz"]"#)
        #expect(try run("$[?value(@.b[0]) == 1].a", doc) == #"["abc"]"#)
        #expect(try run("$[?!@.b].a", doc) == "[3]")
        #expect(try run("$[?@.a == 3 || (@.b && !@.b[0])].a", doc) == #"["xyz",3]"#)
        #expect(try run(#"$[?match(@, '\\p{Lu}+')]"#, #"["ABC", "abc", "ÉÈ"]"#) == #"["ABC","ÉÈ"]"#)
    }

    @Test func everyParseErrorMessage() {
        let cases: [(String, String)] = [
            ("", "invalid JSONPath at position 0: empty query"),
            ("a", "invalid JSONPath at position 0: a query starts with '$'"),
            ("$ ", "invalid JSONPath at position 1: unexpected character ' '"),
            ("$[", "invalid JSONPath at position 2: unexpected end of query"),
            ("$[1", "invalid JSONPath at position 3: unexpected end of query"),
            ("$[]", "invalid JSONPath at position 2: expected a selector (name, '*', index, slice or filter)"),
            ("$[1 2]", "invalid JSONPath at position 4: expected ',' or ']'"),
            ("$.1", "invalid JSONPath at position 2: expected a member name, '*' or '[' after '.'"),
            ("$['\\x']", "invalid JSONPath at position 3: invalid escape sequence in string literal"),
            ("$['\\uD800']", "invalid JSONPath at position 3: invalid escape sequence in string literal"),
            ("$['abc", "invalid JSONPath at position 6: unterminated string literal"),
            ("$['\u{1}']", "invalid JSONPath at position 3: control character in string literal"),
            ("$[--1]", "invalid JSONPath at position 2: invalid integer"),
            ("$[?@ == 01]", "invalid JSONPath at position 8: invalid number"),
            ("$[?]", "invalid JSONPath at position 3: expected a filter expression"),
            ("$[?(@.a]", "invalid JSONPath at position 7: expected ')'"),
            ("$[?foo(@)]", "invalid JSONPath at position 3: unknown function 'foo'"),
            ("$[?length(@.a, 1) == 1]", "invalid JSONPath at position 15: function 'length' takes 1 argument"),
            ("$[?count() == 1]", "invalid JSONPath at position 3: function 'count' takes 1 argument"),
            ("$[?length(@.*) == 1]", "invalid JSONPath at position 10: argument 1 of 'length' must be a value (literal, singular query or value function)"),
            ("$[?count(1) == 1]", "invalid JSONPath at position 9: argument 1 of 'count' must be a query"),
            ("$[?@.* == 1]", "invalid JSONPath at position 3: a non-singular query cannot be compared"),
            ("$[?match(@, 'a') == true]", "invalid JSONPath at position 3: function 'match' (it returns a logical) cannot be compared"),
            ("$[?length(@)]", "invalid JSONPath at position 3: function 'length' (it returns a value) cannot be used as a test"),
            ("$[?1]", "invalid JSONPath at position 3: a literal cannot be used as a test"),
            ("$..", "invalid JSONPath at position 3: '..' must be followed by a name, '*' or '['"),
            ("$[?@.a in [1]]", "invalid JSONPath at position 7: expected ',' or ']'"),
            ("$[?@.a == [1]]", "invalid JSONPath at position 10: an array literal is Jayway syntax (enable the Jayway option)"),
        ]
        for (query, message) in cases {
            #expect(parseError(query) == message, "\(query)")
        }
        #expect(parseError("$.屬性 x") == "invalid JSONPath at position 4: unexpected character ' '")
        let deepParens = "$[?" + String(repeating: "(", count: 100_000) + "@"
        #expect(parseError(deepParens) == "invalid JSONPath at position 66: brackets, parentheses or function calls nested deeper than 64 levels")
        let deepFilters = "$" + String(repeating: "[?@", count: 10_000)
        #expect(parseError(deepFilters) == "invalid JSONPath at position 193: brackets, parentheses or function calls nested deeper than 64 levels")
        let nested = "$[?" + String(repeating: "(", count: 60) + "@.a" + String(repeating: ")", count: 60) + "]"
        #expect(parseError(nested) == nil)
        #expect(IRegexp(String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)) == nil)
        #expect(IRegexp(String(repeating: "(", count: 30) + "a" + String(repeating: ")", count: 30))?.matches("a") == true)
        #expect(IRegexp("a{99999}") == nil)
    }

    @Test func normalizedPathEscapes() throws {
        #expect(try paths("$.*", #"{"a'b": 1, "c\\d": 2, "e\nf": 3, "\u0001": 4}"#) == [#"$['a\'b']"#, #"$['c\\d']"#, #"$['e\nf']"#, #"$['\u0001']"#])
    }

    @Test func descendantOrder() throws {
        let doc = #"{"a": {"b": 1, "c": [2, {"b": 3}]}, "b": 4}"#
        #expect(try run("$..b", doc) == "[4,1,3]")
        #expect(try paths("$..b", doc) == ["$['b']", "$['a']['b']", "$['a']['c'][1]['b']"])
        #expect(try run("$..*", "[[1], 2]") == "[[1],2,1]")
    }
}
