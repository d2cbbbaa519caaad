import Foundation
import Testing
import TestSupport
import RecordStore
import ThresherCore
import JSONPath
@testable import Quality

/// Measuring from a store (stored results, re-scoring only what changed) and from files (bad records mixed with good).
@Suite struct MeasurementRunTests {
    static let herbarium = "quality/2023829_LinkedHeritage_Herbarium_10records.jsonl"
    static let seedLine = "\"Erbario - Museo di Botanica...\",2023829/0003BD0E39A5AD674A1682C144699B279C7EF163,0.388889,0.692308,"
        + "0.272727,0.277778,0.090909,0.500000,0.214286,0.750000,0.416667,0.400000"

    static func run(_ schema: String = "edm-2015", format: MeasurementFormat = .csv, fields: Bool = false,
                    reports: Locked<[String]> = Locked([])) throws -> MeasurementRun {
        let source = try SchemaSource.builtin(named: schema)
        return try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: format,
                                  fields: fields, jobs: 2, progress: ProgressReporter(quiet: true),
                                  report: { line in reports.withLock { $0.append(line) } })
    }

    /// The ten herbarium records (their JSON as harvested) in a store, as edm records of set 2023829.
    static func herbariumStore(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let lines = try Fixtures.string(herbarium).split(separator: "\n")
        var inputs: [RecordInput] = []
        for (k, line) in lines.enumerated() {
            let id = try #require(line.range(of: "\"identifier\":\"")).upperBound
            let identifier = String(line[id...].prefix { $0 != "\"" }).replacingOccurrences(of: "\\/", with: "/")
            inputs.append(RecordInput(identifier: identifier, datestamp: "2015-11-0\(k % 9 + 1)", deleted: false, sets: ["2023829"],
                                      metadataXML: "<x n=\"\(k)\"/>", json: String(line)))
        }
        try store.storeRecords(inputs, metadataPrefix: "edm")
        return store
    }

    static func rows(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func theWorkedExampleFromAFile() throws {
        let dir = try TemporaryDirectory()
        let sink = try MeasurementSink(path: dir.path("seed.txt"))
        let summary = try Self.run(format: .seed).measure(inputs: [Fixtures.url(Self.herbarium).path], to: sink)
        try sink.close()
        let lines = try Self.rows(dir.path("seed.txt"))
        #expect(summary.measured == 10 && summary.written == 10 && summary.skipped == 0)
        #expect(lines.first == Self.seedLine)
        // The other nine score the same values.
        #expect(Set(lines.map { $0.split(separator: ",").dropFirst(2).joined(separator: ",") }).count == 1)
    }

    @Test func aStoreIsMeasuredOnceThenOnlyWhatChanged() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.herbariumStore(dir)
        let first = try MeasurementSink(path: dir.path("1.csv"))
        let one = try Self.run().measure(store: store, query: RecordQuery(), all: false, to: first)
        try first.close()
        #expect(one.measured == 10 && one.reused == 0 && one.written == 10)
        let rows = try Self.rows(dir.path("1.csv"))
        #expect(rows.count == 11)
        #expect(rows[0] == "recordId,dataset,dataProvider,TOTAL,MANDATORY,DESCRIPTIVENESS,SEARCHABILITY,CONTEXTUALIZATION,"
                + "IDENTIFICATION,BROWSING,VIEWING,REUSABILITY,MULTILINGUALITY")
        // recordId without the item prefix; dataset sets[0]; data provider as is; numbers in shortest round-trip form.
        #expect(rows[1] == "2023829/0003BD0E39A5AD674A1682C144699B279C7EF163,2023829_AG-EU_LinkedHeritage_Herbarium,Erbario - Museo di Botanica- Sapienza University Rome,"
                + "\(14.0 / 36),\(9.0 / 13),\(3.0 / 11),\(5.0 / 18),\(1.0 / 11),0.5,\(3.0 / 14),0.75,\(5.0 / 12),0.4")

        // Unchanged: nothing is scored again, the same rows come out.
        let again = try MeasurementSink(path: dir.path("2.csv"))
        let two = try Self.run().measure(store: store, query: RecordQuery(), all: false, to: again)
        try again.close()
        #expect(two.measured == 0 && two.reused == 10 && two.written == 10)
        #expect(try Self.rows(dir.path("2.csv")) == rows)

        // One record changes (a newer harvest drops its description): only it is scored again, only its row changes.
        let changed = try #require(try store.records(RecordQuery(), limit: 1).first)
        let json = try #require(changed.json).replacingOccurrences(of: "\"dc:description\"", with: "\"x:gone\"")
        try store.storeRecords([RecordInput(identifier: changed.identifier, datestamp: "2016-01-01", deleted: false, sets: ["2023829"],
                                            metadataXML: "<x changed=\"1\"/>", json: json)], metadataPrefix: "edm")
        let third = try MeasurementSink(path: dir.path("3.csv"))
        let three = try Self.run().measure(store: store, query: RecordQuery(), all: false, to: third)
        try third.close()
        #expect(three.measured == 1 && three.reused == 9)
        let after = try Self.rows(dir.path("3.csv"))
        #expect(after[2...] == rows[2...])
        #expect(after[1].hasPrefix("2023829/0003BD0E39A5AD674A1682C144699B279C7EF163,2023829_AG-EU_LinkedHeritage_Herbarium,Erbario - Museo di Botanica- Sapienza University Rome,\(13.0 / 36),"))

        // --all scores every record again; another schema keeps its own results.
        let all = try Self.run().measure(store: store, query: RecordQuery(), all: true, to: MeasurementSink(path: dir.path("4.csv")))
        #expect(all.measured == 10 && all.reused == 0)
        let other = try Self.run("edm").measure(store: store, query: RecordQuery(set: "2023829"), all: false,
                                                to: MeasurementSink(path: dir.path("5.csv")))
        #expect(other.measured == 10)
        #expect(try Self.run("edm-2015").measure(store: store, query: RecordQuery(), all: false,
                                                 to: MeasurementSink(path: dir.path("6.csv"))).measured == 0)
        // A set the store does not have: a header only.
        let none = try Self.run().measure(store: store, query: RecordQuery(set: "nope"), all: false, to: MeasurementSink(path: dir.path("7.csv")))
        #expect(none.written == 0)
        #expect(try Self.rows(dir.path("7.csv")).count == 1)
    }

    @Test func aRecordWithoutJSONIsConvertedFromItsXMLOrSkipped() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("x.sqlite"))
        let xml = try Fixtures.string("edm/oai-pmh-xml/92062_BibliographicResource_1000126015451.xml")
        let start = try #require(xml.range(of: "<rdf:RDF")).lowerBound
        let end = try #require(xml.range(of: "</rdf:RDF>")).upperBound
        try store.storeRecords([
            RecordInput(identifier: "/92062/BibliographicResource_1000126015451", datestamp: "2020-01-01", deleted: false,
                        sets: ["92062"], metadataXML: String(xml[start..<end]), json: nil),
            RecordInput(identifier: "broken", datestamp: "2020-01-01", deleted: false, sets: ["92062"], metadataXML: "<a><b></a>", json: nil),
        ], metadataPrefix: "edm")
        let reports = Locked<[String]>([])
        let summary = try Self.run("edm", reports: reports).measure(store: store, query: RecordQuery(), all: false,
                                                                     to: MeasurementSink(path: dir.path("x.csv")))
        #expect(summary.measured == 1 && summary.skipped == 1 && summary.written == 1)
        #expect(reports.withLock { $0 }.count == 1)
        #expect(reports.withLock { $0 }.first?.hasPrefix("broken: its JSON is missing and its XML does not convert") == true)
        #expect(try Self.rows(dir.path("x.csv"))[1].hasPrefix("/92062/BibliographicResource_1000126015451,92062,"))
    }

    @Test func badRecordsAreReportedWithTheirPositionAndSkipped() throws {
        let dir = try TemporaryDirectory()
        let good = try Fixtures.string(Self.herbarium).split(separator: "\n")
        let export = #"{"id":"x","set":"s","sets":["s"],"datestamp":"2020-01-01","deleted":true,"record":null}"#
        let wrapped = #"{"id":"y","set":"s","sets":["s"],"datestamp":"2020-01-01","deleted":false,"record":"# + good[1] + "}"
        let lines = [String(good[0]), "{not json", export, "", #"{"sets":["s"]}"#, wrapped, "[1,2]"]
        let path = dir.path("mixed.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let reports = Locked<[String]>([])
        let sink = try MeasurementSink(path: dir.path("out.csv"))
        let summary = try Self.run(reports: reports).measure(inputs: [path, Fixtures.url("quality/2023702_351E2B9E3D4F837A24FF09BD6C2DA0618F6F593E_empty-string.json").path],
                                                             to: sink)
        try sink.close()
        // Two good lines, one good file; a bad line, a record without identifier and a non-object: skipped; the deleted
        // export line is passed over, not skipped.
        #expect(summary.written == 3 && summary.skipped == 3)
        let said = reports.withLock { $0 }
        #expect(said.count == 3)
        #expect(said[0].hasPrefix("\(path):2: not JSON"))
        #expect(said[1].hasPrefix("\(path):5: no identifier"))
        #expect(said[2] == "\(path):7: not a JSON object; skipped")
        let rows = try Self.rows(dir.path("out.csv"))
        #expect(rows.count == 4)
        #expect(rows[3].hasPrefix("2023702/351E2B9E3D4F837A24FF09BD6C2DA0618F6F593E,"))
    }

    @Test func anEmptyInputGivesAHeaderOnly() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("empty.jsonl")
        try Data().write(to: URL(fileURLWithPath: path))
        let summary = try Self.run().measure(inputs: [path], to: MeasurementSink(path: dir.path("e.csv")))
        #expect(summary == MeasurementSummary())
        #expect(try Self.rows(dir.path("e.csv")).count == 1)
    }

    @Test func anOAIPMHResponseAndAnEDMFileAreConvertedAsTheHarvestDoes() throws {
        let dir = try TemporaryDirectory()
        let sink = try MeasurementSink(path: dir.path("xml.csv"))
        let summary = try Self.run("edm").measure(inputs: [Fixtures.url("edm/oai-pmh-xml/2048081__O_532.xml").path,
                                                           Fixtures.url("edm/provider-edm-xml/ddb_6CBBVXI47RCZPIL732MDEO3JRLAX4J6N_europeana-edm.xml").path],
                                                  to: sink)
        try sink.close()
        #expect(summary.written == 2 && summary.skipped == 0)
        let rows = try Self.rows(dir.path("xml.csv"))
        #expect(rows[1].hasPrefix("2048081/_O_532,"))
    }

    @Test func measurementsRoundTripThroughTheirBytes() throws {
        var scorer = try RecordScorer(schema: try MeasurementSchema.builtin(named: "edm"))
        for file in ["quality/02301_urn_imss_instrument_401059_hourglass.json", "quality/00101_ED25CEB44B2A9FADB1626656D7244CB1F83FB1B2_place.json"] {
            let m = scorer.score(try JSONDocument(parsing: Array(try Fixtures.data(file))))
            let bytes = MeasurementCodec.encode(m)
            #expect(MeasurementCodec.decode(bytes, layout: scorer.layout) == m)
            #expect(MeasurementCodec.decode(Array(bytes.dropLast()), layout: scorer.layout) == nil)
            // Without the language counts: the same scores, no per-field languages.
            let scores = try #require(MeasurementCodec.decode(bytes, layout: scorer.layout, languages: false))
            #expect(scores.completeness == m.completeness && scores.existence == m.existence && scores.cardinality == m.cardinality
                    && scores.problems == m.problems && scores.scopes == m.scopes && scores.record == m.record)
            #expect(scores.languageCounts.fieldCount == 0 && m.languageCounts.fieldCount > 0)
            let other = try RecordScorer(schema: try MeasurementSchema.builtin(named: "edm-2015"))
            #expect(MeasurementCodec.decode(bytes, layout: other.layout) == nil)
        }
    }
}
