import ThresherCore
import Foundation
import Testing
import TestSupport
import OAIPMH
@testable import Harvest
@testable import RecordStore

/// A base URL that answers whole and readably, but not in OAI-PMH, ends the run at its first request, without a
/// retry; the same answer within a listing is a passing fault, retried.
@Suite struct ForeignEndpointTests {
    /// The four answers, each at its own path, to every request: 200 and a body that is not OAI-PMH.
    static let answers: [(path: String, type: String?, body: String)] = [
        ("/index.html", "text/html; charset=utf-8",
         "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Welcome</title></head><body><p>Our collections<br></body></html>"),
        ("/feed", "application/atom+xml", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>News</title></feed>"),
        ("/api", "application/json", "{\"error\": \"unknown route\", \"status\": 200}"),
        ("/empty", nil, ""),
    ]

    static func server() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            guard let answer = answers.first(where: { $0.path == request.path }) else {
                return .respond(status: 404, headers: [:], body: [])
            }
            return .respond(status: 200, headers: answer.type.map { ["Content-Type": $0] } ?? [:], body: Array(answer.body.utf8))
        }
    }

    static func endpointOptions(_ endpoint: String, _ selection: SetSelection = .repository) -> HarvestOptions {
        HarvestOptions(endpoint: endpoint, metadataPrefix: "edm", selection: selection, parallel: 2, maxAttempts: 4,
                       backoffBase: 0.005, backoffCap: 0.02, retryAfterCap: 0.02, connectTimeout: 5, readTimeout: 5)
    }

    /// The one line each answer gives (after the endpoint), for `request`.
    static func expected(_ path: String, request: String) -> String {
        switch path {
        case "/index.html":
            return "not an OAI-PMH repository: \(request) answered HTTP 200 (Content-Type text/html; charset=utf-8): an HTML page starting "
                + #""<!DOCTYPE html> <html lang="en"><head><meta charset="utf-8"><title>Welcome</title></…"; "#
                + "this looks like a web page, not an OAI-PMH base URL; OAI-PMH base URLs usually end in /oai, /oai2d or /OAIHandler"
        case "/feed":
            return "not an OAI-PMH repository: \(request) answered HTTP 200 (Content-Type application/atom+xml): "
                + "XML in another vocabulary (the root element is <feed> in namespace http://www.w3.org/2005/Atom)"
        case "/api":
            return "not an OAI-PMH repository: \(request) answered HTTP 200 (Content-Type application/json): "
                + #"JSON starting "{"error": "unknown route", "status": 200}"; this looks like a JSON web API, not an OAI-PMH base URL"#
        default:
            return "not an OAI-PMH repository: \(request) answered HTTP 200 (no Content-Type): an empty body"
        }
    }

    @Test func harvestEndsAtIdentifyWithoutARetry() throws {
        let server = try Self.server()
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        for answer in Self.answers {
            let endpoint = server.baseURL + answer.path
            let before = server.requests.count
            do {
                _ = try harvest(Self.endpointOptions(endpoint), store: store)
                Issue.record("\(answer.path): the harvest ran")
            } catch let error as HarvestError {
                guard case .notOAIPMH(let named, let request, _) = error else {
                    Issue.record("\(answer.path): \(error)")
                    continue
                }
                #expect(named == endpoint && request == "Identify")
                #expect(error.description == "\(endpoint): " + Self.expected(answer.path, request: "Identify"))
                #expect(!error.description.contains("\n"))
            } catch {
                Issue.record("\(answer.path): \(error)")
            }
            // No retry: Identify was sent once, and nothing after it.
            #expect(server.requests.count - before == 1, "\(answer.path)")
        }
        #expect(try store.checkpoints().isEmpty)
    }

    @Test func gapfillEndsAtItsFirstRequestWithoutARetry() throws {
        let server = try Self.server()
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("g.sqlite"))
        for answer in Self.answers {
            let endpoint = server.baseURL + answer.path
            let filler = GapFiller(options: Self.endpointOptions(endpoint), store: store, progress: ProgressReporter(quiet: true))
            // Given identifiers: the first GetRecord; without: the first ListIdentifiers.
            for (given, request) in [(["oai:x:1", "oai:x:2", "oai:x:3"] as [String]?, "GetRecord"), (nil, "ListIdentifiers")] {
                let before = server.requests.count
                do {
                    _ = try filler.run(identifiers: given)
                    Issue.record("\(answer.path) \(request): the gap fill ran")
                } catch {
                    #expect(error.description == "\(endpoint): " + Self.expected(answer.path, request: request))
                }
                #expect(server.requests.count - before == 1, "\(answer.path) \(request)")
            }
        }
        #expect(try store.count(RecordQuery()) == 0)
    }

    @Test func aForeignPageWithinAListingIsRetriedAsBefore() throws {
        let all = records(sets: ["s": 25])
        var behaviour = FaultyOAIRepository.Behaviour()
        // A proxy's error page with status 200, twice, on the listing's second page.
        behaviour.rules = [.init(verb: "ListRecords", set: "s", page: 1, times: 2, fault: .status(200))]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"]), setRetries: 0), store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(report.rows.first?.retries == 2)
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func aBrokenIdentifyIsStillRetried() throws {
        let all = records(sets: ["s": 5])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "Identify", times: 2, fault: .truncated)]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"])), store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(server.repository.requestLog.filter { $0 == "verb=Identify" }.count == 3)
    }
}
