import Testing
@testable import JSONPath

@Suite struct QuerySetTests {
    static let proxy = "$.['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]"
    static let record = #"""
    {"edm:ProvidedCHO": [{"@about": "/x/1"}],
     "ore:Proxy": [{"edm:europeanaProxy": ["false"], "dc:title": ["T", {"#value": "Titel", "@lang": "de"}], "dc:type": []},
                   {"edm:europeanaProxy": ["true"], "dc:title": ["E"], "dc:subject": ["s"]}],
     "ore:Aggregation": [{"edm:rights": [{"@resource": "http://rights"}], "edm:isShownBy": "u"}]}
    """#

    @Test func setMatchesSingleQueries() throws {
        let texts = [
            "$.['edm:ProvidedCHO'][0]['@about']",
            Self.proxy + "['dc:title']",
            Self.proxy + "['dc:type']",
            Self.proxy + "['dc:subject']",
            "$.['ore:Aggregation'][0]['edm:rights']",
            "$['ore:Aggregation'][0].['edm:isShownBy']",
            "$..['@resource']",
            "$.missing",
        ]
        let set = try JSONPathQuerySet(texts)
        let doc = try JSONDocument(parsing: Self.record)
        let results = set.evaluate(doc)
        #expect(results.queryCount == texts.count)
        for (k, text) in texts.enumerated() {
            let single = try JSONPathQuery(text).nodes(in: doc)
            #expect(Array(results.nodes(forQuery: k)) == single, "\(text)")
        }
        #expect(results.count(forQuery: 1) == 1)
        #expect(results.nodes(forQuery: 1).map { doc.json($0) }.first == ##"["T",{"#value":"Titel","@lang":"de"}]"##)
        #expect(results.count(forQuery: 3) == 0)
        #expect(results.count(forQuery: 7) == 0)
        // The proxy filter is evaluated once for the three proxy paths.
        #expect(set.sharedSegmentCount == 14)
    }

    @Test func resultsAreReusable() throws {
        let set = try JSONPathQuerySet(["$.a", "$.a.b", "$.c[*]"])
        var results = JSONPathQuerySet.Results()
        let one = try JSONDocument(parsing: #"{"a": {"b": 1}, "c": [1, 2, 3]}"#)
        let two = try JSONDocument(parsing: #"{"c": []}"#)
        set.evaluate(one, into: &results)
        #expect((0..<3).map { results.count(forQuery: $0) } == [1, 1, 3])
        set.evaluate(two, into: &results)
        #expect((0..<3).map { results.count(forQuery: $0) } == [0, 0, 0])
        #expect(results.nodes.isEmpty)
    }

    @Test func errorNamesTheQuery() {
        do {
            _ = try JSONPathQuerySet(["$.a", "$.b-c"])
            Issue.record("accepted an invalid query")
        } catch {
            #expect(error.description == "query 2 ($.b-c): invalid JSONPath at position 3: unexpected character '-'")
        }
    }
}
