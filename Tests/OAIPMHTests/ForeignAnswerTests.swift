import Foundation
import Testing
import TestSupport
@testable import OAIPMH

/// Answers that arrive whole but are not OAI-PMH: what they are taken for, and what a truncated page is not.
@Suite struct ForeignAnswerTests {
    private func kind(_ text: String) -> ForeignAnswer.Kind { ForeignAnswer.kind(of: Array(text.utf8)) }

    @Test func kindsFromTheFirstMarkup() {
        #expect(kind("") == .empty)
        #expect(kind(" \r\n\t") == .empty)
        #expect(kind("\u{FEFF}<!DOCTYPE html><html><body><p>Busy<br></body></html>") == .html)
        #expect(kind("<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<HTML>") == .html)
        #expect(kind("<?xml version=\"1.0\"?><!-- a portal --><html xmlns=\"http://www.w3.org/1999/xhtml\"><head/></html>") == .html)
        #expect(kind("<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"/>") == .html)
        #expect(kind("<body>Not found</body>") == .html)
        #expect(kind("  {\"error\": \"not found\"}") == .json)
        #expect(kind("[1, 2]") == .json)
        #expect(kind("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>") == .xml)
        #expect(kind("<!DOCTYPE rss [<!ENTITY a \"b\">]><rss version=\"2.0\"/>") == .xml)
        #expect(kind("Service Unavailable") == .text)
        // A page of OAI-PMH whose records hold HTML further on is still XML: only the first markup counts.
        #expect(kind("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><html>") == .xml)
    }

    @Test func firstBytesAreOneShortLine() {
        #expect(ForeignAnswer.sanitised(Array("  <html>\n\t<head>\u{07}</head>  ".utf8)) == "<html> <head> </head>")
        let long = ForeignAnswer.sanitised(Array(String(repeating: "é", count: 500).utf8))
        #expect(long == String(repeating: "é", count: 80) + "…")
        #expect(ForeignAnswer.sanitised([0xFF, 0x41]) == "\u{FFFD}A")
    }

    @Test func descriptionsNameStatusContentTypeAndWhatCame() {
        let html = ForeignAnswer(status: 200, contentType: "text/html;\r\n charset=utf-8", body: Array("<!DOCTYPE html>\n<html><head><title>Welcome</title></head></html>".utf8),
                                 detail: "an HTML page")
        #expect(html.description == #"HTTP 200 (Content-Type text/html; charset=utf-8): an HTML page starting "<!DOCTYPE html> <html><head><title>Welcome</title></head></html>""#)
        #expect(html.likelyMistake?.hasPrefix("this looks like a web page, not an OAI-PMH base URL") == true)
        let empty = ForeignAnswer(status: 200, contentType: nil, body: [], detail: "empty body")
        #expect(empty.description == "HTTP 200 (no Content-Type): an empty body")
        #expect(empty.likelyMistake == nil)
        let xml = ForeignAnswer(status: 200, contentType: "application/atom+xml", body: Array("<feed xmlns='http://www.w3.org/2005/Atom'/>".utf8),
                                detail: "the root element is <feed> in namespace http://www.w3.org/2005/Atom")
        #expect(xml.description == "HTTP 200 (Content-Type application/atom+xml): XML in another vocabulary (the root element is <feed> in namespace http://www.w3.org/2005/Atom)")
    }

    /// Through the client: HTML, foreign XML, JSON and an empty body are `notOAIPMH`; an OAI-PMH page cut short is
    /// unreadable XML (`malformed`), a transient fault, never taken for another vocabulary.
    @Test func theClientTellsForeignAnswersFromBrokenPages() throws {
        let page = #"<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2020-01-01T00:00:00Z</responseDate><ListIdentifiers><header><identifier>oai:x:1</identifier><datestamp>2020-01-01</datestamp></header><header><identifier>oai:x:2</identifier>"#
        let server = try LoopbackHTTPServer { request in
            let body: String
            var type = "text/xml"
            switch request.arguments.first(where: { $0.0 == "set" })?.1 {
            case "html": (body, type) = ("<!DOCTYPE html><html><head><title>Portal</title></head><body><p>Welcome<br></body></html>", "text/html")
            case "xml": (body, type) = ("<rss version=\"2.0\"><channel/></rss>", "application/rss+xml")
            case "json": (body, type) = ("{\"error\":\"no such page\"}", "application/json")
            case "empty": body = ""
            case "cut": body = page
            default: body = page + "<html>"
            }
            return .respond(status: 200, headers: ["Content-Type": type], body: Array(body.utf8))
        }
        defer { server.stop() }
        let client = OAIClient(baseURL: server.baseURL + "/oai")
        func failure(_ set: String) -> OAIClientError? {
            do {
                _ = try client.perform(.listIdentifiers(metadataPrefix: "edm", set: set))
                return nil
            } catch {
                return error
            }
        }
        #expect(failure("html")?.foreignAnswer?.kind == .html)
        #expect(failure("xml")?.foreignAnswer?.description
            == "HTTP 200 (Content-Type application/rss+xml): XML in another vocabulary (the root element is <rss> in no namespace)")
        #expect(failure("json")?.foreignAnswer?.description == #"HTTP 200 (Content-Type application/json): JSON starting "{"error":"no such page"}""#)
        #expect(failure("empty")?.foreignAnswer?.kind == .empty)
        for set in ["cut", "cut-with-html"] {
            let error = failure(set)
            #expect(error?.foreignAnswer == nil, "\(set)")
            if case .malformed = error {} else { Issue.record("\(set): \(String(describing: error))") }
        }
    }
}
