import Testing
import TestSupport
@testable import JSONPath

/// Runs every case of the RFC 9535 Compliance Test Suite (Tests/Fixtures/jsonpath/cts.json).
@Suite struct ComplianceSuiteTests {
    struct Case {
        var name: String
        var selector: String
        var document: JSONValue?
        var documentText: String?
        var results: [[JSONValue]]
        var resultPaths: [[String]]
        var invalid: Bool
    }

    static func loadCases() throws -> [Case] {
        let suite = try JSONDocument(parsing: Array(try Fixtures.data("jsonpath/cts.json")))
        guard let tests = suite.member(suite.root, named: "tests") else { return [] }
        var cases: [Case] = []
        for t in suite.elements(tests) {
            func member(_ name: String) -> JSONNode? { suite.member(t, named: name) }
            var c = Case(name: member("name").flatMap(suite.string) ?? "?", selector: member("selector").flatMap(suite.string) ?? "",
                         document: nil, documentText: nil, results: [], resultPaths: [], invalid: false)
            c.invalid = member("invalid_selector").flatMap(suite.bool) ?? false
            if let d = member("document") { c.document = suite.value(d); c.documentText = suite.json(d) }
            if let r = member("result") { c.results = [suite.elements(r).map { suite.value($0) }] }
            if let r = member("results") { c.results = suite.elements(r).map { list in suite.elements(list).map { suite.value($0) } } }
            if let r = member("result_paths") { c.resultPaths = [suite.elements(r).compactMap(suite.string)] }
            if let r = member("results_paths") { c.resultPaths = suite.elements(r).map { list in suite.elements(list).compactMap(suite.string) } }
            cases.append(c)
        }
        return cases
    }

    @Test func everyCase() throws {
        let cases = try Self.loadCases()
        #expect(cases.count > 600)
        var valid = 0, invalid = 0
        for c in cases {
            if c.invalid {
                invalid += 1
                do {
                    let q = try JSONPathQuery(c.selector)
                    Issue.record("\(c.name): accepted invalid selector \(c.selector) → \(q.segments.count) segments")
                } catch {}
                continue
            }
            valid += 1
            let query: JSONPathQuery
            do { query = try JSONPathQuery(c.selector) } catch {
                Issue.record("\(c.name): rejected \(c.selector): \(error)")
                continue
            }
            guard let text = c.documentText else { continue }
            let doc = try JSONDocument(parsing: text)
            let located = query.locatedNodes(in: doc)
            let values = located.map { doc.value($0.node) }
            let paths = located.map(\.path)
            let k = c.results.firstIndex(of: values)
            #expect(k != nil, "\(c.name): \(c.selector) gave \(query.resultJSON(in: doc)) expected \(c.results)")
            if let k, k < c.resultPaths.count {
                #expect(paths == c.resultPaths[k], "\(c.name): \(c.selector) paths \(paths) expected \(c.resultPaths[k])")
            }
        }
        print("RFC 9535 compliance suite: \(cases.count) cases ran (\(valid) valid selectors, \(invalid) invalid selectors)")
    }
}
