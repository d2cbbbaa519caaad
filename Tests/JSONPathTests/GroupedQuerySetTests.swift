import Testing
@testable import JSONPath

@Suite struct GroupedQuerySetTests {
    static let record = #"""
    {"ore:Proxy": [
       {"edm:europeanaProxy": ["false"], "dc:title": ["T1", "T2"], "dc:subject": "s", "dc:type": []},
       {"edm:europeanaProxy": ["true"], "dc:title": ["E"]},
       {"edm:europeanaProxy": ["false"], "dc:creator": [{"@resource": "http://a"}], "dc:subject": ["x", "y"]}],
     "dc:title": ["root title"]}
    """#

    @Test func evaluatesFromEachStartNodeGroupedByStart() throws {
        let doc = try JSONDocument(parsing: Self.record)
        let proxies = try JSONPathQuery("$['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]").nodes(in: doc)
        #expect(proxies.count == 2)
        let set = try JSONPathQuerySet(["$['dc:title']", "$['dc:subject']", "$['dc:type']", "$['dc:creator'][*]['@resource']", "$"])
        var grouped = JSONPathQuerySet.GroupedResults()
        set.evaluate(doc, from: proxies, into: &grouped)
        #expect(grouped.startCount == 2)
        #expect(grouped.queryCount == 5)
        func json(_ s: Int, _ q: Int) -> [String] { grouped.nodes(forStart: s, query: q).map { doc.json($0) } }
        #expect(json(0, 0) == [#"["T1","T2"]"#])
        #expect(json(0, 1) == [#""s""#])
        #expect(json(0, 2) == ["[]"])
        #expect(json(0, 3) == [])
        #expect(json(0, 4) == [doc.json(proxies[0])])
        #expect(json(1, 0) == [])
        #expect(json(1, 1) == [#"["x","y"]"#])
        #expect(json(1, 3) == [#""http://a""#])
        #expect(grouped.count(forStart: 1, query: 3) == 1)
        // `$` in a start-relative query is the start node, not the root: the root's dc:title is not selected.
        #expect(!json(0, 0).contains(#"["root title"]"#))
    }

    @Test func matchesSingleQueriesFromEachStart() throws {
        let doc = try JSONDocument(parsing: Self.record)
        let proxies = try JSONPathQuery("$['ore:Proxy'][*]").nodes(in: doc)
        // Three or more plain names from one node: the fan-out path of the set.
        let texts = ["$['dc:title'][0]", "$['dc:subject']", "$.['dc:creator']", "$['edm:europeanaProxy'][0]", "$.*"]
        let set = try JSONPathQuerySet(texts, options: .jayway)
        var grouped = JSONPathQuerySet.GroupedResults()
        set.evaluate(doc, from: proxies, into: &grouped)
        for (s, proxy) in proxies.enumerated() {
            let sub = try JSONDocument(parsing: doc.json(proxy))
            for (q, text) in texts.enumerated() {
                let expected = try JSONPathQuery(text, options: .jayway).nodes(in: sub).map { sub.json($0) }
                #expect(grouped.nodes(forStart: s, query: q).map { doc.json($0) } == expected, "\(s) \(text)")
            }
        }
    }

    @Test func noStartsAndReuse() throws {
        let doc = try JSONDocument(parsing: Self.record)
        let set = try JSONPathQuerySet(["$['dc:title']"])
        var grouped = JSONPathQuerySet.GroupedResults()
        set.evaluate(doc, from: [JSONNode](), into: &grouped)
        #expect(grouped.startCount == 0)
        set.evaluate(doc, from: [doc.root], into: &grouped)
        #expect(grouped.nodes(forStart: 0, query: 0).map { doc.json($0) } == [#"["root title"]"#])
        let proxies = try JSONPathQuery("$['ore:Proxy'][*]").nodes(in: doc)
        set.evaluate(doc, from: proxies, into: &grouped)
        #expect((0..<3).map { grouped.count(forStart: $0, query: 0) } == [1, 1, 0])
        // The flat results of the same set are unchanged.
        #expect(set.evaluate(doc).nodes(forQuery: 0).map { doc.json($0) } == [#"["root title"]"#])
    }

    @Test func elementSequenceAndStringBytes() throws {
        let doc = try JSONDocument(parsing: #"{"a": [1, [2, 3], "x\/y", {"k": 1}], "s": "plain", "n": 5}"#)
        let a = try #require(doc.member(doc.root, named: "a"))
        #expect(doc.elementSequence(a).map { doc.json($0) } == ["1", "[2,3]", #""x\/y""#, #"{"k":1}"#])
        #expect(Array(doc.elementSequence(doc.root)).isEmpty)
        let escaped = try #require(doc.element(a, at: 2))
        #expect(doc.stringHasEscapes(escaped))
        #expect(doc.stringBytes(escaped) == Array("x/y".utf8))
        let plain = try #require(doc.member(doc.root, utf8: Array("s".utf8)))
        #expect(!doc.stringHasEscapes(plain))
        #expect(doc.withStringBytes(plain) { $0.count } == 5)
        #expect(doc.stringBytes(try #require(doc.member(doc.root, named: "n"))) == nil)
        #expect(doc.member(doc.root, utf8: Array("missing".utf8)) == nil)
    }
}
