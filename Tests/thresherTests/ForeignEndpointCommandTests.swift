import ArgumentParser
import Foundation
import Testing
import TestSupport
import RecordStore
@testable import thresher

/// `harvest` and `gapfill` against a base URL that answers 200 with something other than OAI-PMH: exit 1 and one
/// `thresher:` line saying what came back, after one request.
@Suite struct ForeignEndpointCommandTests {
    /// What a command line gives when it runs: the text and status `Thresher.execute` would give.
    static func outcome(_ arguments: [String]) -> (text: String?, status: Int32) {
        do {
            var command = try Thresher.parseAsRoot(arguments)
            try command.run()
            return (nil, 0)
        } catch {
            return Thresher.exitStatus(for: error)
        }
    }

    static let answers: [(path: String, type: String?, body: String, says: String)] = [
        ("/index.html", "text/html", "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body>Hello</body></html>",
         #"Identify answered HTTP 200 (Content-Type text/html): an HTML page starting "<!DOCTYPE html> <html><head><title>Welcome</title></head><body>Hello</body></html>"; "#
            + "this looks like a web page, not an OAI-PMH base URL; OAI-PMH base URLs usually end in /oai, /oai2d or /OAIHandler"),
        ("/sru", "text/xml", "<searchRetrieveResponse xmlns=\"http://docs.oasis-open.org/ns/search-ws/sruResponse\"/>",
         "Identify answered HTTP 200 (Content-Type text/xml): XML in another vocabulary "
            + "(the root element is <searchRetrieveResponse> in namespace http://docs.oasis-open.org/ns/search-ws/sruResponse)"),
        ("/api", "application/json", "[]",
         #"Identify answered HTTP 200 (Content-Type application/json): JSON starting "[]"; this looks like a JSON web API, not an OAI-PMH base URL"#),
        ("/empty", "text/xml", "", "Identify answered HTTP 200 (Content-Type text/xml): an empty body"),
    ]

    @Test func harvestAndGapfillExit1WithOneLine() async throws {
        let server = try LoopbackHTTPServer { request in
            guard let answer = Self.answers.first(where: { $0.path == request.path }) else {
                return .respond(status: 404, headers: [:], body: [])
            }
            return .respond(status: 200, headers: answer.type.map { ["Content-Type": $0] } ?? [:], body: Array(answer.body.utf8))
        }
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let path = dir.path("f.sqlite")
        let ids = dir.path("ids.txt")
        try Data("oai:x:1\noai:x:2\n".utf8).write(to: URL(fileURLWithPath: ids))
        for answer in Self.answers {
            let endpoint = server.baseURL + answer.path
            var before = server.requests.count
            let harvest = ["harvest", "--endpoint", endpoint, "--store", path, "--quiet"]
            #expect(Self.outcome(harvest) == ("thresher: \(endpoint): not an OAI-PMH repository: \(answer.says)", 1))
            #expect(await Thresher.execute(harvest) == 1)
            #expect(server.requests.count - before == 2, "\(answer.path): one request a run, no retry")

            before = server.requests.count
            let gapfill = ["gapfill", "--endpoint", endpoint, "--ids-file", ids, "--store", path, "--quiet"]
            let says = answer.says.replacingOccurrences(of: "Identify answered", with: "GetRecord answered")
            #expect(Self.outcome(gapfill) == ("thresher: \(endpoint): not an OAI-PMH repository: \(says)", 1))
            #expect(server.requests.count - before == 1, "\(answer.path): one request, no retry")
        }
        #expect(try SQLiteRecordStore(path: path).count(RecordQuery()) == 0)
    }
}
