import Foundation
import Testing
import TestSupport
import XMLSupport
@testable import EDM

/// The edge cases of the converter, as small documents.
let converterEdgeCases: [String] = [
    #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:edm="http://www.europeana.eu/schemas/edm/" xmlns:x="urn:x"><edm:ProvidedCHO rdf:about="a" x:k="v" about="plain"><dc:title rdf:parseType="Literal">before<x:b x:q="1">bold <x:i>it</x:i></x:b> mid <x:c/>after</dc:title><dc:subject rdf:parseType="Resource"><x:label xml:lang="en">L</x:label><x:n rdf:resource="r1?a=1&amp;b=&#38;&lt;"/><x:deep rdf:parseType="Resource"><x:z>z</x:z></x:deep></dc:subject><dc:rel><edm:Agent rdf:nodeID="n1"><x:name>N</x:name></edm:Agent><edm:Agent rdf:about="ag2"/><edm:Place/></dc:rel><dc:date rdf:datatype="http://www.w3.org/2001/XMLSchema#date" xml:lang="de" x:extra="e">2020</dc:date><dc:creator rdf:resource="c1" xml:lang="fr" x:extra="e2"/><dc:empty/><dc:mixed>one<x:in>two</x:in>three</dc:mixed><rdf:Description rdf:about="d1"><x:p>p</x:p></rdf:Description></edm:ProvidedCHO><rdf:Description rdf:about="d2"/><edm:Place rdf:nodeID="pl"><x:q>&amp;&lt;&gt;&quot;&#x9;&#38;&#x10FFFF;</x:q></edm:Place></rdf:RDF>"#,
    #"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b" lang="root"><dc:title lang="nolang" xml:lang="en">T &amp; U</dc:title><dc:title>plain</dc:title><dc:x a="1" b="2">v</dc:x><dc:nested k="v"><dc:a>1</dc:a><dc:b xml:lang="de">2</dc:b><dc:c><dc:d>deep</dc:d></dc:c></dc:nested><dc:title xml:lang="fr"><![CDATA[<cdata> & text]]></dc:title></oai_dc:dc>"#,
    #"<edm:ProvidedCHO xmlns:edm="http://www.europeana.eu/schemas/edm/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="single"><dc:title>One</dc:title></edm:ProvidedCHO>"#,
    #"<record xmlns="urn:marc"><leader>00000</leader><field tag="245"><sub code="a">Title</sub></field></record>"#,
    #"<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>no about</dc:title></rdf:Description>"#,
    #"<plain><a>1</a><b/><c x="y"/></plain>"#,
    #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:D="http://purl.org/dc/elements/1.1/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:edm="http://www.europeana.eu/schemas/edm/"><edm:WebResource rdf:about="w"><D:title>a</D:title><dc:title>b</dc:title><D:format>f</D:format></edm:WebResource><edm:WebResource rdf:about="w2"/><rdf:Description rdf:about="x"/></rdf:RDF>"#,
]

/// Every conversion the first converter made (Tests/Fixtures/edm/converter-golden.tsv), made again.
@Suite struct ConverterGoldenTests {
    /// The golden lines' sources with their metadata roots, identifiers and sets, in the file's order.
    static func inputs() throws -> [(source: String, root: XMLNode, identifier: String, sets: [String])] {
        var result: [(String, XMLNode, String, [String])] = []
        for fixture in ["oai-pmh-xml/00101_2F29675EB2C8ADFFA488087DB15C5C479C95A2C3.xml", "oai-pmh-xml/2048081__O_532.xml",
                        "oai-pmh-xml/92062_BibliographicResource_1000126015451.xml", "oai-pmh-xml/92064_bildarchivaustria_Preview_305640.xml"] {
            let payload = try getRecordPayload(fixture)
            result.append((fixture, payload.root, payload.identifier, payload.sets))
        }
        let provider = try XMLDocument(parsing: try Fixtures.data("edm/provider-edm-xml/ddb_6CBBVXI47RCZPIL732MDEO3JRLAX4J6N_europeana-edm.xml"))
        result.append(("provider-edm-xml", try #require(provider.root), "ddb:1", []))
        for (n, xml) in converterEdgeCases.enumerated() {
            let document = try XMLDocument(parsing: xml)
            result.append(("edge-\(n)", try #require(document.root), "edge:\(n)", ["s \(n)", "t&u"]))
        }
        for record in SampleRecords.make(count: 40, seed: 11) where !record.deleted {
            let document = try XMLDocument(parsing: record.metadataXML)
            result.append(("sample", try #require(document.root), record.identifier, record.sets))
        }
        return result
    }

    static func golden() throws -> [(source: String, identifier: String, json: String)] {
        try Fixtures.string("edm/converter-golden.tsv").split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]), String(parts[2]))
        }
    }

    @Test func documentTreesConvertAsBefore() throws {
        let inputs = try Self.inputs()
        let golden = try Self.golden()
        #expect(inputs.count == golden.count)
        for (input, expected) in zip(inputs, golden) {
            #expect(input.source == expected.source && input.identifier == expected.identifier)
            let json = try RecordConverter.json(metadata: input.root, identifier: input.identifier, sets: input.sets)
            #expect(json == expected.json, "\(input.source) \(input.identifier)")
            // The same from the XML text, read in one streaming pass (or as a document when it has XML literals).
            let fromText = try RecordConverter.json(metadataXML: input.root.outerXML, identifier: input.identifier, sets: input.sets)
            #expect(fromText == expected.json, "\(input.source) \(input.identifier) from text")
        }
    }
}
