import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

/// The kept counts (`format_counts`, `set_counts`) must always equal what counting the records themselves gives.
@Suite struct CountTests {
    /// Per (set, format) and per format: live and deleted, counted from the records.
    func countedFromRecords(_ store: SQLiteRecordStore) throws -> (sets: [String], formats: [String]) {
        try store.pool.read { db in
            let sets = try Row.fetchAll(db, sql: """
                SELECT s.set_spec, r.metadata_prefix, SUM(r.deleted = 0), SUM(r.deleted != 0)
                FROM record_sets s JOIN records r ON r.seq = s.seq GROUP BY 1, 2 ORDER BY 1, 2
                """).map { "\($0[0] as String)/\($0[1] as String): \($0[2] as Int) \($0[3] as Int)" }
            let formats = try Row.fetchAll(db, sql: """
                SELECT metadata_prefix, SUM(deleted = 0), SUM(deleted != 0) FROM records GROUP BY 1 ORDER BY 1
                """).map { "\($0[0] as String): \($0[1] as Int) \($0[2] as Int)" }
            return (sets, formats)
        }
    }

    func kept(_ store: SQLiteRecordStore) throws -> (sets: [String], formats: [String]) {
        try store.pool.read { db in
            let sets = try Row.fetchAll(db, sql: """
                SELECT set_spec, metadata_prefix, live, deleted FROM set_counts WHERE live + deleted > 0 ORDER BY 1, 2
                """).map { "\($0[0] as String)/\($0[1] as String): \($0[2] as Int) \($0[3] as Int)" }
            let formats = try Row.fetchAll(db, sql: """
                SELECT metadata_prefix, live, deleted FROM format_counts WHERE live + deleted > 0 ORDER BY 1
                """).map { "\($0[0] as String): \($0[1] as Int) \($0[2] as Int)" }
            return (sets, formats)
        }
    }

    @Test func countsFollowInsertsUpdatesDeletionsAndNewMemberships() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 3)
        try store.storePage([record("a", "2020-01-01", sets: ["s1", "s1"]), record("b", "2020-01-01", sets: ["s1", "s2"]),
                             record("c", "2020-01-01", sets: [], deleted: true)],
                            metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("s1")))
        #expect(try store.setCounts() == [SetCount(set: "s1", live: 2, deleted: 0), SetCount(set: "s2", live: 1, deleted: 0)])
        #expect(try store.count(RecordQuery()) == 3)
        #expect(try store.count(RecordQuery(includeDeleted: false)) == 2)
        // b is deleted (with its two memberships) and joins s3 as deleted; a gains s3 by an older, unchanged copy;
        // c comes back live in s2.
        try store.storeRecords([record("b", "2021-01-01", sets: ["s3"], deleted: true), record("a", "2019-01-01", sets: ["s3"]),
                                record("c", "2021-01-01", sets: ["s2"])], metadataPrefix: "edm")
        #expect(try store.setCounts() == [SetCount(set: "s1", live: 1, deleted: 1), SetCount(set: "s2", live: 1, deleted: 1),
                                          SetCount(set: "s3", live: 1, deleted: 1)])
        #expect(try store.count(RecordQuery(metadataPrefix: "edm", set: "s2")) == 2)
        #expect(try store.count(RecordQuery(metadataPrefix: "edm", set: "s2", includeDeleted: false)) == 1)
        #expect(try store.count(RecordQuery(set: "nowhere")) == 0)
        // Another format: its own counts; the per-set figures add up across formats.
        try store.storeRecords([record("a", "2020-01-01", sets: ["s1"])], metadataPrefix: "oai_dc")
        #expect(try store.setCounts(metadataPrefix: "oai_dc") == [SetCount(set: "s1", live: 1, deleted: 0)])
        #expect(try store.setCounts().first == SetCount(set: "s1", live: 2, deleted: 1))
        #expect(try store.count(RecordQuery(metadataPrefix: "oai_dc")) == 1)
        #expect(try store.count(RecordQuery()) == 4)
        #expect(try store.metadataPrefixes() == ["edm", "oai_dc"])
        // With a datestamp range the records themselves are counted.
        #expect(try store.count(RecordQuery(metadataPrefix: "edm", set: "s1", from: "2020-06-01")) == 1)
        #expect(try kept(store) == countedFromRecords(store))
    }

    @Test func setsThatDifferOnlyInTheirUnicodeFormAreCountedApart() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        try store.storeRecords([record("a", "2020-01-01", sets: [composed]), record("b", "2020-01-01", sets: [decomposed, composed])],
                               metadataPrefix: "edm")
        try store.storeRecords([record("b", "2021-01-01", sets: [], deleted: true)], metadataPrefix: "edm")
        #expect(try kept(store) == countedFromRecords(store))
        #expect(try store.count(RecordQuery(set: composed)) == 2)
        #expect(try store.count(RecordQuery(set: decomposed, includeDeleted: false)) == 0)
        #expect(try store.setSpecs().count == 2)
    }

    @Test func countsAgreeWithTheRecordsOverRandomWrites() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 7)
        // A fixed linear congruential sequence: the same writes on every run.
        var state: UInt64 = 20_261_201
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let sets = ["a", "b", "c", "d e", "ü&"]
        for round in 0..<40 {
            var page: [RecordInput] = []
            for _ in 0...next(12) {
                let id = "r\(next(60))"
                let day = 1 + next(28)
                let chosen = (0..<next(4)).map { _ in sets[next(sets.count)] }
                page.append(record(id, "2020-02-\(day < 10 ? "0" : "")\(day)", sets: chosen, deleted: next(4) == 0,
                                   xml: "<x>\(round)</x>"))
            }
            let prefix = round % 5 == 4 ? "oai_dc" : "edm"
            if round % 2 == 0 {
                try store.storePage(page, metadataPrefix: prefix, checkpoint: SetCheckpoint(key: key(nil)))
            } else {
                try store.storeRecords(page, metadataPrefix: prefix)
            }
            #expect(try kept(store) == countedFromRecords(store), "after round \(round)")
        }
        let total = try store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM records") ?? -1 }
        #expect(try store.count(RecordQuery()) == total)
    }

    @Test func countsWithADatestampRangeAgreeWithTheRecords() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 9)
        for batch in 0..<4 {
            let page = (0..<20).map { n -> RecordInput in
                let id = (batch * 13 + n * 7) % 50
                return record("r\(id)", "2020-0\(1 + (id + batch) % 9)-1\(n % 10)", sets: id % 3 == 0 ? ["a"] : ["a", "b"],
                              deleted: (id + batch) % 6 == 0)
            }
            try store.storeRecords(page, metadataPrefix: batch == 3 ? "oai_dc" : "edm")
        }
        // Three more stay in the tails.
        try store.storeRecords([record("t1", "2020-03-03", sets: ["b"]), record("t2", "2020-07-01", sets: ["a"], deleted: true),
                                record("t3", "2020-01-01", sets: [])], metadataPrefix: "edm")
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM datestamp_tail") ?? 0 } > 0)
        let queries = [
            RecordQuery(from: "2020-03-01"), RecordQuery(until: "2020-05-15"),
            RecordQuery(metadataPrefix: "edm", from: "2020-02-10", until: "2020-06-30"),
            RecordQuery(metadataPrefix: "oai_dc", set: "b", from: "2020-01-01"),
            RecordQuery(set: "a", until: "2020-04-12T00:00:00Z"), RecordQuery(set: "b", from: "2020-02-01", includeDeleted: false),
            RecordQuery(set: "none", from: "2020-01-01"),
        ]
        for query in queries {
            let (sql, arguments) = SQLiteRecordStore.sql(for: query, after: nil, select: "SELECT COUNT(*) FROM records r",
                                                         datestampIndex: false)
            let counted = try store.pool.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
            #expect(try store.count(query) == counted, "\(query)")
        }
    }

    @Test func aVersionTwoStoreGetsItsCountsWhenMigrated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("v2.sqlite")
        try makeOldStore(at: path, upTo: "v2-deferred-datestamp-and-set-indexes",
                         [(1, "x", "2020-01-01T00:00:00Z", false, ["s"]), (2, "y", "2020-01-01T00:00:00Z", true, ["s", "t"]),
                          (3, "z", "2020-01-01T00:00:00Z", false, [])])
        var heard: [[String]] = []
        let store = try SQLiteRecordStore(path: path) { migrations in heard.append(migrations) }
        #expect(heard == [["v3-record-and-set-counts", "v5-measurements", "v6-compressed-payloads", "v8-live-records-without-xml", "v14-measurements-by-provider"]])
        #expect(try store.setCounts() == [SetCount(set: "s", live: 1, deleted: 1), SetCount(set: "t", live: 0, deleted: 1)])
        // Opened again, or made new: nothing to hear.
        _ = try SQLiteRecordStore(path: path) { migrations in heard.append(migrations) }
        _ = try SQLiteRecordStore(path: dir.path("new.sqlite")) { migrations in heard.append(migrations) }
        #expect(heard.count == 1)
        #expect(try store.count(RecordQuery(metadataPrefix: "edm")) == 3)
        #expect(try store.count(RecordQuery(includeDeleted: false)) == 2)
        try store.storeRecords([record("y", "2021-01-01", sets: ["t"])], metadataPrefix: "edm")
        #expect(try store.setCounts() == [SetCount(set: "s", live: 2, deleted: 0), SetCount(set: "t", live: 1, deleted: 0)])
        #expect(try kept(store) == countedFromRecords(store))
    }

    @Test func aVersionThreeStoreGetsItsOtherDatestampFormsInUTC() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("v3.sqlite")
        try makeOldStore(at: path, upTo: "v3-record-and-set-counts",
                         [(1, "x", "2024-05-01T10:00:00+02:00", false, ["s"]), (2, "y", "2024-05-01T09:00:00.250Z", false, ["s"]),
                          (3, "z", "2024-05-01T07:00:00Z", false, ["s"])])
        let pool = try DatabasePool(path: path)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO datestamp_tail SELECT seq, metadata_prefix, datestamp_utc FROM records")
        }
        var heard: [[String]] = []
        let store = try SQLiteRecordStore(path: path) { migrations in heard.append(migrations) }
        #expect(heard == [["v5-measurements", "v6-compressed-payloads", "v8-live-records-without-xml", "v14-measurements-by-provider"]])  // v4 is quick: only the index tables are read
        let utc = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT datestamp_utc FROM records ORDER BY seq") }
        #expect(utc == ["2024-05-01T08:00:00Z", "2024-05-01T09:00:00Z", "2024-05-01T07:00:00Z"])
        let tail = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT datestamp_utc FROM datestamp_tail ORDER BY seq") }
        #expect(tail == utc)
        // Ranges and the newer-wins rule see the migrated values.
        let range = RecordQuery(from: "2024-05-01T07:30:00Z", until: "2024-05-01T08:30:00Z")
        #expect(try store.records(range, limit: 10).map(\.identifier) == ["x"])
        try store.storeRecords([record("x", "2024-05-01T08:45:00Z", sets: ["s"], xml: "<x>newer</x>")], metadataPrefix: "edm")
        #expect(try store.record(identifier: "x")?.metadataXML == "<x>newer</x>")
        try store.completeIndexes()
        #expect(try store.records(range, limit: 10).map(\.identifier) == [])
    }
}
