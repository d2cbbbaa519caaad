import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

@Suite struct ReadOnlyTests {
    @Test func aStoreOpenedReadOnlyReadsAndRefusesWritesAndUpgrades() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("s.sqlite")
        do {
            let store = try SQLiteRecordStore(path: path)
            try store.storeRecords([record("a", "2020-01-01", sets: ["s"])], metadataPrefix: "edm")
        }
        let readOnly = try SQLiteRecordStore(path: path, readOnly: true)
        #expect(try readOnly.count(RecordQuery()) == 1)
        #expect(try readOnly.record(identifier: "a")?.sets == ["s"])
        #expect(throws: StoreError.self) {
            try readOnly.storeRecords([record("b", "2020-01-01", sets: ["s"])], metadataPrefix: "edm")
        }
        #expect(try SQLiteRecordStore(path: path).count(RecordQuery()) == 1)

        // A store an earlier version made, which this one must upgrade, is not opened read-only.
        let last = try #require(StoreMigrations.identifiers.last)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [last]) }
        try queue.close()
        #expect {
            try SQLiteRecordStore(path: path, readOnly: true)
        } throws: { error in
            "\(error)".contains("this version must upgrade it first (\(last))")
        }

        // Nor is an empty database (no schema can be made in it).
        let empty = dir.path("empty.sqlite")
        try DatabaseQueue(path: empty).close()
        #expect(throws: StoreError.self) { try SQLiteRecordStore(path: empty, readOnly: true) }
    }

    @Test func onlyAStoreWithRecordsAnnouncesItsSlowUpgrade() throws {
        let dir = try TemporaryDirectory()
        try makeOldStore(at: dir.path("full.sqlite"), upTo: "v2-deferred-datestamp-and-set-indexes",
                         [(1, "a", "2020-01-01T00:00:00Z", false, ["s"])])
        try makeOldStore(at: dir.path("empty.sqlite"), upTo: "v2-deferred-datestamp-and-set-indexes", [])
        final class Heard: @unchecked Sendable { var migrations: [[String]] = [] }
        let heard = Heard()
        _ = try SQLiteRecordStore(path: dir.path("empty.sqlite")) { heard.migrations.append($0) }
        #expect(heard.migrations.isEmpty)
        let full = try SQLiteRecordStore(path: dir.path("full.sqlite")) { heard.migrations.append($0) }
        #expect(heard.migrations == [["v3-record-and-set-counts", "v5-measurements", "v6-compressed-payloads", "v8-live-records-without-xml", "v14-measurements-by-provider"]])
        #expect(try full.count(RecordQuery(set: "s")) == 1)
    }

    @Test func aStoreInADirectoryNobodyMayWriteIsReadAsAnUnchangingFile() {
        #expect(SQLiteRecordStore.immutableURI("/a b/c?d%#.sqlite") == "file:/a%20b/c%3Fd%25%23.sqlite?immutable=1")
    }
}
