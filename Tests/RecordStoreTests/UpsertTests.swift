import ThresherCore
import Foundation
import GRDB
import GRDBSQLite
import Testing
import TestSupport
@testable import RecordStore

func record(_ id: String, _ datestamp: String, sets: [String], deleted: Bool = false, xml: String? = nil) -> RecordInput {
    RecordInput(identifier: id, datestamp: datestamp, deleted: deleted, sets: sets,
                metadataXML: deleted ? nil : (xml ?? "<x>\(id)</x>"), json: deleted ? nil : "{\"id\":\"\(id)\"}")
}

/// A store as an older Thresher left it: migrated up to `migration`, holding `rows` (seq, identifier, UTC datestamp,
/// deleted, sets) in format edm.
func makeOldStore(at path: String, upTo migration: String, _ rows: [(Int, String, String, Bool, [String])]) throws {
    let pool = try DatabasePool(path: path)
    try StoreMigrations.migrator(upTo: migration).migrate(pool)
    try pool.write { db in
        for (seq, id, date, deleted, sets) in rows {
            try db.execute(sql: "INSERT INTO records VALUES (?, ?, 'edm', ?, ?, ?, '<x/>', '{}', 'h', 0)",
                           arguments: [seq, id, date, date, deleted])
            for set in sets {
                try db.execute(sql: "INSERT INTO record_sets (set_spec, seq) VALUES (?, ?)", arguments: [set, seq])
            }
        }
    }
}

func key(_ set: String?) -> HarvestJobKey {
    HarvestJobKey(endpoint: "http://127.0.0.1/oai", metadataPrefix: "edm", set: set)
}

@Suite struct UpsertTests {
    @Test func twiceListedRecordIsStoredOnceWithAllItsSets() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let first = try store.storePage([record("a", "2020-01-01T00:00:00Z", sets: ["s1"]),
                                         record("b", "2020-01-01", sets: ["s1"])],
                                        metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("s1")))
        #expect(first == PageWriteResult(inserted: 2, updated: 0, unchanged: 0))
        let second = try store.storePage([record("a", "2020-01-01T00:00:00Z", sets: ["s2", "s1"])],
                                         metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("s2")))
        #expect(second == PageWriteResult(inserted: 0, updated: 0, unchanged: 1))
        #expect(try store.count(RecordQuery()) == 2)
        let a = try #require(try store.record(identifier: "a"))
        #expect(a.sets == ["s1", "s2"])
        #expect(a.contentHash == XXH64.hex("<x>a</x>"))
        #expect(try store.setCounts() == [SetCount(set: "s1", live: 2, deleted: 0), SetCount(set: "s2", live: 1, deleted: 0)])
    }

    @Test func datestampsInOtherFormsAreComparedAsUTCSeconds() throws {
        let cases: [(String, String)] = [
            ("2024-02-01T10:00:00Z", "2024-02-01T10:00:00Z"),
            ("2024-02-01", "2024-02-01T00:00:00Z"),
            ("2024-02-01T10:00:00.500Z", "2024-02-01T10:00:00Z"),
            ("2024-02-01T11:00:00+01:00", "2024-02-01T10:00:00Z"),
            ("2024-01-01T00:30:00+0100", "2023-12-31T23:30:00Z"),
            ("2023-12-31T23:30:00-02:00", "2024-01-01T01:30:00Z"),
            ("2024-02-01 10:00", "2024-02-01T10:00:00Z"),
            ("2024-02-01T10:00:00", "2024-02-01T10:00:00Z"),
            (" 2024-02-01T10:00:00Z ", "2024-02-01T10:00:00Z"),
            ("not a date", "not a date"),
            ("2024-13-01T10:00:00Z", "2024-13-01T10:00:00Z"),
            ("2024-02-01T10:00:00+25:00", "2024-02-01T10:00:00+25:00"),
            ("2024-05-01 10:00:00Z", "2024-05-01T10:00:00Z"),
            ("2024-02-31T00:00+00:00", "2024-02-31T00:00+00:00"),
            ("2024-02-29T23:30:00-01:00", "2024-03-01T00:30:00Z"),
            ("2023-03-01T00:10:00+01:00", "2023-02-28T23:10:00Z"),
            ("1970-01-01T00:00:00+00:01", "1969-12-31T23:59:00Z"),
            ("2000-12-31T23:59:59.999-00:00", "2000-12-31T23:59:59Z"),
        ]
        for (input, expected) in cases {
            #expect(UTCDatestamp.sortable(input) == expected, "\(input)")
        }
        #expect(UTCDatestamp.sortable("2024-02-01", endOfDay: true) == "2024-02-01T23:59:59Z")
        // Half a second later is the same second, so the new content wins (it would have lost to the string "…00Z").
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        try store.storeRecords([record("a", "2024-02-01T10:00:00Z", sets: ["s"], xml: "<x>v1</x>")], metadataPrefix: "edm")
        try store.storeRecords([record("a", "2024-02-01T10:00:00.500Z", sets: ["s"], xml: "<x>v2</x>")], metadataPrefix: "edm")
        #expect(try store.record(identifier: "a")?.metadataXML == "<x>v2</x>")
        try store.storeRecords([record("a", "2024-02-01T10:59:00+01:00", sets: ["s"], xml: "<x>older</x>")], metadataPrefix: "edm")
        #expect(try store.record(identifier: "a")?.metadataXML == "<x>v2</x>")
    }

    @Test func anUnreadableDatestampNeverOutranksAReadableOne() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        try store.storeRecords([record("a", "2024-13-01T00:00:00Z", sets: ["s"], xml: "<x>garbage date</x>")], metadataPrefix: "edm")
        try store.storeRecords([record("a", "2024-06-01T00:00:00Z", sets: ["s"], xml: "<x>real date</x>")], metadataPrefix: "edm")
        #expect(try store.record(identifier: "a")?.metadataXML == "<x>real date</x>")
        try store.storeRecords([record("a", "", sets: ["s"], xml: "<x>no date</x>")], metadataPrefix: "edm")
        #expect(try store.record(identifier: "a")?.metadataXML == "<x>real date</x>")
        #expect(UTCDatestamp.isSeconds("2024-06-01T00:00:00Z") && !UTCDatestamp.isSeconds("2024-13-01T00:00:00Z"))
        #expect(!UTCDatestamp.isSeconds("2024-06-01 00:00:00Z") && !UTCDatestamp.isSeconds("٢٠٢٤-06-01T00:00:00Z"))
    }

    @Test func laterDatestampReplacesEarlierNeverTheOtherWay() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        try store.storeRecords([record("a", "2020-01-02T00:00:00Z", sets: ["s"], xml: "<x>v2</x>")], metadataPrefix: "edm")
        let older = try store.storeRecords([record("a", "2020-01-01", sets: ["t"], xml: "<x>v1</x>")], metadataPrefix: "edm")
        #expect(older == PageWriteResult(inserted: 0, updated: 0, unchanged: 1, older: 1))
        var a = try #require(try store.record(identifier: "a"))
        #expect(a.metadataXML == "<x>v2</x>")
        #expect(a.sets == ["s", "t"])
        let seq = a.seq
        let newer = try store.storeRecords([record("a", "2021-05-05T10:00:00Z", sets: ["s"], deleted: true)], metadataPrefix: "edm")
        #expect(newer == PageWriteResult(inserted: 0, updated: 1, unchanged: 0))
        a = try #require(try store.record(identifier: "a"))
        #expect(a.deleted && a.metadataXML == nil && a.json == nil && a.contentHash == "")
        #expect(a.seq == seq)
        try store.storeRecords([record("a", "2022-01-01T00:00:00Z", sets: ["s"], xml: "<x>v3</x>")], metadataPrefix: "edm")
        a = try #require(try store.record(identifier: "a"))
        #expect(!a.deleted && a.metadataXML == "<x>v3</x>" && a.datestamp == "2022-01-01T00:00:00Z" && a.seq == seq)
    }

    @Test func queriesFilterBySetDatesDeletedAndPage() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        try store.storeRecords([
            record("a", "2020-01-01", sets: ["x"]),
            record("b", "2020-01-01T23:59:59Z", sets: ["x", "y"]),
            record("c", "2020-01-02T00:00:00Z", sets: ["y"], deleted: true),
            record("d", "2020-03-01T12:00:00Z", sets: ["y"]),
        ], metadataPrefix: "edm")
        try store.storeRecords([record("e", "2019-01-01", sets: ["x"])], metadataPrefix: "oai_dc")
        func ids(_ query: RecordQuery, after: Int64? = nil, limit: Int = 100) throws -> [String] {
            try store.records(query, after: after, limit: limit).map(\.identifier)
        }
        #expect(try ids(RecordQuery(set: "x")) == ["a", "b", "e"])
        #expect(try ids(RecordQuery(metadataPrefix: "edm", set: "y")) == ["b", "c", "d"])
        #expect(try ids(RecordQuery(metadataPrefix: "edm", until: "2020-01-01")) == ["a", "b"])
        #expect(try ids(RecordQuery(metadataPrefix: "edm", from: "2020-01-02", until: "2020-02-01T00:00:00Z")) == ["c"])
        #expect(try ids(RecordQuery(metadataPrefix: "edm", set: "y", includeDeleted: false)) == ["b", "d"])
        let xmlOnly = try store.records(RecordQuery(metadataPrefix: "edm"), limit: 1, content: .xml)
        #expect(xmlOnly.first?.json == nil && xmlOnly.first?.metadataXML == "<x>a</x>" && xmlOnly.first?.sets == ["x"])
        let headersOnly = try store.records(RecordQuery(metadataPrefix: "edm", set: "x"), limit: 1, content: .none)
        #expect(headersOnly.first?.metadataXML == nil && headersOnly.first?.json == nil && headersOnly.first?.identifier == "a"
                && headersOnly.first?.sets == ["x"] && headersOnly.first?.contentHash.isEmpty == false)
        let firstTwo = try store.records(RecordQuery(metadataPrefix: "edm"), limit: 2)
        #expect(firstTwo.map(\.identifier) == ["a", "b"])
        #expect(try ids(RecordQuery(metadataPrefix: "edm"), after: firstTwo.last?.seq) == ["c", "d"])
        #expect(try store.count(RecordQuery(metadataPrefix: "edm", set: "y")) == 3)
        #expect(try store.metadataPrefixes() == ["edm", "oai_dc"])
        #expect(try store.earliestDatestamp(metadataPrefix: "edm") == "2020-01-01T00:00:00Z")
        #expect(try store.earliestDatestamp() == "2019-01-01T00:00:00Z")
        #expect(try store.identifiers(metadataPrefix: "edm") == ["a", "b", "c", "d"])
        var streamed: [String] = []
        try store.forEachRecord(RecordQuery(set: "y")) { streamed.append($0.identifier) }
        #expect(streamed == ["b", "c", "d"])
        #expect(try store.setCounts(metadataPrefix: "edm") == [SetCount(set: "x", live: 2, deleted: 0), SetCount(set: "y", live: 2, deleted: 1)])
    }

    @Test(arguments: [PayloadCompression.uncompressed, .zstd])
    func aPayloadPastSQLitesLengthLimitFailsNamingTheRecordAndStoresNothing(compression: PayloadCompression) throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"), payloadCompression: compression)
        try store.storeRecords([record("kept", "2020-01-01", sets: ["s"])], metadataPrefix: "edm")
        store.pool.writeWithoutTransaction { db in _ = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, 200) }
        // Text that zstd cannot shrink below the limit either.
        var random = SplitMix64(seed: 3)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let noise = String((0..<1_000).map { _ in letters[random.next(64)] })
        let big = record("big", "2020-01-02", sets: ["s"], xml: "<x>" + noise + "</x>")
        #expect {
            try store.storePage([record("small", "2020-01-02", sets: ["s"]), big], metadataPrefix: "edm",
                                checkpoint: SetCheckpoint(key: key("s")))
        } throws: { error in
            "\(error)".contains("big: string or blob too big")
        }
        #expect(try store.identifiers() == ["kept"])
        #expect(try store.checkpoints().isEmpty)
        try store.storeRecords([record("after", "2020-01-03", sets: ["s"])], metadataPrefix: "edm")
        #expect(try store.identifiers() == ["kept", "after"])
        #expect(try store.record(identifier: "after")?.metadataXML == "<x>after</x>")
    }

    @Test func concurrentWritersLoseNothing() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for page in 0..<10 {
                let records = (0..<20).map { record("w\(worker)-\(page)-\($0)", "2020-01-01", sets: ["set\(worker)"]) }
                var checkpoint = SetCheckpoint(key: key("set\(worker)"))
                checkpoint.pages = page + 1
                _ = try? store.storePage(records, metadataPrefix: "edm", checkpoint: checkpoint)
            }
        }
        #expect(try store.count(RecordQuery()) == 800)
        #expect(try store.checkpoints().map(\.pages) == [10, 10, 10, 10])
    }
}

@Suite struct MissingIdentifierTests {
    @Test func theMissingAreFoundAcrossBatchesInTheirOrder() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        try store.storeRecords((0..<1_200).filter { $0 % 3 != 0 }.map { record("r\($0)", "2020-01-01", sets: []) },
                               metadataPrefix: "edm")
        try store.storeRecords([record("r3", "2020-01-01", sets: [])], metadataPrefix: "oai_dc")
        // 1,201 candidates span three lookups of 500; r3 is stored only in another format.
        let candidates = (0..<1_200).reversed().map { "r\($0)" } + ["r1"]
        let missing = try store.missing(candidates, metadataPrefix: "edm")
        #expect(missing == (0..<1_200).reversed().filter { $0 % 3 == 0 }.map { "r\($0)" })
        #expect(try store.missing([], metadataPrefix: "edm") == [])
        #expect(try store.missing(["r3"], metadataPrefix: "oai_dc") == [])
        // Identifiers are bytes: a canonically equal spelling is another identifier.
        try store.storeRecords([record("cafe\u{301}", "2020-01-01", sets: [])], metadataPrefix: "edm")
        #expect(try store.missing(["caf\u{E9}", "cafe\u{301}"], metadataPrefix: "edm").map { Array($0.utf8) }
                == [Array("caf\u{E9}".utf8)])
    }
}
