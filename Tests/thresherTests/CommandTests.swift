import ArgumentParser
import Foundation
import Testing
import TestSupport
import RecordStore
import Quality
@testable import thresher

/// Every command run in this process, as the executable runs it (`Thresher.execute`), on stores made in the test.
@Suite struct CommandTests {
    /// The exit status and first line a command line gives when it fails before running.
    static func parseFailure(_ arguments: [String]) -> (text: String?, status: Int32) {
        do {
            _ = try Thresher.parseAsRoot(arguments)
            return (nil, 0)
        } catch {
            return Thresher.exitStatus(for: error)
        }
    }

    @Test func usageErrorsAreOneThresherLineWithUsageAndStatus64() {
        let endpoint = Self.parseFailure(["harvest", "--endpoint", "foo"])
        #expect(endpoint.status == 64)
        #expect(endpoint.text?.split(separator: "\n").first == "thresher: --endpoint foo: not an http(s) URL")
        #expect(endpoint.text?.contains("Usage: thresher harvest") == true)
        #expect(Self.parseFailure(["harvest", "--endpoint", "http://x/oai", "--incremental", "--restart"]).status == 64)
        #expect(Self.parseFailure(["sample-data", "--records", "0"]).text?.hasPrefix("thresher: --records must be at least 1") == true)
        #expect(Self.parseFailure(["export", "--format", "csv"]).status == 64)
        #expect(Self.parseFailure(["serve-oai", "--port", "0"]).status == 64)
        #expect(Self.parseFailure(["gapfill", "--endpoint", "http://x:70000/oai"]).text?.hasPrefix("thresher: --endpoint http://x:70000/oai: port 70000") == true)
        // ArgumentParser's own parse errors take the same first line.
        let unknown = Self.parseFailure(["status", "--bogus"])
        #expect(unknown.status == 64 && unknown.text?.hasPrefix("thresher: Unknown option '--bogus'") == true)
    }

    @Test func failuresAreOneLineAndStatus1() {
        #expect(Thresher.exitStatus(for: CommandFailure("x.sqlite: no such record store")) == ("thresher: x.sqlite: no such record store", 1))
        #expect(Thresher.exitStatus(for: CommandFailure("two\nlines")).text == "thresher: two lines")
        #expect(Thresher.exitStatus(for: StoreError.cannotOpen(path: "p", reason: "r")) == ("thresher: p: cannot open the record store: r", 1))
        #expect(Thresher.exitStatus(for: ExitCode(2)) == (nil, 2))
    }

    @Test func sampleDataStatusAndExportOnAStoreMadeHere() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("t.sqlite")
        #expect(await Thresher.execute(["sample-data", "--store", path, "--records", "30", "--seed", "3"]) == 0)
        let store = try SQLiteRecordStore(path: path)
        let stored = try store.count(RecordQuery())
        #expect(stored == 30)
        #expect(await Thresher.execute(["status", "--store", path]) == 0)
        let output = dir.path("out.jsonl")
        #expect(await Thresher.execute(["export", "--store", path, "--output", output]) == 0)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 30)
        #expect(lines.first?.hasPrefix("{\"id\":\"oai:thresher.sample:1\",") == true)
        let perSet = dir.path("sets")
        #expect(await Thresher.execute(["export", "--store", path, "--per-set", perSet]) == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: perSet)
        #expect(files.count == (try store.setSpecs().count))
    }

    @Test func aMissingOrForeignStoreFailsWithStatus1AndChangesNothing() async throws {
        let dir = try TemporaryDirectory()
        #expect(await Thresher.execute(["status", "--store", dir.path("none.sqlite")]) == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.path("none.sqlite")))
        let text = dir.path("text.sqlite")
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: text))
        #expect(await Thresher.execute(["export", "--store", text]) == 1)
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "not a database")
    }

    @Test func harvestAndGapfillAgainstALoopbackRepository() async throws {
        let all = FaultyOAIRepository.records(sets: ["a": 12, "b": 5])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.pageSize = 5
        behaviour.rules = [FaultyOAIRepository.Rule(verb: "ListRecords", set: "c", times: 1_000, fault: .status(500))]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let path = dir.path("h.sqlite")
        #expect(await Thresher.execute(["harvest", "--endpoint", server.endpoint, "--set", "a", "--set", "b",
                                        "--store", path, "--quiet"]) == 0)
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.count(RecordQuery(set: "a")) == 12)
        #expect(try store.count(RecordQuery(set: "b")) == 5)
        let ids = dir.path("ids.txt")
        try Data("# wanted\noai:test:a-1\noai:test:b-5\n".utf8).write(to: URL(fileURLWithPath: ids))
        #expect(await Thresher.execute(["gapfill", "--endpoint", server.endpoint, "--ids-file", ids, "--store", path, "--quiet"]) == 0)
        // A set whose every request fails ends the run with status 2; what was stored stays.
        #expect(await Thresher.execute(["harvest", "--endpoint", server.endpoint, "--set", "c", "--store", path,
                                        "--quiet", "--max-attempts", "1"]) == 2)
        #expect(try store.count(RecordQuery()) == 17)
        let forms = try store.storedPayloadForms()
        #expect(forms.compressed >= 17 && forms.text == 0)
        // --payload-compression none (for benchmarks): the same records, payloads written as text.
        let text = dir.path("text.sqlite")
        #expect(await Thresher.execute(["harvest", "--endpoint", server.endpoint, "--set", "a", "--set", "b",
                                        "--store", text, "--quiet", "--payload-compression", "none"]) == 0)
        #expect(try SQLiteRecordStore(path: text).storedPayloadForms() == StoredPayloadForms(compressed: 0, text: forms.compressed))
        #expect(Self.parseFailure(["harvest", "--endpoint", server.endpoint, "--payload-compression", "lz4"]).status == 64)
    }

    @Test func jsonpathFailuresNameTheQueryOrFile() async throws {
        let dir = try TemporaryDirectory()
        let file = dir.path("r.json")
        try Data(#"{"a":[1,2]}"#.utf8).write(to: URL(fileURLWithPath: file))
        #expect(await Thresher.execute(["jsonpath", "$.a[*]", file]) == 0)
        #expect(await Thresher.execute(["jsonpath", "$[", file]) == 1)
        #expect(await Thresher.execute(["jsonpath", "$.a", dir.path("missing.json")]) == 1)
    }
}

/// `thresher measure` in this process: its usage errors, a broken schema file, skipped records, the store path.
@Suite struct MeasureCommandTests {
    @Test func usageErrorsAre64() {
        #expect(CommandTests.parseFailure(["measure", "--schema", "edm-2099"]).status == 64)
        #expect(CommandTests.parseFailure(["measure", "--schema", "edm-2099"]).text?.hasPrefix(
            "thresher: --schema edm-2099: no such built-in schema (edm, edm-2016, edm-2015, oai_dc, ncd-collection) or file") == true)
        #expect(CommandTests.parseFailure(["measure", "--format", "xml"]).status == 64)
        #expect(CommandTests.parseFailure(["measure", "--jobs", "0"]).status == 64)
        #expect(CommandTests.parseFailure(["measure", "--input", "a.jsonl", "--set", "s"]).status == 64)
    }

    @Test func aBrokenSchemaFileIsOneLineNamingWhereAndStatus1() async throws {
        let dir = try TemporaryDirectory()
        let schema = dir.path("mine.json")
        try Data(#"{"name":"mine","dimensions":[],"collections":[{"label":"r","path":"$","fields":[{"label":"t","path":"$['dc:title'"}]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: schema))
        let record = dir.path("r.json")
        try Data(#"{"identifier":"x","dc:title":["T"]}"#.utf8).write(to: URL(fileURLWithPath: record))
        let outcome = await Thresher.execute(["measure", "--input", record, "--schema", schema, "--quiet"])
        #expect(outcome == 1)
        do {
            _ = try SchemaSource.resolve(schema)
            Issue.record("a broken schema was accepted")
        } catch {
            #expect(Thresher.exitStatus(for: error).text?.hasPrefix("thresher: \(schema): field \"t\": path \"$['dc:title'\" at position") == true)
        }
    }

    @Test func skippedRecordsGiveStatus1AndTheGoodRowsAreWritten() async throws {
        let dir = try TemporaryDirectory()
        let input = dir.path("in.jsonl")
        try Data("{\"identifier\":\"a\",\"sets\":[\"s\"]}\n{broken\n".utf8).write(to: URL(fileURLWithPath: input))
        let output = dir.path("out.csv")
        #expect(await Thresher.execute(["measure", "--input", input, "--schema", "oai_dc", "--output", output, "--quiet"]) == 1)
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(rows == ["recordId,dataset,dataProvider,TOTAL", "a,s,,0.0"])
    }

    @Test func theStoreIsMeasuredAndAMissingStoreIsNotMade() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("m.sqlite")
        #expect(await Thresher.execute(["measure", "--store", path, "--quiet"]) == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(await Thresher.execute(["sample-data", "--store", path, "--records", "20"]) == 0)
        let output = dir.path("m.csv")
        #expect(await Thresher.execute(["measure", "--store", path, "--output", output, "--fields", "--quiet"]) == 0)
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        let live = try SQLiteRecordStore(path: path).count(RecordQuery(includeDeleted: false))
        #expect(rows.count == live + 1)
        #expect(rows[0].hasPrefix("recordId,dataset,dataProvider,TOTAL,MANDATORY,") && rows[0].hasSuffix(",problem:AmbiguousPrefLabel"))
        let columns: Int = 13 + 250 + 5  // id, dataset, provider, TOTAL, 9 dimensions; existence and cardinality of 125 fields; 5 problems
        #expect(rows[0].split(separator: ",").count == columns)
    }
}
