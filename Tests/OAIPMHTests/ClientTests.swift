import Foundation
import Testing
import TestSupport
@testable import OAIPMH

/// The client against real HTTP on 127.0.0.1, serving real responses.
@Suite struct ClientTests {
    /// A server answering each verb with a fixture (or a reply the test picks).
    static func server(_ route: @escaping @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer(handler: route)
    }

    static func xml(_ fixture: String, status: Int = 200, gzip: Bool = false) -> LoopbackHTTPServer.Reply {
        guard let body = try? Array(Fixtures.data("oai-pmh/" + fixture)) else {
            // A missing fixture fails the test (not an empty page that a test of failures might accept).
            Issue.record("missing fixture oai-pmh/\(fixture)")
            return .respond(status: 500, headers: [:], body: Array("missing fixture".utf8))
        }
        if gzip {
            return .respond(status: status, headers: ["Content-Type": "text/xml", "Content-Encoding": "gzip"], body: Gzip.stored(body))
        }
        return .respond(status: status, headers: ["Content-Type": "text/xml; charset=utf-8"], body: body)
    }

    func client(_ server: LoopbackHTTPServer, post: Bool = false) -> OAIClient {
        OAIClient(baseURL: server.baseURL + "/oai", configuration: TransportConfiguration(connectTimeout: 5, readTimeout: 5, usePOST: post))
    }

    @Test func everyVerbOverHTTP() throws {
        let server = try Self.server { request in
            switch request.arguments.first(where: { $0.0 == "verb" })?.1 {
            case "Identify": return Self.xml("europeana-api/Identify.xml")
            case "ListSets": return Self.xml("europeana-api/ListSets_first_page.xml")
            case "ListMetadataFormats": return Self.xml("europeana-api/ListMetadataFormats_for_identifier.xml")
            case "ListIdentifiers": return Self.xml("europeana-api/ListIdentifiers_edm_set_first_page.xml")
            case "ListRecords": return Self.xml("pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml")
            default: return Self.xml("europeana-api/GetRecord_edm.xml")
            }
        }
        let client = client(server)
        let identify = try client.identify()
        #expect(identify.granularity == .seconds)
        #expect(identify.deletedRecord == "no")
        #expect(try client.perform(.listMetadataFormats(identifier: "x")).metadataFormats.map(\.prefix) == ["edm"])
        #expect(try client.perform(.listIdentifiers(metadataPrefix: "edm", set: "2021672")).headers.count == 5)
        #expect(try client.perform(.listRecords(metadataPrefix: "oai_dc")).records.count == 16)
        let record = try #require(try client.getRecord(identifier: "x", metadataPrefix: "edm"))
        #expect(record.header.setSpecs == ["2021672"])
        #expect(try client.perform(.listSets).sets.count == 5)
        #expect(server.requests.map(\.rawQuery) == [
            "verb=Identify", "verb=ListMetadataFormats&identifier=x", "verb=ListIdentifiers&metadataPrefix=edm&set=2021672",
            "verb=ListRecords&metadataPrefix=oai_dc", "verb=GetRecord&identifier=x&metadataPrefix=edm", "verb=ListSets",
        ])
        #expect(server.requests.first?.headers["user-agent"]?.hasPrefix("Thresher/") == true)
        #expect(server.requests.first?.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test func oddSetNamesReachTheServerIntactByGetAndPost() throws {
        let server = try Self.server { _ in Self.xml("europeana-metis/ListIdentifiers_edm_no_token.xml") }
        let odd = "Maps & Atlases/1:2+3 Bibliothèque"
        _ = try client(server).perform(.listIdentifiers(metadataPrefix: "edm", set: odd))
        _ = try client(server, post: true).perform(.listIdentifiers(metadataPrefix: "edm", set: odd))
        let requests = server.requests
        #expect(requests.map(\.method) == ["GET", "POST"])
        #expect(requests[0].rawQuery == "verb=ListIdentifiers&metadataPrefix=edm&set=Maps%20%26%20Atlases%2F1%3A2%2B3%20Biblioth%C3%A8que")
        for request in requests {
            #expect(request.arguments.map { "\($0.0)=\($0.1)" } == ["verb=ListIdentifiers", "metadataPrefix=edm", "set=\(odd)"])
        }
        #expect(requests[1].rawQuery == "")
    }

    @Test func oaiErrorsFromHTTP422BodiesAndNoRecordsMatch() throws {
        let server = try Self.server { request in
            switch request.arguments.first(where: { $0.0 == "verb" })?.1 {
            case "GetRecord": return Self.xml("zenodo/error_idDoesNotExist_http422.xml", status: 422)
            case "ListIdentifiers": return Self.xml("zenodo/error_noRecordsMatch_http422.xml", status: 422)
            default: return Self.xml("zenodo/error_badResumptionToken_http422.xml", status: 422)
            }
        }
        let client = client(server)
        #expect(try client.getRecord(identifier: "oai:zenodo.org:0", metadataPrefix: "oai_dc") == nil)
        let empty = try client.perform(.listIdentifiers(metadataPrefix: "oai_dc", from: "2030-01-01"))
        #expect(empty.headers.isEmpty && empty.nextToken == nil)
        do {
            _ = try client.perform(.resumed(verb: .listRecords, token: "XXX"))
            Issue.record("no error")
        } catch {
            #expect(error.isBadResumptionToken)
            #expect(error.retryability == .never)
            #expect(error.description == "OAI-PMH error badResumptionToken: The value of the resumptionToken argument is invalid or expired. (\(server.baseURL)/oai?verb=ListRecords&resumptionToken=XXX)")
        }
    }

    @Test func gzipBodiesAreDecoded() throws {
        let server = try Self.server { _ in Self.xml("pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml", gzip: true) }
        #expect(try client(server).perform(.listRecords(metadataPrefix: "oai_dc")).records.count == 16)
    }

    @Test func failuresAreClassified() throws {
        let server = try Self.server { request in
            switch request.arguments.first(where: { $0.0 == "set" })?.1 {
            case "busy": return .respond(status: 503, headers: ["Retry-After": "7"], body: Array("<html>busy</html>".utf8))
            case "broken": return .respond(status: 500, headers: [:], body: [])
            case "gone": return .respond(status: 404, headers: [:], body: Array("no".utf8))
            case "html": return .respond(status: 200, headers: ["Content-Type": "text/html"], body: Array("<!DOCTYPE html><html><p>x</html>".utf8))
            case "cut":
                guard let body = try? Array(Fixtures.data("oai-pmh/pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml")) else {
                    Issue.record("missing fixture oai-pmh/pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml")
                    return .drop
                }
                return .truncated(status: 200, headers: [:], body: body, sendBytes: 10_000)
            default: return .drop
            }
        }
        let client = client(server)
        func failure(_ set: String) -> OAIClientError? {
            do {
                _ = try client.perform(.listRecords(metadataPrefix: "oai_dc", set: set))
                return nil
            } catch {
                return error
            }
        }
        let url = { (set: String) in "\(server.baseURL)/oai?verb=ListRecords&metadataPrefix=oai_dc&set=\(set)" }
        #expect(failure("busy") == .httpStatus(code: 503, retryAfter: 7, url: url("busy")))
        #expect(failure("busy")?.retryability == .retryAfter(7))
        #expect(failure("broken")?.retryability == .retry)
        #expect(failure("gone") == .httpStatus(code: 404, retryAfter: nil, url: url("gone")))
        #expect(failure("gone")?.retryability == Retryability.never)
        #expect(failure("html") == .notOAIPMH(url: url("html"), answer: ForeignAnswer(
            status: 200, contentType: "text/html", kind: .html, detail: "an HTML page", firstBytes: "<!DOCTYPE html><html><p>x</html>")))
        #expect(failure("html")?.retryability == .retry)  // within a listing: a proxy's page passes
        if case .transport(.truncated) = failure("cut") {} else { Issue.record("a truncated body was not reported as truncated") }
        #expect(failure("cut")?.retryability == .retry)
        if case .transport(.connectionDropped) = failure("drop") {} else { Issue.record("a dropped connection was not reported") }
        #expect(failure("drop")?.retryability == .retry)
    }

    /// Identify through `client` times out, as a retryable transport error.
    static func expectTimeout(_ client: OAIClient, _ server: LoopbackHTTPServer) {
        do {
            _ = try client.identify()
            Issue.record("no timeout")
        } catch {
            #expect(error == .transport(.timeout(url: server.baseURL + "/oai?verb=Identify")))
            #expect(error.retryability == .retry)
        }
    }

    @Test func aSilentServerTimesOut() throws {
        let server = try Self.server { _ in .delay(seconds: 4, then: Self.xml("europeana-api/Identify.xml")) }
        let client = OAIClient(baseURL: server.baseURL + "/oai", configuration: TransportConfiguration(connectTimeout: 2, readTimeout: 1))
        Self.expectTimeout(client, server)
    }

    @Test func aServerThatTricklesBytesTimesOutAsAWhole() throws {
        // 5 bytes a second passes the stall check (1 byte a second for readTimeout); the whole request may take 1.5 s.
        let body = Array(String(repeating: " ", count: 2_000).utf8)
        let server = try Self.server { _ in .trickle(status: 200, headers: ["Content-Type": "text/xml"], body: body, interval: 0.2) }
        let client = OAIClient(baseURL: server.baseURL + "/oai",
                               configuration: TransportConfiguration(connectTimeout: 2, readTimeout: 1, requestTimeout: 1.5))
        Self.expectTimeout(client, server)
    }

    @Test func theHTTPCharsetDecodesPagesThatDeclareNoEncoding() throws {
        func identify(_ name: [UInt8], declaration: String = "") -> [UInt8] {
            Array((declaration + #"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>"#
                + #"<request verb="Identify">http://x/oai</request><Identify><repositoryName>"#).utf8) + name
                + Array(("</repositoryName><baseURL>http://x/oai</baseURL><protocolVersion>2.0</protocolVersion>"
                    + "<earliestDatestamp>2000-01-01</earliestDatestamp><deletedRecord>no</deletedRecord>"
                    + "<granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>").utf8)
        }
        let cases: [(String, [UInt8], String)] = [
            ("text/xml; charset=ISO-8859-1", identify([0x43, 0x61, 0x66, 0xE9]), "Café"),         // Latin-1 as labelled
            ("text/xml; charset=\"iso-8859-1\"", identify(Array("Café".utf8)), "Café"),          // UTF-8 labelled Latin-1
            ("application/xml; charset=windows-1252", identify([0x80, 0x20, 0x39]), "€ 9"),
            ("text/xml; charset=ISO-8859-1", identify(Array("Café".utf8), declaration: #"<?xml version="1.0" encoding="UTF-8"?>"#), "Café"),
            ("text/xml; charset=ISO-8859-1", identify([0x43, 0x61, 0x66, 0xE9], declaration: #"<?xml version="1.0"?>"#), "Café"),
            ("text/xml; charset=ISO-8859-1", identify([0x43, 0x61, 0x66, 0xE9], declaration: "\n" + #"<?xml version="1.0"?>"#), "Café"),
            ("text/xml; charset=ISO-8859-1", identify([0x43, 0x61, 0x66, 0xE9], declaration: "\n" + #"<?xml version="1.0" encoding="ISO-8859-1"?>"#), "Café"),
            // UTF-8 with one stray byte, labelled Latin-1: still UTF-8, the stray byte replaced.
            ("text/xml; charset=ISO-8859-1", identify(Array("Café ".utf8) + [0xFF]), "Café \u{FFFD}"),
            // A charset libxml2 does not know: read as sent.
            ("text/xml; charset=none", identify([0x43, 0x61, 0x66, 0xE9]), "Caf\u{FFFD}"),
        ]
        for (contentType, body, expected) in cases {
            let server = try Self.server { _ in .respond(status: 200, headers: ["Content-Type": contentType], body: body) }
            let client = OAIClient(baseURL: server.baseURL + "/oai", configuration: TransportConfiguration(connectTimeout: 2, readTimeout: 5))
            #expect(try client.identify().repositoryName == expected, "\(contentType)")
        }
        #expect(PageEncoding.charset("text/xml;charset=UTF-8") == "utf-8")
        #expect(PageEncoding.charset("text/xml") == nil)
    }

    @Test func aPOSTKeepsItsArgumentsAcrossRedirects() throws {
        let identify = Self.xml("europeana-api/Identify.xml")
        for status in [301, 302, 303, 307, 308] {
            let server = try Self.server { request in
                if request.path == "/old" {
                    return .respond(status: status, headers: ["Location": "/oai"], body: [])
                }
                return request.method == "POST" && String(decoding: request.body, as: UTF8.self) == "verb=Identify"
                    ? identify : .respond(status: 400, headers: [:], body: Array("lost arguments".utf8))
            }
            let client = OAIClient(baseURL: server.baseURL + "/old",
                                   configuration: TransportConfiguration(connectTimeout: 2, readTimeout: 5, usePOST: true))
            #expect(throws: Never.self, "\(status)") { _ = try client.identify() }
        }
    }

    @Test func connectionRefusedIsATransportErrorThatNeverAnswered() throws {
        let server = try Self.server { _ in .drop }
        let base = server.baseURL + "/oai"
        server.stop()
        do {
            _ = try OAIClient(baseURL: base).identify()
            Issue.record("no error")
        } catch {
            #expect(error == .transport(.connectionRefused(url: base + "?verb=Identify")))
            #expect(!error.serverAnswered)
            #expect(error.description == "\(base)?verb=Identify: connection refused")
        }
    }
}
