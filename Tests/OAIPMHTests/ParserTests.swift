import Foundation
import Testing
import TestSupport
@testable import OAIPMH

@Suite struct ParserTests {
    func parse(_ fixture: String) throws -> (OAIResponse, [OAIError]) {
        let parsed = try OAIResponseParser.parse(Array(try Fixtures.data("oai-pmh/" + fixture)), name: fixture)
        return (parsed.response, parsed.errors)
    }

    @Test func europeanaListSetsWithToken() throws {
        let (response, errors) = try parse("europeana-api/ListSets_first_page.xml")
        #expect(errors.isEmpty)
        #expect(response.sets.map(\.spec) == ["2058621", "9200365", "542", "2020706", "1321"])
        #expect(response.sets.first?.name == "2058621_Ag_EU_LoCloud_NRA")
        #expect(response.resumptionToken == OAIResumptionToken(value: "fHx8fDE3ODI1ODM3MjIxNzJ8MjM2NXwwfG51bGw=", cursor: 0,
                                                               completeListSize: 2365, expirationDate: "2026-06-27T18:08:42Z"))
        #expect(response.responseDate == "2026-06-26T18:08:42Z")
    }

    @Test func europeanaListIdentifiersIndentedRoot() throws {
        let (response, _) = try parse("europeana-api/ListIdentifiers_edm_set_first_page.xml")
        #expect(response.headers.map(\.identifier).map { $0.replacingOccurrences(of: "http://data.europeana.eu/item/2021672/", with: "") }
                == ["resource_document_mauritshuis_1", "resource_document_mauritshuis_100", "resource_document_mauritshuis_101",
                    "resource_document_mauritshuis_1031", "resource_document_mauritshuis_1032"])
        #expect(response.headers.first == OAIHeader(identifier: "http://data.europeana.eu/item/2021672/resource_document_mauritshuis_1",
                                                    datestamp: "2023-02-28T08:45:41Z", setSpecs: ["2021672"]))
        #expect(response.resumptionToken?.completeListSize == 832)
    }

    @Test func europeanaGetRecordKeepsTheEDMPayload() throws {
        let (response, _) = try parse("europeana-api/GetRecord_edm.xml")
        let record = try #require(response.records.first)
        #expect(record.header.identifier == "http://data.europeana.eu/item/2021672/resource_document_mauritshuis_670")
        let root = try #require(record.metadata?.root)
        #expect(root.localName == "RDF")
        #expect(root.namespaceURI == "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
        let xml = try #require(record.metadata?.xmlString)
        #expect(xml.hasPrefix("<rdf:RDF"))
        // The payload stands alone: it parses again with its namespaces.
        let again = try XMLSupportDocument(parsing: xml)
        #expect(again.root?.elementChildren.count == root.elementChildren.count)
    }

    @Test func tokenWithWhitespaceIsTrimmed() throws {
        let (response, _) = try parse("europeana-metis/ListIdentifiers_edm_token_with_whitespace.xml")
        #expect(response.resumptionToken?.value == "edm:smvk-mm:*:*:50:2932")
        #expect(response.resumptionToken?.cursor == 50)
        #expect(response.headers.map(\.datestamp) == ["2017-11-12"])
    }

    @Test func missingAndEmptyTokensMeanComplete() throws {
        let (noToken, _) = try parse("europeana-metis/ListIdentifiers_edm_no_token.xml")
        #expect(noToken.resumptionToken == nil && noToken.nextToken == nil)
        let (last, _) = try parse("sickle-samples/ListIdentifiers_page2_final_no_token.xml")
        #expect(last.nextToken == nil)
    }

    @Test func deletedRecordHasNoMetadata() throws {
        let (response, _) = try parse("sickle-samples/ListRecords_with_deleted_record.xml")
        #expect(response.records.map(\.header.identifier) == ["oai:test.example.com:1585310", "oai:test.example.com:1585322"])
        #expect(response.records.map(\.header.isDeleted) == [true, false])
        #expect(response.records[0].metadata == nil)
        #expect(response.records[1].metadata?.root?.localName == "dc")
        #expect(response.resumptionToken?.value == "ListRecords2.xml")
    }

    @Test func sixteenRecordPageAndCJK() throws {
        let (page, _) = try parse("pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml")
        #expect(page.records.count == 16)
        #expect(page.records.prefix(3).map(\.header.identifier) == ["hdl:1765/308", "hdl:1765/309", "hdl:1765/311"])
        let (cjk, _) = try parse("sickle-samples/GetRecord_utf8_cjk.xml")
        #expect(cjk.records.first?.metadata?.xmlString.contains("<dc:creator>某人</dc:creator>") == true)
    }

    @Test func errorsAreTyped() throws {
        #expect(try parse("zenodo/error_badResumptionToken_http422.xml").1
                == [.badResumptionToken("The value of the resumptionToken argument is invalid or expired.")])
        #expect(try parse("zenodo/error_noRecordsMatch_http422.xml").1 == [.noRecordsMatch("")])
        #expect(try parse("europeana-api/error_idDoesNotExist.xml").1.first?.code == "idDoesNotExist")
        #expect(try parse("sickle-samples/error_noSetHierarchy_spec_example.xml").1.first?.code == "noSetHierarchy")
        #expect(try parse("sickle-samples/error_badArgument_spec_example.xml").1.first?.code == "badArgument")
        #expect(try parse("europeana-api/error_badVerb_empty.xml").1.first?.code == "badVerb")
    }

    @Test func repairsLoseNoRecord() throws {
        let (blank, errors) = try parse("europeana-metis/error_cannotDisseminateFormat_leading_blank_line.xml")
        #expect(errors.first?.code == "cannotDisseminateFormat")
        #expect(blank.repairs.map(\.kind) == [.leadingWhitespace])
        let (entity, _) = try parse("pyoai-erasmus/Identify_undefined_entity.xml")
        #expect(entity.identify?.repositoryName == "DSpace at Erasmus")
        #expect(entity.responseDate == "2006-02-10T13:21:17Z&bogus;")
        #expect(entity.repairs == [OAIRepair(kind: .undefinedEntities, count: 1)])

        // Illegal characters, raw and as references, a BOM, and invalid UTF-8 on a 16-record page.
        var text = try Fixtures.string("oai-pmh/pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml")
        text = text.replacingOccurrences(of: "<dc:title>", with: "<dc:title>\u{1}x&#x1;&#11;", options: [], range: nil)
        var bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        if let index = bytes.firstIndex(of: UInt8(ascii: "x")) { bytes.insert(0xFF, at: index) }
        let parsed = try OAIResponseParser.parse(bytes)
        #expect(parsed.response.records.count == 16)
        #expect(parsed.response.repairs.map(\.kind) == [.byteOrderMark, .illegalCharacters, .invalidUTF8])
        #expect(parsed.response.repairs[1].count == 48)
    }

    @Test func htmlEntitiesBecomeTheirCharacters() throws {
        let page = #"<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2020-01-01</responseDate><ListRecords><record><header><identifier>oai:x:1</identifier><datestamp>2020-01-01</datestamp></header><metadata><t xmlns="urn:t" a="&Eacute;t&eacute;">caf&eacute;&nbsp;&Omega;&sigmaf;&hellip;&euro; &bogus; &yuml;&Yuml;</t></metadata></record></ListRecords></OAI-PMH>"#
        let parsed = try OAIResponseParser.parse(Array(page.utf8), converter: { tree, _ in
            PayloadText(tree.textContent(0) + "|" + tree.attributeValue(0))
        })
        #expect(parsed.response.repairs == [OAIRepair(kind: .htmlEntities, count: 10), OAIRepair(kind: .undefinedEntities, count: 1)])
        let record = try #require(parsed.response.records.first)
        #expect(record.converted == .success("café\u{A0}Ως…€ &bogus; ÿŸ|Été"))
        #expect(record.metadataXML?.contains("caf&#233;&#160;&#937;&#962;&#8230;&#8364; &amp;bogus; &#255;&#376;") == true)
        #expect(HTMLEntities.codePoints.count == 252 - 4)  // HTML 4's 252, less quot, amp, lt and gt (XML's own)
    }

    @Test func onlyAPageThatFailsIsRepaired() throws {
        // A bare "&" is legal in a CDATA section and a comment: a page that parses is read as sent, by both readers.
        let page = #"<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2020-01-01</responseDate><!-- R&D --><ListRecords><record><header><identifier>oai:x:1</identifier><datestamp>2020-01-01</datestamp></header><metadata><t xmlns="urn:t"><![CDATA[Tom & Jerry &nbsp;]]></t></metadata></record></ListRecords></OAI-PMH>"#
        for method in [OAIResponseParser.Method.automatic, .treeReader] {
            let parsed = try OAIResponseParser.parse(Array(page.utf8), converter: { _, _ in "{}" }, method: method)
            #expect(parsed.response.repairs.isEmpty)
            // The event reader keeps the page's bytes; the tree reader serialises the same text without the section.
            let expected = method == .automatic ? #"<t xmlns="urn:t"><![CDATA[Tom & Jerry &nbsp;]]></t>"#
                : #"<t xmlns="urn:t">Tom &amp; Jerry &amp;nbsp;</t>"#
            #expect(parsed.response.records.first?.metadataXML == expected)
        }
        // The same "&" outside CDATA fails the first reading: repaired, then read.
        let broken = page.replacingOccurrences(of: "<![CDATA[Tom & Jerry &nbsp;]]>", with: "Tom & Jerry")
        let repaired = try OAIResponseParser.parse(Array(broken.utf8))
        #expect(repaired.response.repairs == [OAIRepair(kind: .undefinedEntities, count: 2)])  // the comment's too
        #expect(repaired.response.records.first?.header.identifier == "oai:x:1")
        // A page that no repair helps keeps its own error.
        #expect(throws: OAIResponseParser.Failure.self) { try OAIResponseParser.parse(Array(page.prefix(200).utf8)) }
    }

    @Test func latin1PagesAreDecodedNotRepaired() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2020-01-01</responseDate><ListIdentifiers><header><identifier>oai:x:M"#.utf8)
        bytes.append(0xFC)  // ü in ISO-8859-1
        bytes += Array("ller</identifier><datestamp>2020-01-01</datestamp></header></ListIdentifiers></OAI-PMH>".utf8)
        let parsed = try OAIResponseParser.parse(bytes)
        #expect(parsed.response.headers.map(\.identifier) == ["oai:x:Müller"])
        #expect(parsed.response.repairs.isEmpty)
    }

    @Test func notOAIPMHAndMalformed() throws {
        #expect(throws: OAIResponseParser.Failure.notOAIPMH(#"the body starts with "{"error": 1}""#)) {
            try OAIResponseParser.parse(Array("{\"error\": 1}".utf8))
        }
        #expect(throws: OAIResponseParser.Failure.notOAIPMH("an HTML page")) {
            try OAIResponseParser.parse(Array("<!DOCTYPE html><html><body><p>Busy<br></body></html>".utf8))
        }
        #expect(throws: OAIResponseParser.Failure.notOAIPMH("the root element is <feed> in namespace http://www.w3.org/2005/Atom")) {
            try OAIResponseParser.parse(Array("<feed xmlns='http://www.w3.org/2005/Atom'/>".utf8))
        }
        let bogus = Array(try Fixtures.data("oai-pmh/pyoai-erasmus/Identify_schema_invalid_bogus_element.xml"))
        do {
            _ = try OAIResponseParser.parse(bogus)
            Issue.record("a malformed page parsed")
        } catch {
            guard case .malformed(let message) = error else { Issue.record("wrong failure \(error)"); return }
            #expect(message.hasPrefix("line 1, column"))
        }
        let truncated = Array(try Fixtures.data("oai-pmh/pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml").prefix(20_000))
        #expect(throws: OAIResponseParser.Failure.self) { try OAIResponseParser.parse(truncated) }
    }
}

typealias XMLSupportDocument = XMLSupport.XMLDocument
import XMLSupport

@Suite struct InPlacePayloadTests {
    /// A converter that records the payload's root name and the number of its element children.
    static let converter: PayloadConverter = { payload, header in
        guard let root = payload.root else { return "\(header.identifier) empty" }
        return "\(header.identifier) \(payload.name(root).qualifiedName) \(Array(payload.children(root)).count)"
    }

    @Test func payloadsAreSerializedStandaloneAndConvertedInPlace() throws {
        for fixture in ["europeana-api/GetRecord_edm.xml", "sickle-samples/ListRecords_with_deleted_record.xml",
                        "pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml", "sickle-samples/GetRecord_utf8_cjk.xml"] {
            let body = Array(try Fixtures.data("oai-pmh/" + fixture))
            let copied = try OAIResponseParser.parse(body).response.records
            let inPlace = try OAIResponseParser.parse(body, converter: Self.converter).response.records
            #expect(copied.count == inPlace.count)
            for (a, b) in zip(copied, inPlace) {
                #expect(a.header == b.header)
                #expect(b.metadata == nil)
                guard let root = a.metadata?.root else {
                    #expect(b.metadataXML == nil && b.converted == nil)
                    continue
                }
                // The in-place serialization stands alone and holds the same tree as the copy.
                let xml = try #require(b.metadataXML)
                let reparsed = try XMLSupportDocument(parsing: xml, name: fixture)
                #expect(reparsed.root?.outerXML == XMLSupportDocument(copying: root).root?.outerXML || reparsed.root?.textContent == root.textContent)
                #expect(reparsed.root?.elementChildren.count == root.elementChildren.count)
                #expect(b.converted == .success("\(a.header.identifier) \(root.qualifiedName) \(root.elementChildren.count)"))
            }
        }
    }

    @Test func namespacesDeclaredOnlyOnTheEnvelopeAreDeclaredOnThePayload() throws {
        let page = """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:unused="urn:unused">\
            <responseDate>2020-01-01</responseDate><ListRecords><record><header><identifier>oai:x:1</identifier>\
            <datestamp>2020-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" \
            xsi:schemaLocation="a b"><dc:title>T</dc:title></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>
            """
        let record = try #require(try OAIResponseParser.parse(Array(page.utf8), converter: Self.converter).response.records.first)
        let xml = try #require(record.metadataXML)
        #expect(xml.contains(#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#))
        #expect(xml.contains(#"xmlns:dc="http://purl.org/dc/elements/1.1/""#))
        #expect(!xml.contains("urn:unused"))
        #expect(!xml.contains(#"xmlns="http://www.openarchives.org/OAI/2.0/""#))
        let standalone = try XMLSupportDocument(parsing: xml)
        #expect(standalone.root?.attribute("schemaLocation", namespace: "http://www.w3.org/2001/XMLSchema-instance") == "a b")
        #expect(standalone.root?.elementChildren.first?.namespaceURI == "http://purl.org/dc/elements/1.1/")
    }

    @Test func converterFailuresAreKeptPerRecord() throws {
        struct Refused: Error {}
        let body = Array(try Fixtures.data("oai-pmh/pyoai-erasmus/ListRecords_oai_dc_from_2003-04-10.xml"))
        let records = try OAIResponseParser.parse(body, converter: { _, _ in throw Refused() }).response.records
        #expect(records.count == 16)
        #expect(records.allSatisfy { if case .failure = $0.converted { return $0.metadataXML != nil } else { return false } })
    }
}
