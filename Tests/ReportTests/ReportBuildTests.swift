import Foundation
import Testing
import TestSupport
import Quality
import RecordStore
@testable import ThresherCore
@testable import Report

/// Reports made from a store built here: the herbarium's ten records (all scoring alike) and one hostile record alone
/// in its set and with its own provider.
@Suite struct ReportBuildTests {
    static let hostileJSON = #"{"edm:ProvidedCHO":[{"@about":"http://data.europeana.eu/item/x/1"}],"ore:Aggregation":[{"@about":"a","edm:dataProvider":["Evil \"Museum\" <b>&amp; Co</b>"],"edm:rights":[{"@resource":"r"}]}],"ore:Proxy":[{"@about":"p","edm:europeanaProxy":["false"],"dc:title":["<script>alert('x')</script>"]}],"identifier":"http://data.europeana.eu/item/x/1","sets":["x/../..\\evil:CON"]}"#

    static func store(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: dir.path("r.sqlite"))
        var inputs: [RecordInput] = []
        for (k, line) in try Fixtures.string("quality/2023829_LinkedHeritage_Herbarium_10records.jsonl").split(separator: "\n").enumerated() {
            inputs.append(RecordInput(identifier: "h\(k)", datestamp: "2015-11-01", deleted: false, sets: ["2023829"],
                                      metadataXML: "<x n=\"\(k)\"/>", json: String(line)))
        }
        inputs.append(RecordInput(identifier: "http://data.europeana.eu/item/x/1", datestamp: "2020-01-01", deleted: false,
                                  sets: ["x/../..\\evil:CON"], metadataXML: "<x/>", json: hostileJSON))
        try store.storeRecords(inputs, metadataPrefix: "edm")
        // The herbarium's set has a name (with markup); the hostile set's name is its spec (no title).
        try store.saveSets([SetInfo(spec: "2023829", name: "Herbarium <b>\"Sapienza\"</b>"),
                            SetInfo(spec: "x/../..\\evil:CON", name: "x/../..\\evil:CON")], endpoint: "http://127.0.0.1/oai")
        return store
    }

    static func report(_ dir: TemporaryDirectory, format: ReportFormat = .html) throws -> (ReportData, String) {
        let store = try Self.store(dir)
        let source = try SchemaSource.builtin(named: "edm-2015")
        let run = try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: .csv,
                                     fields: false, jobs: 2, progress: ProgressReporter(quiet: true), report: { _ in })
        _ = try run.measure(store: store, query: RecordQuery(), all: false, to: try MeasurementSink(path: dir.path("m.csv")))
        let data = try ReportBuilder(store: store, source: source, progress: ProgressReporter(quiet: true))
            .build(query: RecordQuery(), kinds: GroupKind.allCases)
        let out = dir.path("reports")
        try ReportWriter(directory: out, format: format).write(data)
        return (data, out)
    }

    @Test func groupsAndTheirStatistics() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.report(dir)
        #expect(data.groups.map { "\($0.kind.rawValue):\($0.name):\($0.records)" } == [
            "dataset:2023829:10", "dataset:x/../..\\evil:CON:1",
            "provider:Erbario - Museo di Botanica- Sapienza University Rome:10", "provider:Evil \"Museum\" <b>&amp; Co</b>:1",
            "store:store:11",
        ])
        let herbarium = try #require(data.groups.first)
        #expect(herbarium.title == "Herbarium <b>\"Sapienza\"</b>" && data.groups.dropFirst().allSatisfy { $0.title == nil })
        let total = try #require(herbarium.series.first { $0.name == "TOTAL" }?.statistics)
        // Ten equal values: no spread, and nothing divided by zero.
        #expect(total.count == 10 && total.min == 14.0 / 36 && total.max == 14.0 / 36 && total.median == 14.0 / 36)
        #expect(total.standardDeviation == 0 && total.coefficientOfVariation == 0 && total.minRecord == "h0" && total.maxRecord == "h0")
        #expect(herbarium.best.count == 10 && herbarium.best.first?.identifier == "h0" && herbarium.worst.first?.identifier == "h0")
        let one = data.groups[1]
        #expect(one.series.first { $0.name == "TOTAL" }?.statistics.standardDeviation == nil)
        #expect(herbarium.fields.first?.share == 1.0)
        #expect(one.missingMandatory.map(\.name).contains("Aggregation/edm:isShownAt"))
    }

    @Test func filesAreSafeEscapedAndHoldNoNaN() throws {
        let dir = try TemporaryDirectory()
        let (data, out) = try Self.report(dir)
        var files: [String] = []
        let walker = FileManager.default.enumerator(atPath: out)
        while let file = walker?.nextObject() as? String { files.append(file) }
        for file in files where file.hasSuffix(".html") || file.hasSuffix(".json") || file.hasSuffix(".csv") {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(!text.contains("<script>alert"), "\(file)")
            #expect(!text.contains("NaN") && !text.contains("inf\""), "\(file)")
            let name = (file as NSString).lastPathComponent
            #expect(name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-_.".contains($0)) }, "\(file)")
        }
        #expect(files.contains("index.html") && files.contains("index.json") && files.contains("groups.csv"))
        let evil = try #require(data.groups.first { $0.kind == .dataset && $0.records == 1 })
        #expect(evil.fileName.hasPrefix("x-evil-con-"))
        let page = try String(contentsOfFile: out + "/dataset/" + evil.fileName + ".html", encoding: .utf8)
        #expect(page.contains("x/../..\\evil:CON") && page.contains("<svg"))
        let record = try String(contentsOfFile: out + "/dataset/" + (evil.best.first?.page ?? ""), encoding: .utf8)
        #expect(record.contains("&lt;script&gt;alert('x')&lt;/script&gt;"))
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains("Evil \"Museum\" &lt;b&gt;&amp;amp; Co&lt;/b&gt;"))
        // A dataset titled by its setName (escaped), its spec beneath; the page's heading the same.
        #expect(index.contains(">Herbarium &lt;b&gt;\"Sapienza\"&lt;/b&gt;</a><br><small><code>2023829</code></small>"))
        let herbarium = try #require(data.groups.first)
        let herbariumPage = try String(contentsOfFile: out + "/dataset/" + herbarium.fileName + ".html", encoding: .utf8)
        #expect(herbariumPage.contains("<h1>Herbarium &lt;b&gt;\"Sapienza\"&lt;/b&gt;</h1>\n<p class=\"meta\">Dataset <code>2023829</code> · 10 record(s)"))
        let csv = try String(contentsOfFile: out + "/groups.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 6 && csv[1].hasPrefix("dataset,2023829,10,\(14.0 / 36),"))
    }

    @Test func theJSONHoldsTheSameStatistics() throws {
        let dir = try TemporaryDirectory()
        let (data, out) = try Self.report(dir, format: .json)
        let store = try #require(data.groups.first { $0.kind == .store })
        let decoded = try JSONDecoder().decode(GroupReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/store/" + store.fileName + ".json")))
        #expect(decoded == store)
        #expect(!FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    /// The seventeen single-record quality fixtures (each scoring differently) and the herbarium's ten, across
    /// providers and in one, two or no sets.
    static func variedStore(_ dir: TemporaryDirectory) throws -> (SQLiteRecordStore, SchemaSource) {
        let store = try SQLiteRecordStore(path: dir.path("v.sqlite"))
        let folder = Fixtures.url("quality").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        var inputs: [RecordInput] = []
        for (k, name) in names.enumerated() {
            let json = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            let sets = [["odd", "all"], ["even", "all"], []][k % 3]
            inputs.append(RecordInput(identifier: "q\(k)", datestamp: "2020-01-01", deleted: false, sets: sets, metadataXML: "<x/>",
                                      json: json))
        }
        for (k, line) in try Fixtures.string("quality/2023829_LinkedHeritage_Herbarium_10records.jsonl").split(separator: "\n").enumerated() {
            inputs.append(RecordInput(identifier: "h\(k)", datestamp: "2015-11-01", deleted: false, sets: ["2023829", "all"],
                                      metadataXML: "<x/>", json: String(line)))
        }
        try store.storeRecords(inputs, metadataPrefix: "edm")
        let source = try SchemaSource.builtin(named: "edm-2015")
        let run = try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: .csv,
                                     fields: false, jobs: 2, progress: ProgressReporter(quiet: true), report: { _ in })
        _ = try run.measure(store: store, query: RecordQuery(), all: false, to: try MeasurementSink(path: dir.path("m.csv")))
        return (store, source)
    }

    /// The whole store's group is its data providers' groups merged: the same as accumulating it alone, record by
    /// record; so is a dataset's group whether the dataset is reported with the others or selected alone.
    @Test func mergedGroupsEqualSerialOnes() throws {
        let dir = try TemporaryDirectory()
        let (store, source) = try Self.variedStore(dir)
        let progress = ProgressReporter(quiet: true, unit: .records)
        let builder = try ReportBuilder(store: store, source: source, progress: progress)
        let all = try builder.build(query: RecordQuery(), kinds: GroupKind.allCases)
        // Progress: each record once per pass (the set pass reads 44 rows for 27 records: some are in two sets).
        #expect(progress.snapshot.records == 54 && progress.snapshot.setsTotal == 54)
        let alone = try builder.build(query: RecordQuery(), kinds: [.store])
        let merged = try #require(all.groups.first { $0.kind == .store })
        #expect(alone.groups == [merged])
        #expect(merged.records == 27 && all.groups.filter { $0.kind == .provider }.count > 3)
        let total = try #require(merged.series.first { $0.name == "TOTAL" }?.statistics)
        #expect(total.count == 27 && total.min < total.max && total.exact)
        // A record counts in every set it belongs to: "all" holds 22 of the 27 (a third of the seventeen fixtures are in no set).
        #expect(all.groups.filter { $0.kind == .dataset }.map { "\($0.name):\($0.records)" } ==
                ["2023829:10", "all:22", "even:6", "odd:6"])
        let odd = try builder.build(query: RecordQuery(set: "odd"), kinds: GroupKind.allCases)
        #expect(odd.groups.map { "\($0.kind.rawValue):\($0.name)" }.filter { $0.hasPrefix("dataset") } == ["dataset:odd"])
        #expect(odd.groups.first { $0.kind == .dataset } == all.groups.first { $0.name == "odd" })
        #expect(odd.groups.first { $0.kind == .store }?.name == "set odd" && odd.groups.first { $0.kind == .store }?.records == 6)
    }

    /// Records without a data provider are one group with a file of its own; a provider literally named like that
    /// group is another group, with another file.
    @Test func recordsWithoutAProviderAreAGroupOfTheirOwn() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("p.sqlite"))
        let provider = #""edm:dataProvider":["Evil \"Museum\" <b>&amp; Co</b>"],"#
        let named = Self.hostileJSON.replacingOccurrences(of: provider, with: #""edm:dataProvider":["(no data provider)"],"#)
        let none = Self.hostileJSON.replacingOccurrences(of: provider, with: "")
        #expect(named != Self.hostileJSON && none != Self.hostileJSON)
        var inputs: [RecordInput] = []
        for (k, json) in [named, none, none, named, named].enumerated() {
            inputs.append(RecordInput(identifier: "r\(k)", datestamp: "2020-01-01", deleted: false, sets: ["s"], metadataXML: "<x/>",
                                      json: json))
        }
        try store.storeRecords(inputs, metadataPrefix: "edm")
        let source = try SchemaSource.builtin(named: "edm")
        let run = try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: .csv,
                                     fields: false, jobs: 2, progress: ProgressReporter(quiet: true), report: { _ in })
        _ = try run.measure(store: store, query: RecordQuery(), all: false, to: nil)
        let data = try ReportBuilder(store: store, source: source, progress: ProgressReporter(quiet: true))
            .build(query: RecordQuery(), kinds: GroupKind.allCases)
        let providers = data.groups.filter { $0.kind == .provider }
        #expect(providers.map { "\($0.name):\($0.records):\($0.fileName)" } == [
            "(no data provider):3:" + SafeFileName.make("(no data provider)"), "(no data provider):2:no-provider",
        ])
        let out = dir.path("reports")
        try ReportWriter(directory: out, format: .html).write(data)
        for file in ["no-provider.html", "no-provider.json", SafeFileName.make("(no data provider)") + ".html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/provider/" + file), "\(file)")
        }
    }

    /// Writing counts its files on the progress it is given: as many as it writes, the total set beforehand.
    @Test func writingCountsItsFiles() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.report(dir)
        for format in ReportFormat.allCases {
            let progress = ProgressReporter(quiet: true, unit: .items("files"))
            let out = dir.path("counted-" + format.rawValue)
            try ReportWriter(directory: out, format: format).write(data, progress: progress)
            let files = try FileManager.default.subpathsOfDirectory(atPath: out).filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
            #expect(files.count > 0 && progress.snapshot.records == files.count && progress.snapshot.setsTotal == files.count,
                    "\(format)")
        }
    }

    /// A file that cannot be written fails the report with its path and the system's reason.
    @Test func aFileThatCannotBeWrittenNamesItself() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try Self.report(dir, format: .json)
        let out = dir.path("blocked")
        try FileManager.default.createDirectory(atPath: out + "/index.json", withIntermediateDirectories: true)
        #expect(throws: ReportError.cannotWrite(path: out + "/index.json", reason: "Is a directory")) {
            try ReportWriter(directory: out, format: .json).write(data)
        }
        // A file where a folder of the output should be.
        #expect(FileManager.default.createFile(atPath: dir.path("afile"), contents: Data()))
        #expect(throws: ReportError.cannotWrite(path: dir.path("afile"), reason: "Not a directory")) {
            try ReportWriter(directory: dir.path("afile") + "/out", format: .json).write(data)
        }
    }

    @Test func safeFileNames() {
        #expect(SafeFileName.make("Maps & Atlases").hasPrefix("maps-atlases-"))
        #expect(SafeFileName.make("CON") != SafeFileName.make("con"))
        #expect(SafeFileName.make("///").count == 16)
        #expect(SafeFileName.make(String(repeating: "é", count: 200)).count == 16)
        #expect(SafeFileName.make(String(repeating: "a", count: 200)).count == 60 + 1 + 16)
    }
}
