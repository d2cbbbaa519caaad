import Foundation
import Testing
import TestSupport
@testable import DataProvider
import RecordStore

@Suite struct ProviderTests {
    @Test func identifyAndFormats() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try providerStore(dir))
        let identify = p.text("verb=Identify")
        #expect(values("earliestDatestamp", in: identify) == ["2023-06-01T00:00:00Z"])
        #expect(values("deletedRecord", in: identify) == ["transient"])
        #expect(identify.contains(#"<request verb="Identify">http://127.0.0.1:8080/oai</request>"#))
        #expect(values("responseDate", in: identify) == ["2026-01-01T00:00:00Z"])
        #expect(values("metadataPrefix", in: p.text("verb=ListMetadataFormats")) == ["edm", "oai_dc"])
        #expect(values("metadataPrefix", in: p.text("verb=ListMetadataFormats&identifier=oai%3Ap%3A2")) == ["edm"])
        #expect(values("metadataPrefix", in: p.text("verb=ListMetadataFormats&identifier=oai%3Ap%3A1")) == ["edm", "oai_dc"])
        #expect(p.text("verb=ListMetadataFormats&identifier=nope").contains(#"<error code="idDoesNotExist">"#))
    }

    @Test func oddSetNamesArePublishedUnderValidSpecsAndRoundTrip() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try providerStore(dir))
        let first = p.text("verb=ListSets")
        let specs = values("setSpec", in: first)
        #expect(specs == ["Biblioth~C3~A8que~20municipale", "Maps~20~26~20Atlases"])
        #expect(values("setName", in: first) == ["Bibliothèque municipale", "Maps and atlases of the world"])
        let next = try #require(token(in: first))
        let second = p.text("verb=ListSets&resumptionToken=" + OAIRequestEncoding.encode(next))
        #expect(values("setSpec", in: second) == ["plain"])
        #expect(token(in: second) == "")
        let maps = p.text("verb=ListIdentifiers&metadataPrefix=edm&set=Maps~20~26~20Atlases")
        #expect(values("identifier", in: maps) == ["oai:p:3", "oai:p:6", "oai:p:9", "oai:p:12", "oai:p:15", "oai:p:18", "oai:p:21", "oai:p:24"])
        #expect(maps.contains("<setSpec>Maps~20~26~20Atlases</setSpec>"))
        #expect(p.text("verb=ListIdentifiers&metadataPrefix=edm&set=Maps+%26+Atlases").contains(#"<error code="badArgument">"#))
        #expect(p.text("verb=ListIdentifiers&metadataPrefix=edm&set=nothere").contains(#"<error code="noRecordsMatch">"#))
        #expect(SetSpec.unescaped("Maps~20~26~20Atlases") == "Maps & Atlases")
    }

    @Test func pagingWithTokensCursorsAndSizes() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try providerStore(dir))
        var ids: [String] = []
        var page = p.text("verb=ListRecords&metadataPrefix=edm")
        var cursors: [String] = []
        while true {
            ids += values("identifier", in: page)
            if let range = page.range(of: #"cursor=""#) {
                cursors.append(String(page[range.upperBound...].prefix { $0 != "\"" }))
            }
            guard let next = token(in: page), !next.isEmpty else { break }
            #expect(page.contains(#"completeListSize="25""#))
            page = p.text("verb=ListRecords&resumptionToken=" + OAIRequestEncoding.encode(next))
        }
        #expect(ids == (1...25).map { "oai:p:\($0)" })
        #expect(cursors == ["0", "10", "20"])
        #expect(token(in: page) == "")
        // Deleted records: a header with status, no metadata.
        let deleted = p.text("verb=GetRecord&identifier=oai:p:10&metadataPrefix=edm")
        #expect(deleted.contains(#"<header status="deleted"><identifier>oai:p:10</identifier>"#))
        #expect(!deleted.contains("<metadata>"))
        let live = p.text("verb=GetRecord&identifier=oai:p:3&metadataPrefix=edm")
        #expect(live.contains("<metadata><rdf:RDF"))
        #expect(live.contains("<dc:title>Title 3 &amp; more</dc:title>"))
    }

    @Test func datesFilterInclusively() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try providerStore(dir))
        #expect(values("identifier", in: p.text("verb=ListIdentifiers&metadataPrefix=edm&from=2024-01-24&until=2024-01-25"))
                == ["oai:p:24", "oai:p:25"])
        #expect(values("identifier", in: p.text("verb=ListIdentifiers&metadataPrefix=edm&from=2024-01-03T10:00:00Z&until=2024-01-04T09:59:59Z"))
                == ["oai:p:3"])
        #expect(values("identifier", in: p.text("verb=ListIdentifiers&metadataPrefix=oai_dc&until=2023-06-01")) == ["oai:p:1"])
    }

    @Test(arguments: [
        ("verb=Nope", "badVerb"),
        ("", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=edm&metadataPrefix=edm", "badArgument"),
        ("verb=ListRecords&metadataPrefix=edm&from=2024-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=edm&from=2024-02-01&until=2024-01-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=edm&from=2024-01-01&until=2024-02-01T00:00:00Z", "badArgument"),
        ("verb=ListRecords&resumptionToken=v1.garbage.000000000000", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=abc&metadataPrefix=edm", "badArgument"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        ("verb=GetRecord&identifier=oai:p:dc&metadataPrefix=edm", "cannotDisseminateFormat"),
        ("verb=GetRecord&identifier=oai:none&metadataPrefix=edm", "idDoesNotExist"),
        ("verb=GetRecord&identifier=oai:p:2", "badArgument"),
        ("verb=ListRecords&metadataPrefix=edm&from=2030-01-01", "noRecordsMatch"),
        ("verb=ListSets&resumptionToken=xyz", "badResumptionToken"),
    ])
    func errorCodes(query: String, code: String) throws {
        let dir = try TemporaryDirectory()
        let p = provider(try providerStore(dir))
        let text = p.text(query)
        #expect(text.contains(#"<error code="\#(code)">"#))
        #expect(try schemaErrors(text) == nil)
        if code == "badVerb" || code == "badArgument" {
            #expect(text.contains("<request>http://127.0.0.1:8080/oai</request>"))
        }
    }

    @Test func emptyStoreErrors() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try SQLiteRecordStore(path: dir.path("empty.sqlite")))
        #expect(p.text("verb=ListMetadataFormats").contains(#"<error code="noMetadataFormats">"#))
        #expect(p.text("verb=ListSets").contains(#"<error code="noSetHierarchy">"#))
        #expect(values("earliestDatestamp", in: p.text("verb=Identify")) == ["1970-01-01T00:00:00Z"])
        for query in ["verb=ListSets", "verb=ListMetadataFormats", "verb=Identify"] {
            #expect(try schemaErrors(p.text(query)) == nil)
        }
    }

    @Test func everyResponseKindValidatesAgainstTheSchema() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try providerStore(dir))
        let queries = ["verb=Identify", "verb=ListMetadataFormats", "verb=ListSets", "verb=ListIdentifiers&metadataPrefix=edm",
                       "verb=ListRecords&metadataPrefix=edm", "verb=GetRecord&identifier=oai:p:10&metadataPrefix=edm",
                       "verb=GetRecord&identifier=oai:p:4&metadataPrefix=edm", "verb=ListRecords&metadataPrefix=edm&set=plain"]
        for query in queries {
            let errors = try schemaErrors(p.text(query))
            #expect(errors == nil, "\(query): \(errors ?? "")")
        }
        let list = p.text("verb=ListRecords&metadataPrefix=edm")
        let last = p.text("verb=ListRecords&resumptionToken=" + OAIRequestEncoding.encode(try #require(token(in: list))))
        #expect(try schemaErrors(last) == nil)
        // oai_dc payloads validate strictly.
        #expect(try schemaErrors(p.text("verb=ListRecords&metadataPrefix=oai_dc"), schema: "oai-pmh-with-payloads.xsd") == nil)
    }

    @Test func illegalCharactersFromTheStoreAreDropped() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("x.sqlite"))
        try store.storeRecords([RecordInput(identifier: "oai:x:\u{1}1", datestamp: "2024-01-01", deleted: false, sets: ["a\u{2}"],
                                            metadataXML: "<?xml version=\"1.0\"?>\n<x:x xmlns:x=\"urn:x\">bad\u{B}char</x:x>", json: "{}")],
                               metadataPrefix: "edm")
        let text = provider(store).text("verb=ListRecords&metadataPrefix=edm")
        #expect(text.contains("<identifier>oai:x:1</identifier>"))
        #expect(text.contains(#"<metadata><x:x xmlns:x="urn:x">badchar</x:x></metadata>"#))
        #expect(try schemaErrors(text) == nil)
    }
}

/// Percent-encodes a token for a query string.
enum OAIRequestEncoding {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
