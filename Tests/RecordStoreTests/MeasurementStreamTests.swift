import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

/// `forEachMeasurement` walks the measurements in seq, data provider or set order, live records only, from an
/// index in that order (no sort of the store).
@Suite struct MeasurementStreamTests {
    /// Six records (r4 deleted after it was measured, r6 in no set, r5 in the index tail), each measured with `s`,
    /// r1 also with another schema.
    static func store(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: dir.path("m.sqlite"), indexBatch: 4)
        let records: [(String, [String], String?)] = [
            ("r1", ["b"], "P2"), ("r2", ["a", "b"], nil), ("r3", ["a"], "P1"), ("r4", ["b"], "P1"), ("r5", ["c", "a"], "P2"),
            ("r6", [], "P1"),
        ]
        try store.storeRecords(records.prefix(4).map { RecordInput(identifier: $0.0, datestamp: "2020-01-0\($0.0.dropFirst())",
                                                                   deleted: false, sets: $0.1, metadataXML: "<x/>", json: "{}") },
                               metadataPrefix: "edm")
        try store.storeRecords(records.suffix(2).map { RecordInput(identifier: $0.0, datestamp: "2020-01-0\($0.0.dropFirst())",
                                                                   deleted: false, sets: $0.1, metadataXML: "<x/>", json: "{}") },
                               metadataPrefix: "other")
        let inputs = records.enumerated().map { k, record in
            MeasurementInput(seq: Int64(k + 1), identifier: record.0, contentHash: "h", dataset: record.1.first,
                             dataProvider: record.2, total: Double(k), result: [UInt8(k)])
        }
        try store.storeMeasurements(inputs, schema: "s", schemaHash: "x")
        try store.storeMeasurements([inputs[0]], schema: "t", schemaHash: "x")
        try store.storeRecords([RecordInput(identifier: "r4", datestamp: "2020-02-01", deleted: true, sets: ["b"], metadataXML: nil,
                                            json: nil)], metadataPrefix: "edm")
        return store
    }

    static func walk(_ store: SQLiteRecordStore, _ order: MeasurementOrder, _ query: RecordQuery = RecordQuery()) throws -> [String] {
        var seen: [String] = []
        try store.forEachMeasurement(query, schema: "s", order: order) { m in
            seen.append(m.identifier + (m.sets.first.map { "@" + $0 } ?? "") + "=" + String(m.result.first ?? 99))
        }
        return seen
    }

    @Test func eachOrder() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        #expect(try Self.walk(store, .seq) == ["r1=0", "r2=1", "r3=2", "r5=4", "r6=5"])
        // No provider first, then P1, P2; by seq within each.
        #expect(try Self.walk(store, .dataProvider) == ["r2=1", "r3=2", "r6=5", "r1=0", "r5=4"])
        // Once per membership, by set; r6 (no set) not at all.
        #expect(try Self.walk(store, .set) == ["r2@a=1", "r3@a=2", "r5@a=4", "r1@b=0", "r2@b=1", "r5@c=4"])
    }

    @Test func aQueryNarrowsEveryOrder() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let inA = RecordQuery(set: "a")
        #expect(try Self.walk(store, .seq, inA) == ["r2=1", "r3=2", "r5=4"])
        #expect(try Self.walk(store, .dataProvider, inA) == ["r2=1", "r3=2", "r5=4"])
        #expect(try Self.walk(store, .set, inA) == ["r2@a=1", "r3@a=2", "r5@a=4"])
        let other = RecordQuery(metadataPrefix: "other")
        #expect(try Self.walk(store, .dataProvider, other) == ["r6=5", "r5=4"])
        #expect(try Self.walk(store, .set, other) == ["r5@a=4", "r5@c=4"])
        let late = RecordQuery(from: "2020-01-03")
        #expect(try Self.walk(store, .seq, late) == ["r3=2", "r5=4", "r6=5"])
    }

    @Test func noOrderSortsTheStore() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        for query in [RecordQuery(), RecordQuery(set: "a"), RecordQuery(metadataPrefix: "edm", from: "2020-01-02")] {
            for order in [MeasurementOrder.seq, .dataProvider, .set] {
                let (sql, arguments) = SQLiteRecordStore.measurementStream(query, schema: "s", order: order)
                let plan = try store.pool.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
                }
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(order) \(query): \(plan)")
            }
        }
    }
}
