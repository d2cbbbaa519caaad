import Foundation
import RecordStore
import Testing
import TestSupport
@testable import Pipeline

/// Cleanse over small stores built here: exact views of real fixture records, normalisation, rejections with their
/// reasons, the require list, and incremental runs.
@Suite struct CleanseRunTests {
    typealias V = CleansedRecord.Value
    static let onb = "http://data.europeana.eu/item/92062/BibliographicResource_1000126015451"
    static let herbarium = "http://data.europeana.eu/item/2023829/0003BD0E39A5AD674A1682C144699B279C7EF163"

    /// The ÖNB reference record (JSON) and the first herbarium record, as harvested.
    static func fixtureStore() throws -> CleanseTestStore {
        let test = try CleanseTestStore()
        try test.put(onb, json: try Fixtures.string("edm/oai-pmh-json/92062_BibliographicResource_1000126015451.json"),
                     datestamp: "2014-10-04T17:34:06Z")
        let line = try Fixtures.string("quality/2023829_LinkedHeritage_Herbarium_10records.jsonl").split(separator: "\n")[0]
        try test.put(herbarium, json: String(line), datestamp: "2016-05-02T10:00:00Z")
        return test
    }

    @Test func realRecordsGiveExactViews() throws {
        let test = try Self.fixtureStore()
        let summary = try test.run()
        #expect(summary.processed == 2 && summary.accepted == 2 && summary.rejected == 0 && summary.unchanged == 0)
        #expect(summary.views == 2 && summary.rejectedInStore == 0 && !summary.nothingChanged)
        // The provider proxy's values (the Europeana proxy's dbpedia subject left out), the duplicate "Weitere" once,
        // language tags beside the text; the language from the Europeana aggregation when the proxy has none.
        #expect(try test.view(Self.onb) == CleansedRecord(guid: Self.onb, datestamp: "2014-10-04T17:34:06Z", fields: [
            "title": [V("Pyrker-Oberwart, Johann Ladislaus", lang: "de")],
            "subject": [V("Persönlichkeiten", lang: "de"), V("Porträt", lang: "de"), V("Weitere", lang: "de"), V("Portrait", lang: "en")],
            "type": [V("IMAGE")],
            "language": [V("de")],
            "rights": [V("http://creativecommons.org/publicdomain/mark/1.0/")],
            "dataProvider": [V("Österreichische Nationalbibliothek - Austrian National Library")],
            "provider": [V("The European Library", lang: "en")],
            "isShownAt": [V("http://www.bildarchivaustria.at/TELRequest.aspx?p_ImageID=3480072")],
            "image": [V("http://www.bildarchivaustria.at/Preview/3480072.jpg")],
        ]))
        #expect(try test.view(Self.herbarium) == CleansedRecord(guid: Self.herbarium, datestamp: "2016-05-02T10:00:00Z", fields: [
            "title": [V("Nasturtium officinale")],
            "description": [V("Famiglia: Cruciferae; Genere: Nasturtium; Specie: officinale R. Br."),
                            V("Repository/Location: Erbario - Museo di Botanica- Sapienza University Rome")],
            "type": [V("IMAGE")],
            "language": [V("it")],
            "rights": [V("http://www.europeana.eu/rights/rr-f/")],
            "dataProvider": [V("Erbario - Museo di Botanica- Sapienza University Rome")],
            "provider": [V("Linked Heritage")],
            "isShownAt": [V("http://www.musei.uniroma1.it/erbario/catalogo/gestionedb/scheda.asp?inventario=2919")],
            "image": [V("http://www.musei.uniroma1.it/dbinfo/RMSMUS12/JPEG/2919.jpg")],
        ]))
    }

    @Test func aRecordWithoutJSONIsConvertedFromItsXML() throws {
        let test = try CleanseTestStore()
        let page = try Fixtures.string("edm/oai-pmh-xml/92062_BibliographicResource_1000126015451.xml")
        let start = try #require(page.range(of: "<rdf:RDF"))
        let end = try #require(page.range(of: "</rdf:RDF>"))
        try test.put(Self.onb, json: nil, xml: String(page[start.lowerBound..<end.upperBound]), datestamp: "2014-10-04T17:34:06Z")
        let summary = try test.run()
        #expect(summary.accepted == 1)
        let view = try #require(try test.view(Self.onb))
        #expect(view.values("title") == [V("Pyrker-Oberwart, Johann Ladislaus", lang: "de")])
        #expect(view.values("image") == [V("http://www.bildarchivaustria.at/Preview/3480072.jpg")])
        #expect(view.values("subject").count == 4)
    }

    @Test func valuesAreNFCWithWhiteSpaceCollapsedAndEmptyOnesDropped() throws {
        let test = try CleanseTestStore()
        let json = try EDMRecords.json(proxy: [
            "dc:title": [["@lang": " fr ", "#value": "  Cafe\u{301}\u{00A0}au\n\n\tlait  "], "   ", ["@lang": "en", "#value": "\u{2003}"]],
            "dc:creator": ["Ångström,\u{2028}Anders", "A\u{30A}ngstro\u{308}m, Anders"],
            "dc:description": ["line one\r\nline two\u{0007}end"],
        ], aggregation: ["edm:isShownBy": [["@resource": " http://x/1.jpg "]]])
        try test.put("a", json: json)
        _ = try test.run()
        let view = try #require(try test.view("a"))
        #expect(view.values("title") == [V("Café au lait", lang: "fr")])
        #expect(view.values("title")[0].text.unicodeScalars.count == 12)  // é composed
        // Both spellings of Ångström are the same NFC text: one value.
        #expect(view.values("creator") == [V("Ångström, Anders")])
        #expect(view.values("description") == [V("line one line two end")])
        #expect(view.values("image") == [V("http://x/1.jpg")])
        #expect(TextNormalisation.normalise(" \u{00A0}\n ") == "")
        #expect(TextNormalisation.normalise("plain ascii") == "plain ascii")
        #expect(TextNormalisation.normalise("  a \t b  ") == "a b")
    }

    @Test func theProviderProxyIsTheOneNotMarkedAsEuropeanas() throws {
        let test = try CleanseTestStore()
        try test.put("absent", json: try EDMRecords.json(proxy: ["dc:title": ["Provider title"]], europeanaProxy: nil))
        try test.put("false", json: try EDMRecords.json(proxy: ["dc:title": ["Provider title"]]))
        try test.put("none", json: try EDMRecords.json(proxy: [:]))
        _ = try test.run()
        #expect(try test.view("absent")?.values("title") == [V("Provider title")])
        #expect(try test.view("false")?.values("title") == [V("Provider title")])
        #expect(try test.view("none")?.values("title") == [])
        // edm:type falls back to any proxy's (here the Europeana proxy's).
        #expect(try test.view("none")?.values("type") == [V("TEXT")])
    }

    @Test func dateAndImageTakeTheFirstPathWithAValue() throws {
        let test = try CleanseTestStore()
        try test.put("created", json: try EDMRecords.json(proxy: ["dcterms:created": ["1890"], "dcterms:issued": ["1891"]],
                                                          aggregation: ["edm:object": [["@resource": "http://x/thumb.jpg"]]]))
        try test.put("all", json: try EDMRecords.json(proxy: ["dc:date": ["  "], "dcterms:issued": ["1891"], "dcterms:created": ["1890"]],
                                                      aggregation: ["edm:isShownBy": [["@resource": "http://x/full.jpg"]],
                                                                    "edm:object": [["@resource": "http://x/thumb.jpg"]]]))
        try test.put("dc", json: try EDMRecords.json(proxy: ["dc:date": ["1889", ["@lang": "de", "#value": "um 1889"]],
                                                              "dcterms:created": ["1890"]]))
        _ = try test.run()
        #expect(try test.view("created")?.values("date") == [V("1890")])
        #expect(try test.view("created")?.values("image") == [V("http://x/thumb.jpg")])
        // A blank dc:date is no value: dcterms:created is next.
        #expect(try test.view("all")?.values("date") == [V("1890")])
        #expect(try test.view("all")?.values("image") == [V("http://x/full.jpg")])
        #expect(try test.view("dc")?.values("date") == [V("1889"), V("um 1889", lang: "de")])
    }

    @Test func rejectsAreKeptWithTheirReasons() throws {
        let test = try Self.fixtureStore()
        try test.put("bad-json", json: "{\"edm:ProvidedCHO\": [", xml: nil)
        try test.put("bad-both", json: nil, xml: "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><unclosed></rdf:RDF>")
        try test.put("array", json: "[1, 2]")
        try test.put("no-id", json: try EDMRecords.json(proxy: ["dc:title": ["Untitled"]]))
        try test.execute("UPDATE records SET identifier = '  ' WHERE identifier = 'no-id'")
        let summary = try test.run(require: ["title", "image"])
        #expect(summary.processed == 6 && summary.accepted == 2 && summary.rejected == 4)
        #expect(summary.rejectedInStore == 4)
        #expect(try test.rejected(Self.onb) == [])
        #expect(try test.rejected(Self.herbarium) == [])
        #expect(try test.rejected("bad-json") == [
            "unreadable metadata: its JSON is not readable: invalid JSON at line 1, column 22 (byte 21): unexpected end of input"])
        #expect(try test.rejected("bad-both")?.count == 1)
        #expect(try test.rejected("bad-both")?[0].hasPrefix("unreadable metadata: its JSON is missing and its XML does not convert: ") == true)
        #expect(try test.rejected("array") == ["unreadable metadata: its JSON is not an object", ])
        #expect(try test.rejected("  ") == ["no identifier", "missing image"])
        var lines: [String] = []
        try CleanseRun.forEachRejected(store: test.store) { lines.append(CleanseRun.rejectedLine($0)) }
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("bad-json\tunreadable metadata: its JSON is not readable"))
        #expect(lines[2] == "array\tunreadable metadata: its JSON is not an object")
        #expect(lines[3] == "  \tno identifier; missing image")
        // A reject's view is kept when it could be read.
        #expect(try test.view("  ")?.values("title") == [V("Untitled")])
    }

    @Test func aRecordWithoutAnyPayloadIsUnreadable() throws {
        let test = try CleanseTestStore()
        try test.put("empty", json: "{}")
        try test.execute("UPDATE records SET json = NULL, metadata_xml = NULL WHERE identifier = 'empty'")
        _ = try test.run()
        #expect(try test.rejected("empty") == ["unreadable metadata: it has neither JSON nor XML"])
        #expect(try test.store.cleansedViews(identifiers: ["empty"]).first?.view == nil)
    }

    @Test func aSecondRunDoesNothingAndAChangedRecordIsTheOnlyOneRead() throws {
        let test = try Self.fixtureStore()
        try test.put("c", json: try EDMRecords.json(proxy: ["dc:title": ["First"]]))
        let first = try test.run()
        #expect(first.processed == 3 && !first.nothingChanged)
        #expect(try !CleanseRun.needsRun(store: test.store))
        let second = try test.run()
        #expect(second.processed == 0 && second.unchanged == 3 && second.nothingChanged)
        // One record changes: only it is read again.
        try test.put("c", json: try EDMRecords.json(proxy: ["dc:title": ["Second"]]), datestamp: "2024-02-01T00:00:00Z")
        #expect(try CleanseRun.needsRun(store: test.store))
        let third = try test.run()
        #expect(third.processed == 1 && third.unchanged == 2 && !third.nothingChanged)
        #expect(try test.view("c")?.values("title") == [V("Second")])
        #expect(try test.view("c")?.datestamp == "2024-02-01T00:00:00Z")
        // A deleted record's view is dropped.
        try test.delete("c", datestamp: "2024-03-01T00:00:00Z")
        #expect(try CleanseRun.needsRun(store: test.store))
        let fourth = try test.run()
        #expect(fourth.processed == 0 && fourth.dropped == 1 && fourth.views == 2 && !fourth.nothingChanged)
        #expect(try test.view("c") == nil)
        #expect(try test.run().nothingChanged)
    }

    @Test func anotherMappingDerivesEveryViewAgain() throws {
        let test = try Self.fixtureStore()
        _ = try test.run()
        let titles = try CleanseMapping(bytes: Array(#"{"name": "titles", "fields": [{"name": "title", "paths": ["$..['dc:title']"], "use": "all"}]}"#.utf8),
                                        file: "titles.json")
        #expect(try CleanseRun.needsRun(store: test.store, mapping: titles))
        let summary = try test.run(mapping: titles)
        #expect(summary.processed == 2 && summary.unchanged == 0)
        // `$..` reaches both proxies: the Europeana proxy's titles join (none in these records).
        #expect(try test.view(Self.onb)?.fields == ["title": [V("Pyrker-Oberwart, Johann Ladislaus", lang: "de")]])
        #expect(try test.store.pipelineRun(stage: "cleanse")?.parameters.contains("\"mapping\":\"titles\"") == true)
        // A later stage runs cleanse as the user last ran it: the same mapping, nothing to do.
        #expect(try CleanseRun.lastMapping(store: test.store)?.hash == titles.hash)
        #expect(try !CleanseRun.needsRun(store: test.store))
        #expect(try CleanseRun.needsRun(store: test.store, mapping: .edm))
        let resumed = try CleanseRun(store: test.store)
        #expect(resumed.mapping.hash == titles.hash && resumed.mapping.name == "titles")
        #expect(try resumed.run().nothingChanged)
        _ = try test.run(mapping: .edm)
        #expect(try CleanseRun.lastMapping(store: test.store)?.hash == CleanseMapping.edm.hash)
    }

    @Test func changingRequireJudgesStoredViewsAgainWithoutReadingRecords() throws {
        let test = try Self.fixtureStore()
        try test.put("no-image", json: try EDMRecords.json(proxy: ["dc:title": ["T"]]))
        let first = try test.run(require: ["image"])
        #expect(first.rejected == 1 && first.rejectedInStore == 1)
        #expect(try test.rejected("no-image") == ["missing image"])
        // Same list again: nothing to do.
        #expect(try test.run(require: ["image"]).nothingChanged)
        // nil keeps the last run's list (how dedup and embed call it).
        let kept = try CleanseRun(store: test.store, require: nil)
        #expect(kept.require == ["image"])
        #expect(try kept.run().nothingChanged)
        // Another list: the stored views are judged again; no record is read.
        let second = try test.run(require: ["description", "title"])
        #expect(second.processed == 0 && second.rejudged == 2 && second.rejectedInStore == 2 && !second.nothingChanged)
        #expect(try test.rejected("no-image") == ["missing description"])
        #expect(try test.rejected(Self.onb) == ["missing description"])
        #expect(try test.rejected(Self.herbarium) == [])
        // The view's order of fields, whatever the order given.
        let third = try test.run(require: ["image", "datestamp", "creator"])
        #expect(third.rejudged == 3)
        #expect(try test.rejected("no-image") == ["missing creator", "missing image"])
        #expect(try test.run(require: []).rejudged == 3)
        #expect(try test.run(require: []).rejectedInStore == 0)
    }

    @Test func unknownRequiredFieldsAreRefused() throws {
        let test = try CleanseTestStore()
        #expect(throws: PipelineError.unknownField(name: "imgae", known: CleanseMapping.edm.fieldNames)) {
            _ = try CleanseRun(store: test.store, require: ["title", "imgae"])
        }
        #expect(PipelineError.unknownField(name: "imgae", known: ["guid", "title"]).description
                == "--require imgae: the cleansed view has no field \"imgae\" (fields: guid, title)")
    }

    @Test func manyRecordsInSeveralBatchesOnTwoThreads() throws {
        let test = try CleanseTestStore()
        var inputs: [RecordInput] = []
        for k in 0..<700 {
            inputs.append(RecordInput(identifier: "r\(k)", datestamp: "2024-01-01T00:00:00Z", deleted: false, sets: [],
                                      metadataXML: nil, json: try EDMRecords.json(proxy: ["dc:title": ["Title \(k)"]])))
        }
        try test.store.storeRecords(inputs, metadataPrefix: "edm")
        var run = try CleanseRun(store: test.store, require: ["title"])
        run.batchSize = 300
        let summary = try run.run()
        #expect(summary.processed == 700 && summary.accepted == 700)
        let views = try test.store.cleansedViews(after: nil, limit: 1_000, rejectedOnly: false)
        #expect(views.count == 700)
        #expect(views.enumerated().allSatisfy { k, stored in
            CleansedRecord.decoded(stored.view ?? [])?.first("title") == "Title \(k)" && stored.identifier == "r\(k)"
        })
    }
}

/// The stored form of a view is what JSONEncoder with sorted keys writes, so that either reads it.
@Suite struct CleansedRecordEncodingTests {
    @Test func theDirectWriterMatchesJSONEncoder() throws {
        let records = [
            CleansedRecord(guid: "a", datestamp: nil, fields: [:]),
            CleansedRecord(guid: "http://x/\"q\"\\", datestamp: "2024-01-01T00:00:00Z",
                           fields: ["zeta": [.init("z")], "Alpha": [.init("A", lang: "en"), .init("Ä/ö \u{1F600}")], "image": [.init("http://x/1.jpg")]]),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for record in records {
            #expect(String(decoding: record.encoded(), as: UTF8.self) == String(decoding: try encoder.encode(record), as: UTF8.self))
            #expect(CleansedRecord.decoded(record.encoded()) == record)
        }
    }
}
