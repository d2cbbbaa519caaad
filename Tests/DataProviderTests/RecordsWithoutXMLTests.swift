import Foundation
import Testing
import TestSupport
@testable import DataProvider
import RecordStore

/// Records imported from JSON Lines without XML: the provider publishes XML, so it offers none of them.
@Suite struct RecordsWithoutXMLTests {
    /// The provider's store plus three live EDM records without XML (in "plain", one in a set of its own) and one
    /// oai_dc record without XML whose identifier also has EDM XML.
    func store(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
        let store = try providerStore(dir)
        try store.storeRecords([
            RecordInput(identifier: "oai:p:nx1", datestamp: "2024-01-05T12:00:00Z", deleted: false, sets: ["plain"], metadataXML: nil, json: "{}"),
            RecordInput(identifier: "oai:p:nx2", datestamp: "2024-02-01T00:00:00Z", deleted: false, sets: ["plain"], metadataXML: nil, json: "{}"),
            RecordInput(identifier: "oai:p:nx3", datestamp: "2024-02-01T00:00:00Z", deleted: false, sets: ["noxml"], metadataXML: nil, json: "{}"),
        ], metadataPrefix: "edm")
        try store.storeRecords([RecordInput(identifier: "oai:p:3", datestamp: "2024-01-01", deleted: false, sets: [], metadataXML: nil, json: "{}")],
                               metadataPrefix: "oai_dc")
        return store
    }

    /// Every identifier of a list, page by page, and the completeListSize of its first page.
    func walk(_ p: OAIDataProvider, _ query: String) -> (ids: [String], size: String?) {
        var ids: [String] = []
        var page = p.text(query)
        var size: String?
        if let range = page.range(of: #"completeListSize=""#) { size = String(page[range.upperBound...].prefix { $0 != "\"" }) }
        while true {
            ids += values("identifier", in: page)
            guard let next = token(in: page), !next.isEmpty else { break }
            page = p.text(String(query.prefix { $0 != "&" }) + "&resumptionToken=" + OAIRequestEncoding.encode(next))
        }
        return (ids, size)
    }

    @Test func listsAndTheirSizesLeaveThemOut() throws {
        let dir = try TemporaryDirectory()
        let store = try store(dir)
        let p = provider(store)
        let records = walk(p, "verb=ListRecords&metadataPrefix=edm")
        #expect(records.ids == (1...25).map { "oai:p:\($0)" } && records.size == "25")
        let identifiers = walk(p, "verb=ListIdentifiers&metadataPrefix=edm")
        #expect(identifiers.ids == records.ids && identifiers.size == "25")
        let plain = walk(p, "verb=ListIdentifiers&metadataPrefix=edm&set=plain")
        #expect(!plain.ids.contains { $0.hasPrefix("oai:p:nx") } && plain.ids.count == 9)
        #expect(p.text("verb=ListRecords&metadataPrefix=edm&from=2024-02-01").contains(#"<error code="noRecordsMatch">"#))
        #expect(p.text("verb=ListRecords&metadataPrefix=edm&set=noxml").contains(#"<error code="noRecordsMatch">"#))
        #expect(p.text("verb=ListRecords&metadataPrefix=oai_dc").components(separatedBy: "<record>").count == 3)
    }

    @Test func getRecordAndFormatsTreatThemAsAbsent() throws {
        let dir = try TemporaryDirectory()
        let p = provider(try store(dir))
        #expect(p.text("verb=GetRecord&identifier=oai:p:nx1&metadataPrefix=edm").contains(#"<error code="idDoesNotExist">"#))
        #expect(p.text("verb=ListMetadataFormats&identifier=oai:p:nx1").contains(#"<error code="idDoesNotExist">"#))
        // oai:p:3 has EDM XML but its oai_dc record has none.
        #expect(p.text("verb=GetRecord&identifier=oai:p:3&metadataPrefix=oai_dc").contains(#"<error code="cannotDisseminateFormat">"#))
        let formats = p.text("verb=ListMetadataFormats&identifier=oai:p:3")
        #expect(values("metadataPrefix", in: formats) == ["edm"])
        #expect(p.text("verb=GetRecord&identifier=oai:p:3&metadataPrefix=edm").contains("<metadata><rdf:RDF"))
    }

    @Test func countsAgreeWithTheRecordsRead() throws {
        let dir = try TemporaryDirectory()
        let store = try store(dir)
        #expect(try store.countLiveWithoutXML(metadataPrefix: nil) == 4)
        #expect(try store.countLiveWithoutXML(metadataPrefix: "edm") == 3)
        let queries = [
            RecordQuery(metadataPrefix: "edm", withXMLOnly: true),
            RecordQuery(withXMLOnly: true),
            RecordQuery(metadataPrefix: "edm", set: "plain", withXMLOnly: true),
            RecordQuery(metadataPrefix: "edm", from: "2024-01-05", until: "2024-02-01", withXMLOnly: true),
            RecordQuery(metadataPrefix: "edm", set: "plain", from: "2024-01-01T00:00:00Z", withXMLOnly: true),
            RecordQuery(metadataPrefix: "edm", includeDeleted: false, withXMLOnly: true),
        ]
        for query in queries {
            var read = 0
            try store.forEachRecord(query, content: .none) { _ in read += 1 }
            #expect(try store.count(query) == read, "\(query)")
            var all = query
            all.withXMLOnly = false
            var every = 0
            try store.forEachRecord(all, content: .xml) { if $0.deleted || $0.metadataXML != nil { every += 1 } }
            #expect(read == every, "\(query)")
        }
        #expect(try store.count(RecordQuery(metadataPrefix: "edm", withXMLOnly: true)) == 25)
        #expect(try store.count(RecordQuery(metadataPrefix: "edm")) == 28)
    }
}
