import Foundation
import Testing
import TestSupport
import RecordStore

/// The real `thresher import`, killed with SIGKILL part-way and started again; and JSON Lines on standard input.
@Suite struct ImportKillTests {
    static func lines(_ count: Int) -> String {
        let pad = String(repeating: "x", count: 2_000)
        return (1...count).map { n in
            #"{"id":"oai:k:\#(n)","set":"k","sets":["k"],"datestamp":"2024-03-01T00:00:00Z","deleted":false,"record":{"n":\#(n),"pad":"\#(pad)"}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func aKilledImportStartedAgainStoresEveryRecordOnce() throws {
        let binary = try KillAndResumeTests.thresherBinary()
        let dir = try TemporaryDirectory()
        let input = dir.path("dump.jsonl")
        try Data(Self.lines(20_000).utf8).write(to: URL(fileURLWithPath: input))
        let path = dir.path("s.sqlite")
        let arguments = ["import", "--store", path, "--input", input, "--quiet"]
        let killed = try KillAndResumeTests.runUntilStored(binary, arguments, store: path, query: RecordQuery(), atLeast: 1_000, polls: 3_000)
        let before = try SQLiteRecordStore(path: path).count(RecordQuery())
        #expect(before >= 1_000, "killed with \(killed.terminationStatus)")
        let (status, _) = try KillAndResumeTests.run(binary, arguments)
        #expect(status == 0)
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.count(RecordQuery()) == 20_000)
        #expect(try store.setCounts() == [SetCount(set: "k", live: 20_000, deleted: 0)])  // kept counts: nothing counted twice
        #expect(try store.record(identifier: "oai:k:20000")?.json?.hasPrefix(#"{"n":20000,"#) == true)
    }

    @Test func jsonLinesAreReadFromStandardInput() throws {
        let binary = try KillAndResumeTests.thresherBinary()
        let dir = try TemporaryDirectory()
        let input = dir.path("dump.jsonl")
        try Data(Self.lines(3).utf8).write(to: URL(fileURLWithPath: input))
        let path = dir.path("s.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["import", "--store", path, "--input", "-", "--set", "piped", "--quiet"]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.identifiers() == ["oai:k:1", "oai:k:2", "oai:k:3"])
        #expect(try store.setSpecs() == ["k", "piped"])
    }
}
