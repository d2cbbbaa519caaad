import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

/// The datestamp and set indexes lag the records by up to `indexBatch` records; every read must give the same
/// answer whether a record is merged into the indexes or still in their tails.
@Suite struct DeferredIndexTests {
    func ids(_ store: SQLiteRecordStore, _ query: RecordQuery, after: Int64? = nil) throws -> [String] {
        try store.records(query, after: after, limit: 1_000).map(\.identifier)
    }

    func indexState(_ store: SQLiteRecordStore) throws -> (through: Int64, tail: Int, dates: Int, sets: Int) {
        try store.pool.read { db in
            (try Int64.fetchOne(db, sql: "SELECT indexed_through FROM index_state") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM datestamp_tail") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM datestamp_index") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM set_index") ?? -1)
        }
    }

    @Test func readsAgreeAcrossTheMergePoint() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 4)
        // Page 1 (three records) stays in the tails; page 2 brings the total to six and merges them all.
        try store.storePage([record("r1", "2020-03-01", sets: ["b"]), record("r2", "2020-01-01", sets: ["a", "b"]),
                             record("r3", "2020-02-01T12:00:00Z", sets: ["a"])],
                            metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key(nil)))
        #expect(try indexState(store) == (0, 3, 0, 0))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", set: "a")) == ["r2", "r3"])
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2020-02-01")) == ["r1", "r3"])
        #expect(try store.earliestDatestamp(metadataPrefix: "edm") == "2020-01-01T00:00:00Z")
        #expect(try store.setSpecs() == ["a", "b"])
        try store.storePage([record("r4", "2019-06-01", sets: ["c"]), record("r5", "2020-02-01", sets: ["a"]),
                             record("r6", "2021-01-01", sets: [])],
                            metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key(nil)))
        #expect(try indexState(store) == (6, 0, 6, 6))
        // Page 3 stays in the tails again: reads combine index and tail.
        try store.storePage([record("r7", "2020-02-15", sets: ["a", "c"])],
                            metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key(nil)))
        #expect(try indexState(store) == (6, 1, 6, 6))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", set: "a")) == ["r2", "r3", "r5", "r7"])
        #expect(try ids(store, RecordQuery(set: "c")) == ["r4", "r7"])
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2020-02-01", until: "2020-02-15")) == ["r3", "r5", "r7"])
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", set: "a", from: "2020-02-01"), after: 3) == ["r5", "r7"])
        #expect(try ids(store, RecordQuery(until: "2019-12-31")) == ["r4"])
        #expect(try store.count(RecordQuery(metadataPrefix: "edm", set: "a", until: "2020-02-01")) == 3)
        #expect(try store.earliestDatestamp() == "2019-06-01T00:00:00Z")
        #expect(try store.setSpecs() == ["a", "b", "c"])
        #expect(try store.setCounts() == [SetCount(set: "a", live: 4, deleted: 0), SetCount(set: "b", live: 2, deleted: 0),
                                          SetCount(set: "c", live: 2, deleted: 0)])
        try store.completeIndexes()
        #expect(try indexState(store) == (7, 0, 7, 8))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2020-02-01", until: "2020-02-15")) == ["r3", "r5", "r7"])
        #expect(try ids(store, RecordQuery(set: "c")) == ["r4", "r7"])
    }

    @Test func updatesAndNewMembershipsOnBothSidesOfTheMergePoint() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 2)
        try store.storeRecords([record("old", "2020-01-01", sets: ["a"]), record("old2", "2020-01-02", sets: ["a"])],
                               metadataPrefix: "edm")
        try store.storeRecords([record("new", "2020-01-03", sets: ["a"])], metadataPrefix: "edm")
        #expect(try indexState(store) == (2, 1, 2, 2))
        // A later datestamp moves a merged record within the index and a waiting one within the tail.
        try store.storeRecords([record("old", "2022-05-05", sets: ["b"], xml: "<x>2</x>"),
                                record("new", "2019-01-01", sets: ["b"])], metadataPrefix: "edm")
        #expect(try indexState(store) == (2, 1, 2, 3))  // "new" has an earlier datestamp: unchanged, gains set b
        try store.storeRecords([record("new", "2023-01-01", sets: [], xml: "<x>3</x>")], metadataPrefix: "edm")
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2022-01-01")) == ["old", "new"])
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", until: "2020-12-31")) == ["old2"])
        #expect(try ids(store, RecordQuery(set: "b")) == ["old", "new"])
        #expect(try store.earliestDatestamp(metadataPrefix: "edm") == "2020-01-02T00:00:00Z")
        try store.completeIndexes()
        #expect(try indexState(store) == (3, 0, 3, 5))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2022-01-01")) == ["old", "new"])
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", until: "2020-12-31")) == ["old2"])
        #expect(try ids(store, RecordQuery(set: "b")) == ["old", "new"])
        #expect(try store.record(identifier: "new")?.sets == ["a", "b"])
    }

    @Test func aDatestampRangeReadThroughTheIndexOrInSeqOrderGivesTheSameRecords() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 5)
        let records = (0..<12).map { n in
            record("r\(n)", "2020-0\(1 + n % 4)-1\(n % 10)", sets: n % 3 == 0 ? ["a"] : ["b"], deleted: n == 7)
        }
        try store.storeRecords(Array(records[..<8]), metadataPrefix: "edm")  // merged
        try store.storeRecords(Array(records[8...]), metadataPrefix: "edm")  // in the tail
        try store.storeRecords([record("dc", "2020-02-15", sets: ["a"])], metadataPrefix: "oai_dc")
        let queries = [
            RecordQuery(metadataPrefix: "edm", from: "2020-02-01"),
            RecordQuery(metadataPrefix: "edm", until: "2020-02-28", includeDeleted: false),
            RecordQuery(metadataPrefix: "edm", set: "a", from: "2020-01-05", until: "2020-03-31"),
            RecordQuery(from: "2020-02-01", until: "2020-02-28"),
        ]
        for query in queries {
            for after in [nil, Int64(3)] {
                let (listed, listedArguments) = SQLiteRecordStore.sql(for: query, after: after, select: "SELECT r.seq FROM records r",
                                                                      datestampIndex: true)
                let (walked, walkedArguments) = SQLiteRecordStore.sql(for: query, after: after, select: "SELECT r.seq FROM records r",
                                                                      datestampIndex: false)
                let viaIndex = try store.pool.read { try Int64.fetchAll($0, sql: listed + " ORDER BY r.seq", arguments: listedArguments) }
                let inOrder = try store.pool.read { try Int64.fetchAll($0, sql: walked + " ORDER BY r.seq", arguments: walkedArguments) }
                #expect(viaIndex == inOrder, "\(query) after \(String(describing: after))")
                #expect(try store.records(query, after: after, limit: 100).map(\.seq) == viaIndex)
            }
        }
        #expect(try store.records(queries[0], limit: 100).map(\.identifier) == ["r1", "r2", "r3", "r5", "r6", "r7", "r9", "r10", "r11"])
        #expect(try store.pool.read { try SQLiteRecordStore.isNarrow(queries[0], $0) })
        #expect(SQLiteRecordStore.narrowRange(records: 12) == 20_000)
        #expect(SQLiteRecordStore.narrowRange(records: 60_000_000) == 547_722)
    }

    @Test func theTailsGrowWithTheIndexes() throws {
        #expect(SQLiteRecordStore.mergeThreshold(indexed: 0, batch: 16_384) == 16_384)
        #expect(SQLiteRecordStore.mergeThreshold(indexed: 131_072, batch: 16_384) == 16_384)
        #expect(SQLiteRecordStore.mergeThreshold(indexed: 1_000_000, batch: 16_384) == 125_000)
        #expect(SQLiteRecordStore.mergeThreshold(indexed: 60_000_000, batch: 16_384) == 1_048_576)
        // Batch 2: merges at 2 records, then at 4 (2 waiting), …; once 24 are indexed, 3 must wait.
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 2)
        try store.storeRecords((0..<24).map { record("r\($0)", "2020-01-01", sets: ["a"]) }, metadataPrefix: "edm")
        #expect(try indexState(store) == (24, 0, 24, 24))
        try store.storeRecords([record("x1", "2021-01-01", sets: ["a"]), record("x2", "2021-01-02", sets: ["b"])], metadataPrefix: "edm")
        #expect(try indexState(store) == (24, 2, 24, 24))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2021-01-01")) == ["x1", "x2"])
        #expect(try ids(store, RecordQuery(set: "b")) == ["x2"])
        try store.storeRecords([record("x3", "2021-01-03", sets: ["b"])], metadataPrefix: "edm")
        #expect(try indexState(store) == (27, 0, 27, 27))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2021-01-01")) == ["x1", "x2", "x3"])
        #expect(try ids(store, RecordQuery(set: "b")) == ["x2", "x3"])
    }

    @Test func aSetIsWalkedThroughItsMembershipsInPages() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), indexBatch: 16)
        // 90 records over three writes: most merged, the last ones in the tail; memberships added later too.
        let all = (0..<90).map { n in
            record("r\(n)", "2020-0\(1 + n % 9)-01", sets: n % 2 == 0 ? ["even"] : n % 3 == 0 ? ["odd", "three"] : ["odd"],
                   deleted: n % 7 == 0)
        }
        try store.storeRecords(Array(all[..<40]), metadataPrefix: "edm")
        try store.storeRecords(Array(all[40..<80]), metadataPrefix: "edm")
        try store.storeRecords(Array(all[80...]) + [record("r1", "2019-01-01", sets: ["even"])], metadataPrefix: "edm")
        try store.storeRecords([record("r2", "2020-05-05", sets: ["odd"])], metadataPrefix: "oai_dc")
        #expect(try indexState(store).tail > 0 && indexState(store).through > 0)
        let queries = [
            RecordQuery(set: "even"), RecordQuery(metadataPrefix: "edm", set: "odd"),
            RecordQuery(metadataPrefix: "oai_dc", set: "odd"), RecordQuery(set: "three", includeDeleted: false),
            RecordQuery(metadataPrefix: "edm", set: "even", from: "2020-03-01", until: "2020-06-30"),
            RecordQuery(set: "nowhere"),
        ]
        for query in queries {
            var conditions = ["r.seq IN (SELECT seq FROM record_sets WHERE set_spec = ?)"]
            var arguments: StatementArguments = [query.set]
            if let prefix = query.metadataPrefix { conditions.append("r.metadata_prefix = ?"); arguments += [prefix] }
            if !query.includeDeleted { conditions.append("r.deleted = 0") }
            if query.from != nil { conditions.append("r.datestamp_utc BETWEEN '2020-03-01' AND '2020-06-30T23:59:59Z'") }
            let sql = "SELECT seq FROM records r WHERE " + conditions.joined(separator: " AND ") + " ORDER BY seq"
            let expected = try store.pool.read { try Int64.fetchAll($0, sql: sql, arguments: arguments) }
            for limit in [1, 7, 100] {
                // Paged as a listing pages, by the last seq of each page.
                var paged: [Int64] = []
                var walked: [Int64] = []
                var after: Int64?
                while true {
                    let page = try store.records(query, after: after, limit: limit).map(\.seq)
                    let walk = try store.pool.read { db in
                        try SQLiteRecordStore.setRecords(query, set: query.set ?? "", after: after, limit: limit,
                                                         columns: SQLiteRecordStore.recordColumns(.all), db).map { $0[0] as Int64 }
                    }
                    #expect(page == walk, "\(query) after \(String(describing: after))")
                    paged += page
                    walked += walk
                    guard let last = page.last, page.count == limit else { break }
                    after = last
                }
                #expect(paged == expected, "\(query) in pages of \(limit)")
                #expect(walked == expected, "\(query) walked in pages of \(limit)")
            }
        }
        #expect(try store.records(RecordQuery(set: "even"), limit: 3).map(\.identifier) == ["r0", "r1", "r2"])
    }

    @Test func aVersionOneStoreIsMigratedWithItsIndexes() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("v1.sqlite")
        try makeOldStore(at: path, upTo: "v1-records-and-harvest-state",
                         [(1, "x", "2020-05-01T00:00:00Z", false, ["s"]), (2, "y", "2020-01-01T00:00:00Z", false, ["s", "t"])])
        let store = try SQLiteRecordStore(path: path, indexBatch: 100)
        #expect(try indexState(store) == (2, 0, 2, 3))
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", set: "t")) == ["y"])
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", from: "2020-02-01")) == ["x"])
        #expect(try store.record(identifier: "y")?.sets == ["s", "t"])
        try store.storeRecords([record("z", "2020-03-01", sets: ["t"])], metadataPrefix: "edm")
        #expect(try ids(store, RecordQuery(metadataPrefix: "edm", set: "t", from: "2020-01-01")) == ["y", "z"])
        #expect(try store.earliestDatestamp() == "2020-01-01T00:00:00Z")
    }
}
