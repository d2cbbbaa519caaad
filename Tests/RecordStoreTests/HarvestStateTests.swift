import Foundation
import Testing
import TestSupport
@testable import RecordStore

@Suite struct HarvestStateTests {
    @Test func checkpointRoundTripAndDeletion() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let k = HarvestJobKey(endpoint: "http://e/oai", metadataPrefix: "edm", set: "a b&c", from: "2020-01-01", until: nil)
        let checkpoint = SetCheckpoint(key: k, status: .running, resumptionToken: "tok==", cursor: 100, completeListSize: 250,
                                       pages: 2, records: 190, deleted: 10, emptyPagesInARow: 0,
                                       lastDatestamp: "2021-01-01T00:00:00Z", seconds: 1.5, retries: 3, message: nil)
        try store.storePage([record("r1", "2021-01-01T00:00:00Z", sets: ["a b&c"])], metadataPrefix: "edm", checkpoint: checkpoint)
        #expect(try store.checkpoint(for: k) == checkpoint)
        // The whole-repository job and a job with other dates are different jobs.
        #expect(try store.checkpoint(for: HarvestJobKey(endpoint: "http://e/oai", metadataPrefix: "edm", set: nil)) == nil)
        #expect(try store.checkpoint(for: HarvestJobKey(endpoint: "http://e/oai", metadataPrefix: "edm", set: "a b&c")) == nil)
        var done = checkpoint
        done.status = .complete
        done.resumptionToken = nil
        try store.saveCheckpoint(done)
        #expect(try store.checkpoints(endpoint: "http://e/oai") == [done])
        #expect(try store.checkpoints(endpoint: "http://other/oai") == [])
        try store.deleteCheckpoint(for: k)
        #expect(try store.checkpoint(for: k) == nil)
        #expect(try store.count(RecordQuery()) == 1)
    }

    @Test func checkpointsListJobsInTheOrderTheyBeganWhateverWasSavedLast() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        var first = SetCheckpoint(key: key("first"))
        let second = SetCheckpoint(key: key("second"))
        try store.saveCheckpoint(first)
        try store.saveCheckpoint(second)
        first.pages = 7
        first.status = .complete
        try store.storePage([record("r1", "2021-01-01", sets: ["first"])], metadataPrefix: "edm", checkpoint: first)
        #expect(try store.checkpoints().map(\.key.set) == ["first", "second"])
        #expect(try store.checkpoint(for: key("first")) == first)
        let rows = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM harvest_jobs") }
        #expect(rows == 2)
    }

    @Test func aFailingPageWritesNeitherRecordsNorCheckpoint() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        // Make the checkpoint insert fail after the records were written inside the same transaction.
        try store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON harvest_jobs BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        #expect(throws: StoreError.self) {
            try store.storePage([record("r1", "2021-01-01", sets: ["s"])], metadataPrefix: "edm",
                                checkpoint: SetCheckpoint(key: key("s")))
        }
        #expect(try store.count(RecordQuery()) == 0)
        #expect(try store.checkpoint(for: key("s")) == nil)
    }

    @Test func setsAndRunSummaries() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        try store.saveSets([SetInfo(spec: "b", name: "Bé"), SetInfo(spec: "a", name: "A & co")], endpoint: "e")
        #expect(try store.sets(endpoint: "e") == [SetInfo(spec: "a", name: "A & co"), SetInfo(spec: "b", name: "Bé")])
        #expect(try store.latestRunSummary() == nil)
        let rows = [SummaryRow(set: "a", records: 5, deleted: 1, pages: 2, seconds: 0.5, status: .suspectEnd, expected: 6,
                               stored: 6, retries: 2, message: "9 empty pages")]
        let summary = RunSummary(startedAt: Date(timeIntervalSince1970: 1000), finishedAt: Date(timeIntervalSince1970: 1010),
                                 endpoint: "e", metadataPrefix: "edm", rows: rows)
        try store.saveRunSummary(summary)
        #expect(try store.latestRunSummary() == summary)
    }

    @Test func aSummaryStoredBeforeVerifyFailuresWereKeptStillReads() throws {
        // A row as earlier versions wrote it: no `verifyFailure` key.
        let old = #"{"startedAt":0,"finishedAt":1,"endpoint":"e","metadataPrefix":"edm","rows":[{"set":"a","records":5,"#
            + #""deleted":0,"pages":1,"seconds":0.5,"status":"complete","expected":5,"stored":5,"retries":0}]}"#
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(old.utf8))
        #expect(summary.rows == [SummaryRow(set: "a", records: 5, deleted: 0, pages: 1, seconds: 0.5, status: .complete,
                                            expected: 5, stored: 5)])
        #expect(summary.rows.first?.verifyFailure == nil)
    }

    @Test func reopeningKeepsEverything() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
            try store.storeRecords([record("a", "2020-01-01", sets: ["s"])], metadataPrefix: "edm")
        }
        let again = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        #expect(try again.record(identifier: "a")?.sets == ["s"])
    }

    @Test func badFilesGiveOneLineErrors() throws {
        let dir = try TemporaryDirectory()
        let text = dir.path("notes.sqlite")
        try Data(String(repeating: "not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.notAStore(path: text, reason: "not an SQLite database")) {
            try SQLiteRecordStore(path: text)
        }
        let missing = dir.path("no/such/dir/s.sqlite")
        #expect(throws: StoreError.cannotOpen(path: missing, reason: "no such directory \(dir.path("no/such/dir"))")) {
            try SQLiteRecordStore(path: missing)
        }
        let foreign = dir.path("foreign.sqlite")
        do {
            let other = try SQLiteRecordStore(path: foreign)
            try other.pool.write { db in
                try db.execute(sql: "DROP TABLE grdb_migrations; DROP TABLE records; CREATE TABLE invoices (id INTEGER)")
            }
        }
        do {
            _ = try SQLiteRecordStore(path: foreign)
            Issue.record("a foreign database opened")
        } catch {
            #expect(error.description.hasPrefix("\(foreign): not a Thresher record store"))
        }
    }
}
