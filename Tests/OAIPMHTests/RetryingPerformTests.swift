import Foundation
import Synchronization
import Testing
import OAIPMH
import TestSupport

/// `OAIClient.perform(_:retrying:onRetry:sleep:)` against a loopback server that fails, then answers.
@Suite struct RetryingPerformTests {
    static let identify = Array("""
        <?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\
        <responseDate>2026-01-01T00:00:00Z</responseDate><request verb="Identify">x</request><Identify>\
        <repositoryName>R</repositoryName><baseURL>http://127.0.0.1/</baseURL><protocolVersion>2.0</protocolVersion>\
        <adminEmail>a@b.c</adminEmail><earliestDatestamp>2000-01-01</earliestDatestamp>\
        <deletedRecord>no</deletedRecord><granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>
        """.utf8)

    @Test func retriesA503WithRetryAfterThenA500ThenSucceeds() throws {
        let count = Mutex(0)
        let server = try LoopbackHTTPServer { _ in
            let n = count.withLock { $0 += 1; return $0 }
            switch n {
            case 1: return .respond(status: 503, headers: ["Retry-After": "7"], body: [])
            case 2: return .respond(status: 500, headers: [:], body: [])
            default: return .respond(status: 200, headers: ["Content-Type": "text/xml"], body: Self.identify)
            }
        }
        defer { server.stop() }
        let client = OAIClient(baseURL: server.baseURL + "/oai")
        var retries: [(Int, Double)] = []
        var slept: [Double] = []
        let response = try client.perform(.identify, retrying: RetryPolicy(base: 2, cap: 30),
                                          onRetry: { _, attempt, delay in retries.append((attempt, delay)) },
                                          sleep: { slept.append($0) })
        #expect(response.identify?.repositoryName == "R")
        #expect(retries.map(\.0) == [1, 2])
        #expect(retries.first?.1 == 7)
        let second = try #require(retries.last?.1)
        #expect(second >= 2 && second <= 4)  // after attempt 2 with base 2: between half and all of 2·2¹
        #expect(slept == retries.map(\.1))
        #expect(server.requests.count == 3)
    }

    @Test func givesUpAfterMaxAttemptsAndNeverRetriesA404() throws {
        let server = try LoopbackHTTPServer { request in
            .respond(status: request.path.hasSuffix("gone") ? 404 : 502, headers: [:], body: [])
        }
        defer { server.stop() }
        var slept = 0
        #expect(throws: OAIClientError.self) {
            _ = try OAIClient(baseURL: server.baseURL + "/oai").perform(.identify, retrying: RetryPolicy(maxAttempts: 3),
                                                                      sleep: { _ in slept += 1 })
        }
        #expect(server.requests.count == 3)
        #expect(slept == 2)
        #expect(throws: OAIClientError.self) {
            _ = try OAIClient(baseURL: server.baseURL + "/gone").perform(.identify, retrying: RetryPolicy(),
                                                                       sleep: { _ in slept += 1 })
        }
        #expect(server.requests.count == 4)
        #expect(slept == 2)
    }
}
