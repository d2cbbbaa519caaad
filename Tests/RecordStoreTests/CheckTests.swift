import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

/// `check` finds a damaged file and broken invariants, each named with what to do; `repair` mends the derived tables.
@Suite struct CheckTests {
    /// A sound store: three records in two sets, merged into the indexes, a finished job and a run summary.
    static func soundStore(_ dir: TemporaryDirectory) throws -> (SQLiteRecordStore, String) {
        let path = dir.path("c.sqlite")
        let store = try SQLiteRecordStore(path: path)
        try store.storePage([record("a", "2021-01-01", sets: ["s"]), record("b", "2021-01-02", sets: ["s", "t"]),
                             record("c", "2021-01-03", sets: ["t"], deleted: true)],
                            metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("s"), status: .complete, pages: 1))
        try store.completeIndexes()
        try store.saveRunSummary(RunSummary(startedAt: Date(), finishedAt: Date(), endpoint: "http://127.0.0.1/oai",
                                            metadataPrefix: "edm", rows: []))
        return (store, path)
    }

    static func execute(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    @Test func aSoundStoreHasNoProblems() throws {
        let dir = try TemporaryDirectory()
        let (store, _) = try Self.soundStore(dir)
        #expect(try store.check(full: false, progress: nil) == StoreCheckReport(problems: [], full: false, records: 3))
        #expect(try store.check(full: true, progress: nil).isSound)
        // Records waiting above the indexes (not merged yet) are sound too.
        try store.storeRecords([record("d", "2021-01-04", sets: ["s"])], metadataPrefix: "edm")
        #expect(try store.check(full: false, progress: nil).isSound)
    }

    @Test func aMembershipWithoutItsRecord() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.soundStore(dir)
        try Self.execute(path, "INSERT INTO record_sets (seq, set_spec) VALUES (999, 's')")
        let problems = try store.check(full: false, progress: nil).problems
        #expect(problems == [.membershipsWithoutRecord(1)])
        #expect(problems.map(\.description) == ["1 set membership (record_sets) names no record; run `thresher check --repair` to remove them"])
        try store.repair(progress: nil)
        #expect(try store.check(full: false, progress: nil).isSound)
        #expect(try store.record(identifier: "b")?.sets == ["s", "t"])
    }

    @Test func countsThatDisagreeWithTheRecords() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.soundStore(dir)
        try Self.execute(path, "UPDATE format_counts SET live = live + 2; UPDATE set_counts SET deleted = 5 WHERE set_spec = 't'")
        let problems = try store.check(full: false, progress: nil).problems
        #expect(problems.map(\.description) == [
            "kept counts per format (format_counts) disagree with the records for 1 format (first: edm: kept 4 live, 1 deleted; "
                + "counted 2 live, 1 deleted); run `thresher check --repair` to count again",
            "kept counts per set (set_counts) disagree with the set memberships for 1 set and format (first: t/edm: kept 1 live, "
                + "5 deleted; counted 1 live, 1 deleted); run `thresher check --repair` to count again",
        ])
        try store.repair(progress: nil)
        #expect(try store.check(full: false, progress: nil).isSound)
        #expect(try store.count(RecordQuery(set: "t")) == 2)
    }

    @Test func indexesThatDisagreeWithTheRecords() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.soundStore(dir)
        try Self.execute(path, """
            DELETE FROM datestamp_index WHERE seq = 1; INSERT INTO set_index VALUES ('u', 2);
            INSERT INTO measurements VALUES ('edm', 77, 'x', 'h', 'h', NULL, NULL, NULL, x'00', 0);
            UPDATE index_state SET indexed_through = 50
            """)
        let problems = try store.check(full: false, progress: nil).problems
        #expect(problems == [.indexStateWrong(indexedThrough: 50, lastRecord: 3), .setIndexDisagrees(1), .datestampIndexDisagrees(1),
                             .measurementsWithoutRecord(1)])
        #expect(problems.map(\.description) == [
            "the index state (index_state) says records up to seq 50 are indexed, the last record is seq 3; run `thresher check --repair` to rebuild the indexes",
            "1 entry of the set index (set_index) disagrees with the set memberships; run `thresher check --repair` to rebuild it",
            "1 entry of the datestamp index (datestamp_index, datestamp_tail) disagrees with the records; run `thresher check --repair` to rebuild it",
            "1 measurement names no record; run `thresher check --repair` to remove them",
        ])
        try store.repair(progress: nil)
        #expect(try store.check(full: false, progress: nil).isSound)
        #expect(try store.records(RecordQuery(from: "2021-01-01", until: "2021-01-01"), limit: 10).map(\.identifier) == ["a"])
    }

    @Test func datestampEntriesAreCountedFromEitherSide() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.soundStore(dir)
        // A stray entry, a record in both the index and the tail, an entry with another datestamp than its record's
        // (the record then lacks its own entry too): 1 + 1 + 2.
        try Self.execute(path, """
            INSERT INTO datestamp_index VALUES ('edm', '2020-05-05T00:00:00Z', 42);
            INSERT INTO datestamp_tail SELECT seq, metadata_prefix, datestamp_utc FROM records WHERE identifier = 'a';
            UPDATE datestamp_index SET datestamp_utc = '1999-01-01T00:00:00Z' WHERE seq = (SELECT seq FROM records WHERE identifier = 'b')
            """)
        #expect(try store.check(full: false, progress: nil).problems == [.datestampIndexDisagrees(4)])
        try store.repair(progress: nil)
        #expect(try store.check(full: true, progress: nil).isSound)
    }

    @Test func unreadableCheckpointsAndSummariesAreForgotten() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.soundStore(dir)
        try Self.execute(path, "UPDATE harvest_jobs SET checkpoint = '{broken'; UPDATE runs SET summary = 'x'")
        #expect(try store.check(full: false, progress: nil).problems.map(\.description) == [
            "1 harvest checkpoint cannot be read (first of http://127.0.0.1/oai); run `thresher check --repair` to forget them "
                + "(their records stay; the harvest starts those jobs over)",
            "1 run summary cannot be read; run `thresher check --repair` to remove them",
        ])
        try store.repair(progress: nil)
        #expect(try store.check(full: false, progress: nil).isSound)
        #expect(try store.checkpoints().isEmpty && store.latestRunSummary() == nil && store.count(RecordQuery()) == 3)
    }

    @Test func valuesOfAnotherTypeAreProblemsNotCrashes() throws {
        let dir = try TemporaryDirectory()
        let (store, path) = try Self.soundStore(dir)
        try Self.execute(path, """
            UPDATE format_counts SET live = 'many'; UPDATE harvest_jobs SET checkpoint = x'FF00', set_spec = 1.5;
            UPDATE runs SET finished_at = 'later'
            """)
        let problems = try store.check(full: false, progress: nil).problems
        #expect(problems.count == 2)
        #expect(problems.first == .formatCountsDisagree(1, first: CountMismatch(key: "edm", keptLive: 0, keptDeleted: 1,
                                                                               countedLive: 2, countedDeleted: 1)))
        #expect(problems.last == .unreadableCheckpoints(1, firstEndpoint: "http://127.0.0.1/oai"))
        #expect(throws: StoreError.self) { try store.jobStates() }
    }

    @Test func aPageOverwrittenWithGarbageIsADamagedFileAndIsNotRepaired() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("c.sqlite")
        do {
            let (store, _) = try Self.soundStore(dir)
            _ = store
        }
        try overwriteRootPage(of: "record_sets", in: path)
        let store = try SQLiteRecordStore(path: path)
        for full in [false, true] {
            let report = try store.check(full: full, progress: nil)
            #expect(report.records == nil && report.problems.count == 1)
            guard case .damagedFile(let reports, _, let wasFull) = report.problems.first else {
                Issue.record("not a damaged file: \(report.problems)")
                continue
            }
            #expect(reports >= 1 && wasFull == full)
            let line = report.problems.first?.description ?? ""
            #expect(line.hasPrefix("damaged file: SQLite's \(full ? "integrity_check" : "quick_check") reports "))
            #expect(line.hasSuffix("; restore the store from a copy"))
        }
        #expect(throws: StoreError.self) { try store.repair(progress: nil) }
    }
}

/// Writes a page of garbage over the root page of `table` (the store closed, its WAL checkpointed into the file).
func overwriteRootPage(of table: String, in path: String) throws {
    let queue = try DatabaseQueue(path: path)
    let (root, pageSize) = try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        return (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table]) ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
    }
    try queue.close()
    #expect(root > 1 && pageSize == 65_536)
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    try handle.seek(toOffset: UInt64((root - 1) * pageSize))
    try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
    try handle.close()
}
