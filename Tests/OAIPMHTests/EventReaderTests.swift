import Foundation
import Testing
import TestSupport
import XMLSupport
import EDM
import ThresherCore
@testable import OAIPMH

/// The one-pass event reader against the tree reader: same responses, payload trees and payload XML.
@Suite struct EventReaderTests {
    /// A converter whose output is the payload tree's canonical form.
    static let dump: PayloadConverter = { tree, header in "\(header.identifier) \(tree)" }

    /// Every OAI-PMH fixture page.
    static let fixtures: [String] = {
        let root = Fixtures.url("oai-pmh")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "xml" } ?? []
        return files.map { String($0.path.dropFirst(Fixtures.root.path.count + 1)) }.sorted()
    }()

    static func parse(_ body: [UInt8], method: OAIResponseParser.Method) -> Result<(OAIResponse, [OAIError]), OAIResponseParser.Failure> {
        Result { () throws(OAIResponseParser.Failure) in
            let parsed = try OAIResponseParser.parse(body, name: "page", converter: dump, method: method)
            return (parsed.response, parsed.errors)
        }
    }

    /// The canonical tree of standalone XML.
    static func tree(_ xml: String) throws -> String {
        let document = try XMLDocument(parsing: xml, name: "payload")
        return XMLTree(node: try #require(document.root)).description
    }

    static func expectSame(_ body: [UInt8], _ label: String) throws {
        let events = parse(body, method: .automatic)
        let trees = parse(body, method: .treeReader)
        switch (events, trees) {
        case (.success(let a), .success(let b)):
            let (x, y) = (a.0, b.0)
            #expect(a.1 == b.1, "\(label): errors")
            #expect(x.responseDate == y.responseDate && x.identify == y.identify && x.headers == y.headers, "\(label)")
            #expect(x.sets == y.sets && x.metadataFormats == y.metadataFormats && x.resumptionToken == y.resumptionToken, "\(label)")
            #expect(x.repairs == y.repairs, "\(label): repairs")
            #expect(x.records.count == y.records.count, "\(label): records")
            for (r, s) in zip(x.records, y.records) {
                #expect(r.header == s.header, "\(label)")
                #expect(r.converted == s.converted, "\(label) \(r.header.identifier): payload tree")
                #expect((r.metadataXML == nil) == (s.metadataXML == nil), "\(label)")
                if let xml = r.metadataXML, let other = s.metadataXML {
                    #expect(try tree(xml) == tree(other), "\(label) \(r.header.identifier): payload XML")
                }
            }
        case (.failure(let a), .failure(let b)):
            // Both fail (and are retried alike). A body that is malformed and has a foreign root may be named
            // either way: the event reader calls every malformed body malformed, the tree reader may stop at
            // the root first.
            switch (a, b) {
            case (.notOAIPMH, .notOAIPMH), (.malformed, .malformed), (.malformed, .notOAIPMH): break
            default: Issue.record("\(label): \(a) versus \(b)")
            }
        default:
            Issue.record("\(label): \(events) versus \(trees)")
        }
    }

    @Test func everyFixturePageReadsAsWithTheTreeReader() throws {
        #expect(Self.fixtures.count > 30)
        for fixture in Self.fixtures {
            try Self.expectSame(Array(try Fixtures.data(fixture)), fixture)
        }
    }

    @Test func utf8PagesStreamOthersUseTheTreeReader() {
        #expect(OAIResponseParser.isStreamable(Array(#"<?xml version="1.0" encoding="UTF-8"?><OAI-PMH/>"#.utf8)))
        #expect(OAIResponseParser.isStreamable(Array("<!-- c --><?pi x?>\n<OAI-PMH/>".utf8)))
        #expect(OAIResponseParser.isStreamable(Array("<OAI-PMH/>".utf8)))
        #expect(!OAIResponseParser.isStreamable(Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><OAI-PMH/>"#.utf8)))
        #expect(!OAIResponseParser.isStreamable(Array(#"<?xml version='1.0' encoding='us-ascii'?><OAI-PMH/>"#.utf8)))
        #expect(!OAIResponseParser.isStreamable(Array(#"<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY e "x">]><OAI-PMH/>"#.utf8)))
    }

    @Test func tokenNumbersOutsideTheSchemaAreNoNumbers() throws {
        for (cursor, size, expected) in [("0", "10", (Int?(0), Int?(10))), ("-1", "-5", (nil, nil)), ("3", "0", (3, nil)),
                                         (" 7 ", "99999999999999999999", (7, nil)), ("x", "", (nil, nil))] {
            let body = Array(#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListIdentifiers><header><identifier>a</identifier><datestamp>2024-01-01</datestamp></header><resumptionToken cursor="\#(cursor)" completeListSize="\#(size)">t</resumptionToken></ListIdentifiers></OAI-PMH>"#.utf8)
            for method in [OAIResponseParser.Method.automatic, .treeReader] {
                let token = try #require(try OAIResponseParser.parse(body, converter: Self.dump, method: method).response.resumptionToken)
                #expect(token.cursor == expected.0 && token.completeListSize == expected.1)
            }
        }
    }

    @Test func anEmptyOrRepeatedSetSpecAddsNoMembership() throws {
        let body = Array(#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp><setSpec>A</setSpec><setSpec></setSpec><setSpec> A </setSpec><setSpec>B</setSpec><setSpec>  </setSpec></header><metadata><a/></metadata></record></ListRecords></OAI-PMH>"#.utf8)
        try Self.expectSame(body, "set specs")
        for method in [OAIResponseParser.Method.automatic, .treeReader] {
            let record = try #require(try OAIResponseParser.parse(body, converter: Self.dump, method: method).response.records.first)
            #expect(record.header.setSpecs == ["A", "B"])
        }
    }

    @Test func latin1PagesAreReadAsUTF8() throws {
        var body = Array(#"<?xml version="1.0" encoding='ISO-8859-1'?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>oai:x:M"#.utf8)
        body.append(0xFC)  // ü
        body += Array(#"</identifier><datestamp>2024-01-01</datestamp></header><metadata><x:a xmlns:x="urn:x" x:k="caf"#.utf8)
        body.append(0xE9)  // é
        body += Array(#"">Gr"#.utf8)
        body.append(0xFC)
        body += Array("n!</x:a></metadata></record></ListRecords></OAI-PMH>".utf8)
        try Self.expectSame(body, "ISO-8859-1 page")
        let record = try #require(try OAIResponseParser.parse(body, converter: Self.dump).response.records.first)
        #expect(record.header.identifier == "oai:x:Mü")
        #expect(record.metadataXML == #"<x:a xmlns:x="urn:x" x:k="café">Grün!</x:a>"#)
        #expect(record.converted == .success(#"oai:x:Mü {urn:x}a[@{urn:x}k="café" ]"Grün!"()"#))
        // Other encodings are left to libxml2's decoders in the tree reader.
        #expect(PageEncoding.utf8(fromLatin1: Array(#"<?xml version="1.0" encoding="windows-1252"?><a/>"#.utf8)) == nil)
        #expect(PageEncoding.utf8(fromLatin1: Array(#"<?xml version="1.0"?><a/>"#.utf8)) == nil)
        #expect(PageEncoding.utf8(fromLatin1: Array(#"<?xml version="1.0" encoding="latin1"?><a>"#.utf8) + [0xE9, 0x3C, 0x2F, 0x61, 0x3E])
            == Array(#"<?xml version="1.0" encoding="UTF-8"?><a>é</a>"#.utf8))
    }

    static func page(_ metadata: String, envelope: String = "") -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \(envelope)><responseDate>2024-01-01T00:00:00Z</responseDate>\
            <request verb="ListRecords">http://x/oai</request><ListRecords><record><header><identifier>oai:x:1</identifier>\
            <datestamp>2024-01-01</datestamp><setSpec>a b</setSpec></header><metadata>\(metadata)</metadata></record>\
            <resumptionToken cursor="0" completeListSize="9">t1</resumptionToken></ListRecords></OAI-PMH>
            """.utf8)
    }

    @Test(arguments: [
        // What may stand before the payload inside <metadata>.
        #"  <!-- a > b --> <?pi x > y?> <x:a xmlns:x="urn:x">1</x:a>"#,
        #"<![CDATA[ <not:an element="x"/> ]]><x:a xmlns:x="urn:x">1</x:a>"#,
        // An empty payload, a '>' inside an attribute value, entities and character references.
        #"<x:a xmlns:x="urn:x"/>"#,
        #"<x:a xmlns:x="urn:x" x:q="1 > 0 &amp; &#38; &lt;&#x9;">t &amp; &#233; <![CDATA[<c>]]></x:a>"#,
        // Namespaces the payload inherits from the envelope: the default one, xsi, one on an ancestor.
        #"<dc><title>Unprefixed, in the OAI namespace</title></dc>"#,
        #"<x:a xmlns:x="urn:x" xsi:schemaLocation="urn:x x.xsd"><x:b/></x:a>"#,
        #"<y:a xmlns:x="urn:x" x:k="v"><y:b/></y:a>"#,
        // A prefix the payload redeclares below its root is not the envelope's.
        #"<x:a xmlns:x="urn:x"><x:b xmlns:xsi="urn:other" xsi:t="1"/></x:a>"#,
        // RDF with an XML literal (read again as a document for its markup).
        #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="a"><dc:title rdf:parseType="Literal">x<b>bold</b></dc:title></rdf:Description></rdf:RDF>"#,
        // A second element after the payload is skipped, as the tree reader does.
        #"<x:a xmlns:x="urn:x">1</x:a><x:b xmlns:x="urn:x">2</x:b>"#,
    ])
    func payloadsReadAsWithTheTreeReader(_ metadata: String) throws {
        let body = Self.page(metadata, envelope: #"xmlns:y="urn:y" xmlns:x="urn:ancestor""#)
        try Self.expectSame(body, metadata)
        let record = try #require(try OAIResponseParser.parse(body, converter: Self.dump).response.records.first)
        let xml = try #require(record.metadataXML)
        // The payload XML is the page's own bytes, standing alone.
        _ = try Self.tree(xml)
        #expect(xml.hasPrefix("<"))
        #expect(!xml.contains("<not:an") && !xml.contains("<!--") && !xml.contains("resumptionToken"))
    }

    @Test func aPayloadBeforeItsHeaderIsConvertedWithTheHeader() throws {
        let body = Array("""
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><metadata><x:a xmlns:x="urn:x">1</x:a></metadata>\
            <header><identifier>oai:x:late</identifier><datestamp>2024-01-01</datestamp></header></record></ListRecords></OAI-PMH>
            """.utf8)
        try Self.expectSame(body, "header after metadata")
        let record = try #require(try OAIResponseParser.parse(body, converter: Self.dump).response.records.first)
        #expect(record.converted == .success(#"oai:x:late {urn:x}a[]"1"()"#))
    }

    @Test func inheritedNamespacesAreDeclaredOnThePayloadRoot() throws {
        let body = Self.page(#"<dc><title xsi:type="t">T</title></dc>"#)
        let record = try #require(try OAIResponseParser.parse(body, converter: Self.dump).response.records.first)
        #expect(record.metadataXML == #"<dc xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><title xsi:type="t">T</title></dc>"#)
        let own = try #require(try OAIResponseParser.parse(Self.page(#"<a xmlns="urn:a">1</a>"#), converter: Self.dump).response.records.first)
        #expect(own.metadataXML == #"<a xmlns="urn:a">1</a>"#)
    }

    @Test func attributeEntitiesAreResolvedInTrees() throws {
        let body = Self.page(#"<x:a xmlns:x="urn:x" k="a&amp;b &#38; &lt;c&gt; &quot;"/>"#)
        let record = try #require(try OAIResponseParser.parse(body, converter: Self.dump).response.records.first)
        #expect(record.converted == .success(#"oai:x:1 {urn:x}a[@{}k="a&b & <c> \"" ]""()"#))
    }

    @Test func malformedAndForeignPagesFailAsWithTheTreeReader() {
        let malformed = Array(Self.page("<x:a xmlns:x='urn:x'>").dropLast(20))
        #expect(throws: OAIResponseParser.Failure.self) { try OAIResponseParser.parse(malformed, converter: Self.dump) }
        if case .failure(.malformed(let message)) = Self.parse(malformed, method: .automatic) {
            #expect(message.hasPrefix("line 1, column"))
        } else {
            Issue.record("a truncated page is malformed")
        }
        let foreign = Array(#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>"#.utf8)
        #expect(throws: OAIResponseParser.Failure.notOAIPMH("the root element is <feed> in namespace http://www.w3.org/2005/Atom")) {
            try OAIResponseParser.parse(foreign, converter: Self.dump)
        }
        let html = Array("<html><body><p>Service Unavailable</body></html>".utf8)
        #expect(throws: OAIResponseParser.Failure.self) { try OAIResponseParser.parse(html, converter: Self.dump) }
    }

    /// Damaged pages (bytes flipped, cut, repeated; seeded, so the same every run) never crash either reader,
    /// and both readers agree on what they hold.
    @Test func damagedPagesReadAsWithTheTreeReader() throws {
        var random = SplitMix64(seed: 42)
        let sources = try ["oai-pmh/sickle-samples/ListRecords_with_deleted_record.xml", "oai-pmh/europeana-api/GetRecord_edm.xml",
                       "oai-pmh/zenodo/ListRecords_oai_dc_page2_trimmed.xml"].map { Array(try Fixtures.data($0)) }
        let alphabet = Array("<>/&;=\"' :x#\u{0}\u{1}é".utf8)
        for round in 0..<400 {
            var page = sources[round % sources.count]
            for _ in 0..<(1 + Int(random.nextUInt64() % 4)) {
                guard !page.isEmpty else { break }
                let at = Int(random.nextUInt64() % UInt64(page.count))
                switch random.nextUInt64() % 4 {
                case 0: page[at] = alphabet[Int(random.nextUInt64() % UInt64(alphabet.count))]
                case 1: page.removeSubrange(at..<min(page.count, at + Int(random.nextUInt64() % 40)))
                case 2: page.insert(contentsOf: page[at..<min(page.count, at + Int(random.nextUInt64() % 60))], at: at)
                default: page = Array(page[..<at])
                }
            }
            try Self.expectSame(page, "damaged page \(round)")
        }
    }

    /// A large page (2,000 sample records, ≈6 MB): every payload's XML is exactly the bytes the repository sent.
    @Test func payloadBytesAreExactAcrossALargePage() throws {
        let samples = SampleRecords.make(count: 2_000, seed: 3)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>"#
        for sample in samples {
            let sets = sample.sets.map { "<setSpec>\($0.replacingOccurrences(of: "&", with: "&amp;"))</setSpec>" }.joined()
            let header = "<header\(sample.deleted ? #" status="deleted""# : "")><identifier>\(sample.identifier)</identifier>"
                + "<datestamp>\(sample.datestamp)</datestamp>\(sets)</header>"
            xml += "<record>\(header)" + (sample.deleted ? "" : "\n  <metadata>\n    \(sample.metadataXML)\n  </metadata>") + "</record>\n"
        }
        xml += "</ListRecords></OAI-PMH>"
        let records = try OAIResponseParser.parse(Array(xml.utf8), converter: Self.dump).response.records
        #expect(records.count == samples.count)
        for (record, sample) in zip(records, samples) {
            #expect(record.header.identifier == sample.identifier && record.header.setSpecs == sample.sets)
            #expect(record.metadataXML == (sample.deleted ? nil : sample.metadataXML), "\(sample.identifier)")
        }
    }

    @Test func utf16PagesAreReadInEitherByteOrder() throws {
        let text = String(decoding: Self.page(#"<x:a xmlns:x="urn:x" x:k="café">Grün 𝄞</x:a>"#), as: UTF8.self)
            .replacingOccurrences(of: #"encoding="UTF-8""#, with: #"encoding="UTF-16""#)
        let units = Array(text.utf16)
        let little = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for (label, body) in [("LE with BOM", [0xFF, 0xFE] + little), ("BE with BOM", [0xFE, 0xFF] + big), ("LE", little), ("BE", big)] {
            let parsed = try OAIResponseParser.parse(body, converter: Self.dump)
            let record = try #require(parsed.response.records.first, "\(label)")
            #expect(record.header.identifier == "oai:x:1", "\(label)")
            #expect(record.metadataXML == #"<x:a xmlns:x="urn:x" x:k="café">Grün 𝄞</x:a>"#, "\(label)")
            #expect(parsed.response.resumptionToken?.value == "t1", "\(label)")
        }
        #expect(PageEncoding.utf8(fromUTF16: Array("<?xml version='1.0'?><a/>".utf8)) == nil)
    }

    @Test func aRecordNestedTooDeepKeepsItsBytesAndATruncatedTree() throws {
        let deep = #"<x:a xmlns:x="urn:x">"# + String(repeating: "<x:a>", count: 10_000) + String(repeating: "</x:a>", count: 10_000) + "</x:a>"
        let records = try OAIResponseParser.parse(Self.page(deep), converter: { tree, _ in "\(tree.isTruncated) \(tree.count)" })
            .response.records
        #expect(records.count == 1)
        #expect(records.first?.metadataXML == deep)
        #expect(records.first?.converted == .success("true \(XMLTree.maximumDepth)"))
    }

    @Test func converterFailuresStayWithTheirRecords() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let body = Self.page(#"<x:a xmlns:x="urn:x"/>"#)
        let record = try #require(try OAIResponseParser.parse(body, converter: { _, _ in throw Refused() }).response.records.first)
        #expect(record.converted == .failure(PayloadConversionFailure(message: "refused")))
        #expect(record.metadataXML == #"<x:a xmlns:x="urn:x"/>"#)
    }
}
