import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

/// Jobs name the process that last wrote their checkpoint; a reader shows a running job whose process ended as
/// interrupted, and leaves the stored status as it is.
@Suite struct HarvestProcessTests {
    /// A store with one running job of set `s` (and a complete one of `done`), written by this process.
    static func storeWithRunningJob(_ dir: TemporaryDirectory) throws -> (SQLiteRecordStore, String) {
        let path = dir.path("p.sqlite")
        let store = try SQLiteRecordStore(path: path)
        try store.storePage([record("a", "2021-01-01", sets: ["s"])], metadataPrefix: "edm",
                            checkpoint: SetCheckpoint(key: key("s"), resumptionToken: "t", pages: 1, records: 1))
        try store.saveCheckpoint(SetCheckpoint(key: key("done"), status: .complete, pages: 1))
        return (store, path)
    }

    /// Makes the process row the jobs name look like another process's.
    static func rewriteProcess(_ path: String, _ assignments: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE harvest_processes SET \(assignments)", arguments: arguments) }
        try queue.close()
    }

    @Test func thisProcessIsKnownToTheKernel() throws {
        let here = HarvestProcess.current
        #expect(here.pid == getpid())
        #expect(here.liveness == .alive)
        #if os(Linux)
        #expect(here.startTicks != nil && here.bootID?.count == 36)
        #endif
    }

    @Test func aJobOfThisProcessIsRunningAndTheStoreRecordsIt() throws {
        let dir = try TemporaryDirectory()
        let (store, _) = try Self.storeWithRunningJob(dir)
        let jobs = try store.jobStates()
        #expect(jobs.map(\.status) == [.running, .ended(.complete)])
        #expect(jobs.map(\.status.label) == ["running", "complete"])
        let process = try #require(jobs.first?.process)
        #expect(process.pid == getpid() && process.startTicks == HarvestProcess.current.startTicks)
        #expect(process.host == HarvestProcess.current.host && process.bootID == HarvestProcess.current.bootID)
        #expect(try store.jobStates(endpoint: "http://elsewhere/oai").isEmpty)
    }

    @Test func aJobWhoseProcessEndedIsInterruptedAndStaysStoredAsRunning() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.storeWithRunningJob(dir)
        // A process that has ended: its PID names no process now (it is reaped, so not even a zombie).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        try Self.rewriteProcess(path, "pid = ?, start_ticks = -1", [ended.processIdentifier])
        #expect(try store.jobStates().map(\.status) == [.interrupted, .ended(.complete)])
        #expect(try store.jobStates().first?.status.label == "interrupted")
        #expect(try store.checkpoint(for: key("s"))?.status == .running)
        // Storing the next page makes this process the job's writer again: it runs.
        try store.saveCheckpoint(SetCheckpoint(key: key("s"), resumptionToken: "u", pages: 2, records: 2))
        #expect(try store.jobStates().first?.status == .running)
    }

    @Test func aReusedPIDOrAnotherBootIsNotTheSameProcess() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.storeWithRunningJob(dir)
        #if os(Linux)
        // This PID, started at another time: the PID was reused.
        try Self.rewriteProcess(path, "start_ticks = start_ticks + 1")
        #expect(try store.jobStates().first?.status == .interrupted)
        try Self.rewriteProcess(path, "start_ticks = start_ticks - 1")
        #expect(try store.jobStates().first?.status == .running)
        // The same PID and start time in an earlier boot.
        try Self.rewriteProcess(path, "boot_id = '00000000-0000-0000-0000-000000000000'")
        #expect(try store.jobStates().first?.status == .interrupted)
        #endif
        // Another host's process cannot be checked from here.
        try Self.rewriteProcess(path, "host = 'elsewhere.example'")
        #expect(try store.jobStates().first?.status == .runningElsewhere(host: "elsewhere.example"))
        #expect(try store.jobStates().first?.status.label == "running on elsewhere.example?")
    }

    @Test func processesNoJobNamesAreForgottenWhenANewProcessWrites() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.storeWithRunningJob(dir)
        // Both jobs name an earlier process now; a third, named by no job, was left behind.
        try Self.rewriteProcess(path, "pid = -5")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO harvest_processes VALUES (99, 'h', '', 7, 1, 0)") }
        try queue.close()
        try store.saveCheckpoint(SetCheckpoint(key: key("s"), resumptionToken: "u", pages: 2, records: 2))
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT pid FROM harvest_processes ORDER BY id").map { $0[0] as Int64 }
        }
        #expect(rows == [-5, Int64(getpid())])
        #expect(try store.jobStates().map(\.status) == [.running, .ended(.complete)])
    }

    @Test func aRunningJobStoredBeforeProcessesWereRecordedIsInterrupted() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.storeWithRunningJob(dir)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE harvest_jobs SET process_id = NULL") }
        try queue.close()
        let jobs = try store.jobStates()
        #expect(jobs.map(\.status) == [.interrupted, .ended(.complete)])
        #expect(jobs.allSatisfy { $0.process == nil })
    }

    @Test func aStoreFromBeforeTheMigrationGetsTheProcessTableAndKeepsItsJobs() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        try makeOldStore(at: path, upTo: "v5-measurements", [(1, "a", "2021-01-01T00:00:00Z", false, ["s"])])
        let old = try DatabaseQueue(path: path)
        let checkpoint = SetCheckpoint(key: key("s"), resumptionToken: "t", pages: 1, records: 1)
        let text = String(decoding: try JSONEncoder().encode(checkpoint), as: UTF8.self)
        try old.write { db in
            try db.execute(sql: "INSERT INTO harvest_jobs VALUES (?, 'edm', 1, 's', '', '', 'running', ?, 0)",
                           arguments: [checkpoint.key.endpoint, text])
        }
        try old.close()
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.checkpoints() == [checkpoint])
        #expect(try store.jobStates().map(\.status) == [.interrupted])
    }
}
