import Foundation
import Testing
import TestSupport
import XMLSupport
@testable import EDM

@Suite struct ConversionTests {
    @Test func valueShapesNestedNodesAndUnknownNamespaces() throws {
        let xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:D="http://purl.org/dc/elements/1.1/" \
            xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#" xmlns:edm="http://www.europeana.eu/schemas/edm/" \
            xmlns:x="urn:example:x" xmlns:q="http://www.w3.org/ns/dqv#">\
            <edm:ProvidedCHO rdf:about="cho/1"/>\
            <edm:Place rdf:about="place/1"><geo:lat>48.2</geo:lat><x:note x:kind="a">n "1" \\ é</x:note></edm:Place>\
            <edm:WebResource rdf:about="wr/1"><D:title xml:lang="de">Titel</D:title><D:title>Plain</D:title>\
            <edm:rights rdf:resource="http://r/1"/><x:size rdf:datatype="http://www.w3.org/2001/XMLSchema#long">12</x:size>\
            <D:title>Again</D:title>\
            <edm:hasQualityAnnotation><q:QualityAnnotation rdf:about="qa/1"><x:score>5</x:score></q:QualityAnnotation></edm:hasQualityAnnotation>\
            <edm:hasQualityAnnotation><q:QualityAnnotation><x:score>7</x:score></q:QualityAnnotation></edm:hasQualityAnnotation>\
            </edm:WebResource></rdf:RDF>
            """
        let json = try RecordConverter.json(metadataXML: xml, identifier: "oai:x:1", sets: ["a b", "c&d"])
        #expect(json == ##"{"edm:ProvidedCHO":[{"@about":"cho/1"}],"edm:Place":[{"@about":"place/1","wgs84:lat":["48.2"],"##
            + ##""x:note":[{"#value":"n \"1\" \\ é","@x:kind":"a"}]}],"##
            + ##""dqv:QualityAnnotation":[{"@about":"qa/1","x:score":["5"]},{"@about":"_:b1","x:score":["7"]}],"##
            + ##""edm:WebResource":[{"@about":"wr/1","dc:title":[{"@lang":"de","#value":"Titel"},"Plain","Again"],"##
            + ##""edm:rights":[{"@resource":"http://r/1"}],"x:size":[{"#value":"12","@datatype":"http://www.w3.org/2001/XMLSchema#long"}],"##
            + ##""edm:hasQualityAnnotation":[{"@resource":"qa/1"},{"@resource":"_:b1"}]}],"##
            + ##""identifier":"oai:x:1","sets":["a b","c&d"]}"##)
        // The output is valid JSON.
        _ = try jsonObject(json)
    }

    @Test func oaiDublinCore() throws {
        let xml = """
            <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y">\
            <dc:title>Sample Title</dc:title><dc:creator>某人</dc:creator><dc:description xml:lang="eng">Lorem\n ipsum</dc:description>\
            <dc:creator>John\tDoe</dc:creator></oai_dc:dc>
            """
        let json = try RecordConverter.json(metadataXML: xml, identifier: "oai:test:1", sets: [])
        #expect(json == ##"{"dc:title":["Sample Title"],"dc:creator":["某人","John\tDoe"],"##
            + ##""dc:description":[{"@lang":"eng","#value":"Lorem\n ipsum"}],"identifier":"oai:test:1","sets":[]}"##)
    }

    @Test func longTextIsEscapedExactlyAcrossEveryChunk() throws {
        // Text of 10,000+ bytes (the writer escapes in 4 KiB steps): quotes, backslashes, tabs, returns, newlines
        // and multi-byte UTF-8 spread over the step boundaries.
        var text = ""
        for index in 0..<1_300 { text += index % 97 == 0 ? "é\"\\\t" : index % 89 == 0 ? "\r\n" : "abcdefg " }
        text += "end"
        let escapedForXML = text.replacingOccurrences(of: "\r", with: "&#13;").replacingOccurrences(of: "\t", with: "&#9;")
        let xml = #"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>"#
            + escapedForXML + "</dc:description></oai_dc:dc>"
        let json = try RecordConverter.json(metadataXML: xml, identifier: "oai:long:1", sets: [])
        var expected = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": expected += "\\\""
            case "\\": expected += "\\\\"
            case "\n": expected += "\\n"
            case "\r": expected += "\\r"
            case "\t": expected += "\\t"
            default: expected.unicodeScalars.append(scalar)
            }
        }
        #expect(json == #"{"dc:description":[""# + expected + #""],"identifier":"oai:long:1","sets":[]}"#)
        let object = try jsonObject(json)
        #expect((object["dc:description"] as? [String])?.first == text)
    }

    @Test func controlCharactersBecomeUnicodeEscapes() throws {
        // XML 1.0 forbids most control characters in the metadata; the identifier and sets (from the header) reach
        // the JSON writer's \u00XX path.
        let json = try RecordConverter.json(metadataXML: "<a xmlns='urn:x'><b>x</b></a>", identifier: "id\u{01}\u{1F}\"", sets: ["s\\"])
        #expect(json.hasSuffix(#""identifier":"id\u0001\u001f\"","sets":["s\\"]}"#))
        _ = try jsonObject(json)
    }

    @Test func malformedMetadataNamesTheRecord() {
        #expect(throws: ConversionError.self) {
            try RecordConverter.json(metadataXML: "<rdf:RDF xmlns:rdf='x'><a>", identifier: "oai:bad:1", sets: [])
        }
        do {
            _ = try RecordConverter.json(metadataXML: "<a><b></a>", identifier: "oai:bad:2", sets: [])
        } catch {
            #expect(error.description.hasPrefix("oai:bad:2: metadata is not well-formed XML: line 1"))
        }
    }

    @Test func metadataNestedTooDeepIsRefusedNotRecursedInto() throws {
        let depth = 10_000
        let deep = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:x='urn:x'><rdf:Description>"
            + String(repeating: "<x:p><rdf:Description>", count: depth) + String(repeating: "</rdf:Description></x:p>", count: depth)
            + "</rdf:Description></rdf:RDF>"
        #expect(throws: ConversionError.tooDeep(identifier: "oai:deep:1", limit: 256)) {
            try RecordConverter.json(metadataXML: deep, identifier: "oai:deep:1", sets: [])
        }
        #expect(ConversionError.tooDeep(identifier: "oai:deep:1", limit: 256).description
            == "oai:deep:1: metadata nests elements deeper than 256 levels")
        // At the limit itself the record converts.
        let levels = (XMLTree.maximumDepth - 2) / 2
        let atLimit = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:x='urn:x'><rdf:Description>"
            + String(repeating: "<x:p><rdf:Description>", count: levels) + String(repeating: "</rdf:Description></x:p>", count: levels)
            + "</rdf:Description></rdf:RDF>"
        #expect(try RecordConverter.json(metadataXML: atLimit, identifier: "oai:deep:2", sets: []).hasPrefix("{"))
    }

    @Test(arguments: [
        "oai-pmh-xml/00101_2F29675EB2C8ADFFA488087DB15C5C479C95A2C3.xml",
        "oai-pmh-xml/2048081__O_532.xml",
        "oai-pmh-xml/92062_BibliographicResource_1000126015451.xml",
        "oai-pmh-xml/92064_bildarchivaustria_Preview_305640.xml",
    ])
    func fixturesConvertWithoutLoss(_ fixture: String) throws {
        let payload = try getRecordPayload(fixture)
        let json = try jsonObject(try RecordConverter.json(metadata: payload.root, identifier: payload.identifier, sets: payload.sets))
        #expect(propertyValues(in: payload.root) == jsonValueCount(json))
    }

    @Test func providerEDMConvertsWithoutLoss() throws {
        let document = try XMLDocument(parsing: try Fixtures.data("edm/provider-edm-xml/ddb_6CBBVXI47RCZPIL732MDEO3JRLAX4J6N_europeana-edm.xml"))
        let root = try #require(document.root)
        let json = try jsonObject(try RecordConverter.json(metadata: root, identifier: "ddb:1", sets: []))
        #expect(propertyValues(in: root) == jsonValueCount(json))
        #expect((json["edm:ProvidedCHO"] as? [[String: Any]])?.first?["dc:title"] != nil)
    }

    @Test func sampleRecordsAreDeterministicAndConvert() throws {
        let records = SampleRecords.make(count: 300, seed: 7)
        #expect(records.prefix(3).map(\.identifier) == ["oai:thresher.sample:1", "oai:thresher.sample:2", "oai:thresher.sample:3"])
        #expect(records == SampleRecords.make(count: 300, seed: 7))
        #expect(records != SampleRecords.make(count: 300, seed: 8))
        #expect(Set(records.flatMap(\.sets)) == Set(SampleRecords.sets))
        let deleted = records.filter(\.deleted)
        #expect(!deleted.isEmpty && deleted.allSatisfy { $0.metadataXML.isEmpty })
        let sizes = records.filter { !$0.deleted }.map(\.metadataXML.utf8.count)
        #expect((sizes.min() ?? 0) > 1_000 && (sizes.max() ?? 0) > 5_000)
        for record in records where !record.deleted {
            let json = try RecordConverter.json(metadataXML: record.metadataXML, identifier: record.identifier, sets: record.sets)
            let object = try jsonObject(json)
            #expect(object["ore:Proxy"] != nil && object["ore:Aggregation"] != nil)
        }
    }
}

/// Property values in RDF/XML: element children of class nodes, nested class nodes counted through.
func propertyValues(in root: XMLNode) -> Int {
    var count = 0
    func node(_ element: XMLNode) {
        count += element.attributes.filter { $0.localName != "about" }.count
        for property in element.elementChildren {
            count += 1
            for nested in property.elementChildren { node(nested) }
        }
    }
    for element in root.elementChildren { node(element) }
    return count
}

/// Values in the JSON shape: array items of properties plus non-@about attributes of objects.
func jsonValueCount(_ json: [String: Any]) -> Int {
    var count = 0
    for (key, value) in json where key != "identifier" && key != "sets" {
        for object in value as? [[String: Any]] ?? [] {
            for (property, values) in object where property != "@about" {
                count += property.hasPrefix("@") ? 1 : (values as? [Any])?.count ?? 1
            }
        }
    }
    return count
}
