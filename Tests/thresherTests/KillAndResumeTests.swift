import Foundation
import Testing
import TestSupport
import Harvest
@testable import RecordStore

/// The real command, killed with SIGKILL in the middle of a set, then run again.
@Suite struct KillAndResumeTests {
    /// The `thresher` executable next to the test bundle (`swift build --build-tests` builds both).
    static func thresherBinary() throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("thresher").path }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("no thresher executable beside the tests (\(candidates)); build with `swift build --build-tests`")
        }
        return found
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func run(_ binary: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Starts the command, waits (up to `polls` × 10 ms) until `store` holds `atLeast` records matching `query`,
    /// then sends it `signal` (SIGKILL); returns the ended process. Its stderr goes to `stderr` when given.
    static func runUntilStored(_ binary: String, _ arguments: [String], store path: String, query: RecordQuery,
                               atLeast: Int, polls: Int, signal: Int32 = SIGKILL, stderr: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        var stored = 0
        for _ in 0..<polls where stored < atLeast {
            Thread.sleep(forTimeInterval: 0.01)
            if FileManager.default.fileExists(atPath: path) {
                stored = (try? SQLiteRecordStore(path: path).count(query)) ?? 0
            }
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process
    }

    @Test func anInterruptedHarvestSaysHowToGoOn() throws {
        let binary = try Self.thresherBinary()
        let all = FaultyOAIRepository.records(sets: ["s": 60])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.pageSize = 5
        behaviour.listDelay = 0.03
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let path = dir.path("interrupted.sqlite")
        let arguments = ["harvest", "--endpoint", server.endpoint, "--set", "s", "--store", path, "--quiet"]
        let stderr = Pipe()
        let process = try Self.runUntilStored(binary, arguments, store: path, query: RecordQuery(set: "s"), atLeast: 10,
                                              polls: 400, signal: SIGINT, stderr: stderr)
        #expect(process.terminationStatus == 130)
        let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said == "thresher: interrupted; run the same harvest command again to resume\n")
        let (_, shown) = try Self.run(binary, ["status", "--store", path])
        #expect(shown.contains("\ns\tinterrupted\t") && !shown.contains("running"))
        let (status, summary) = try Self.run(binary, arguments)
        #expect(status == 0 && summary.contains("s\t60\t0\t12\t"))
    }

    @Test func killedHarvestResumesAndEqualsAnUninterruptedOne() throws {
        let binary = try Self.thresherBinary()
        let all = FaultyOAIRepository.records(sets: ["s": 60, "t": 9])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.pageSize = 5
        // Slow enough that the kill lands mid-harvest on a loaded machine too (at 0.03 s a page the harvest once
        // finished before the polls saw 25 records).
        behaviour.listDelay = 0.1
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let path = dir.path("killed.sqlite")
        let arguments = ["harvest", "--endpoint", server.endpoint, "--set", "s", "--set", "t", "--parallel", "2",
                         "--store", path, "--quiet"]

        let process = try Self.runUntilStored(binary, arguments, store: path, query: RecordQuery(set: "s"), atLeast: 25, polls: 400)
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try SQLiteRecordStore(path: path)
        let key = HarvestJobKey(endpoint: server.endpoint, metadataPrefix: "edm", set: "s")
        let checkpoint = try #require(try store.checkpoint(for: key))
        #expect(checkpoint.status == .running)
        let storedAtKill = try store.count(RecordQuery(set: "s"))
        #expect(storedAtKill == checkpoint.pages * 5)
        #expect(storedAtKill >= 25 && storedAtKill < 60)

        // After the kill, `status` shows the job interrupted; its stored status stays `running`, for the resume.
        let (statusCode, statusText) = try Self.run(binary, ["status", "--store", path])
        #expect(statusCode == 0)
        #expect(statusText.hasPrefix("""
            no harvest has finished in \(path)

            unfinished jobs (run the same harvest again to resume the interrupted and failed ones):
            set\tstatus\tpages\trecords\tdeleted\tmessage

            """))
        #expect(statusText.contains("\ns\tinterrupted\t\(checkpoint.pages)\t\(checkpoint.records)\t0\t\n"))
        #expect(!statusText.contains("running"))
        #expect(try store.checkpoint(for: key)?.status == .running)

        let before = repository.requestCount
        let (status, summary) = try Self.run(binary, arguments)
        #expect(status == 0)
        #expect(summary.contains("s\t60\t0\t12\t"))
        let resumed = repository.requestLog.dropFirst(before).filter { $0.contains("ListRecords") }
        // s continues from its stored token: no page it had stored is fetched again.
        #expect(resumed.filter { $0.contains("metadataPrefix=edm&set=s") }.isEmpty)
        #expect(resumed.count <= 12 - checkpoint.pages + 2)

        let clean = dir.path("clean.sqlite")
        let (cleanStatus, _) = try Self.run(binary, ["harvest", "--endpoint", server.endpoint, "--set", "s", "--set", "t",
                                                     "--store", clean, "--quiet"])
        #expect(cleanStatus == 0)
        func contents(_ path: String) throws -> [String] {
            try SQLiteRecordStore(path: path).records(RecordQuery(), limit: 1000)
                .map { "\($0.identifier) \($0.sets) \($0.contentHash)" }.sorted()
        }
        #expect(try contents(path) == contents(clean))
        #expect(try contents(path).count == 69)
        // The harvest wrote compressed payloads (the default), and after the kill every one reads back as the clean
        // harvest's: XML, JSON, and the content hash of the XML read back.
        let resumedStore = try SQLiteRecordStore(path: path)
        #expect(resumedStore.payloadCompression.method == .zstd)
        let killedRecords = try resumedStore.records(RecordQuery(), limit: 1_000)
        let cleanRecords = try SQLiteRecordStore(path: clean).records(RecordQuery(), limit: 1_000)
        func payloads(_ records: [StoredRecord]) -> [String] {
            records.map { "\($0.identifier)\t\($0.metadataXML ?? "-")\t\($0.json ?? "-")" }.sorted()
        }
        #expect(payloads(killedRecords) == payloads(cleanRecords))
        #expect(killedRecords.allSatisfy { record in
            record.deleted || record.metadataXML.map { XXH64.hex($0) } == record.contentHash
        })
        let json = try resumedStore.recordJSON(seqs: killedRecords.map(\.seq), withXML: true)
        #expect(json.count == killedRecords.filter { !$0.deleted }.count && json.allSatisfy { !$0.json.isEmpty && $0.xml != nil })
        #expect(try resumedStore.storedPayloadForms() == StoredPayloadForms(compressed: 2 * json.count, text: 0))
    }

    @Test func killedHarvestThatTrainedADictionaryResumes() throws {
        let binary = try Self.thresherBinary()
        // 1,500 records in pages of 50: the page that finds 250 live records stored trains the format's dictionaries.
        let all = FaultyOAIRepository.records(sets: ["s": 1_500], deletedEvery: 40)
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.pageSize = 50
        behaviour.listDelay = 0.02
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let path = dir.path("killed.sqlite")
        let arguments = ["harvest", "--endpoint", server.endpoint, "--set", "s", "--store", path, "--quiet"]
        let process = try Self.runUntilStored(binary, arguments, store: path, query: RecordQuery(set: "s"), atLeast: 1_100, polls: 1_500)
        #expect(process.terminationReason == .uncaughtSignal)
        let killed = try SQLiteRecordStore(path: path)
        let storedAtKill = try killed.count(RecordQuery(set: "s"))
        #expect(storedAtKill >= 1_100 && storedAtKill < 1_500)
        #expect(try killed.payloadDictionaries().map { "\($0.metadataPrefix) \($0.kind) \($0.samples) \(($0.bytes ?? 0) > 0)" }
                == ["edm json 250 true", "edm xml 250 true"])
        let (status, _) = try Self.run(binary, arguments)
        #expect(status == 0)
        let clean = dir.path("clean.sqlite")
        let (cleanStatus, _) = try Self.run(binary, arguments.dropLast(3) + ["--store", clean, "--quiet"])
        #expect(cleanStatus == 0)
        func contents(_ path: String) throws -> [String] {
            try SQLiteRecordStore(path: path).records(RecordQuery(), limit: 10_000)
                .map { "\($0.identifier) \($0.sets) \($0.contentHash) \($0.metadataXML ?? "-") \($0.json ?? "-")" }.sorted()
        }
        #expect(try contents(path).count == 1_500)
        #expect(try contents(path) == contents(clean))
        #expect(try SQLiteRecordStore(path: path).storedPayloadForms().text == 0)
    }

    @Test func killedCompressionOfAnOldStoreLosesNothingAndGoesOn() throws {
        let binary = try Self.thresherBinary()
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        // A store as v6-compressed-payloads leaves one written before: payloads as text, their compression waiting.
        let expected: [StoredRecord]
        do {
            let store = try SQLiteRecordStore(path: path, payloadCompression: .uncompressed)
            let filler = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 30)
            for start in stride(from: 0, to: 40_000, by: 2_000) {
                try store.storeRecords((start..<start + 2_000).map { n in
                    RecordInput(identifier: "oai:old:\(n)", datestamp: "2024-01-01", deleted: n % 50 == 0, sets: ["s\(n % 3)"],
                                metadataXML: n % 50 == 0 ? nil : "<x n=\"\(n)\">\(filler)</x>",
                                json: n % 50 == 0 ? nil : "{\"n\":\(n),\"text\":\"\(filler)\"}")
                }, metadataPrefix: "edm")
            }
            try store.pool.write { db in try db.execute(sql: "INSERT INTO payload_compression VALUES (1, 0, 'compress')") }
            expected = try store.records(RecordQuery(), limit: 100_000)
        }
        #expect(expected.count == 40_000)
        // Any command upgrades it (`status` here); killed once some payloads are compressed and others not yet.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["status", "--store", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var forms = StoredPayloadForms(compressed: 0, text: 1)
        for _ in 0..<2_000 where forms.compressed == 0 {
            Thread.sleep(forTimeInterval: 0.005)
            forms = (try? SQLiteRecordStore(path: path, readOnly: true).storedPayloadForms()) ?? forms
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let atKill = try SQLiteRecordStore(path: path, readOnly: true)
        #expect(try atKill.records(RecordQuery(), limit: 100_000) == expected)
        // Opened again, the compression goes on from where it stopped and ends with every payload compressed.
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.records(RecordQuery(), limit: 100_000) == expected)
        #expect(try store.storedPayloadForms() == StoredPayloadForms(compressed: 2 * expected.filter { !$0.deleted }.count, text: 0))
        #expect(try !store.compressesStoredPayloads)
    }

    @Test func killedGapFillKeepsWhatItFetchedAndResumes() throws {
        let binary = try Self.thresherBinary()
        let all = FaultyOAIRepository.records(sets: ["s": 60])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.getRecordDelay = 0.05
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let path = dir.path("gaps.sqlite")
        let ids = dir.path("ids.txt")
        try (all.map(\.identifier).joined(separator: "\n") + "\n").write(toFile: ids, atomically: true, encoding: .utf8)
        let arguments = ["gapfill", "--endpoint", server.endpoint, "--ids-file", ids, "--parallel", "2", "--store", path, "--quiet"]

        let process = try Self.runUntilStored(binary, arguments, store: path, query: RecordQuery(), atLeast: 10, polls: 600)
        #expect(process.terminationReason == .uncaughtSignal)
        let storedAtKill = try SQLiteRecordStore(path: path).count(RecordQuery())
        #expect(storedAtKill >= 10 && storedAtKill < 60)

        let before = repository.requestCount
        let (status, summary) = try Self.run(binary, arguments)
        #expect(status == 0)
        #expect(summary == "listed\t60\nalready stored\t\(storedAtKill)\nfetched\t\(60 - storedAtKill)\nnot found\t0\nfailed\t0\n")
        #expect(repository.requestCount - before == 60 - storedAtKill)
        let stored = try SQLiteRecordStore(path: path).records(RecordQuery(), limit: 1_000).map(\.identifier).sorted()
        #expect(stored == all.map(\.identifier).sorted())
    }
}
