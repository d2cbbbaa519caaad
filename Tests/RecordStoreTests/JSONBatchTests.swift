import Foundation
import Testing
import TestSupport
import ThresherCore
@testable import RecordStore

/// Live records' JSON as bytes, in batches that several reader threads share.
@Suite struct JSONBatchTests {
    static func store(_ dir: TemporaryDirectory, count: Int) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: dir.path("j.sqlite"))
        try store.storeRecords((1...count).map { n in
            RecordInput(identifier: "r\(n)", datestamp: "2024-01-01", deleted: n % 7 == 0, sets: [n % 2 == 0 ? "even" : "odd"],
                        metadataXML: n % 7 == 0 ? nil : "<x n=\"\(n)\"/>", json: n % 7 == 0 ? nil : "{\"n\":\(n),\"é\":\"ü\"}")
        }, metadataPrefix: "edm")
        return store
    }

    @Test func threadsShareTheBatchesAndSeeEveryLiveRecordOnce() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir, count: 1_000)
        let batches = store.jsonBatches(RecordQuery(), batchSize: 64)
        let seen = Locked([[RecordJSON]]())
        Parallel.run(3) { _ in
            while let batch = try? batches.next() { seen.withLock { $0.append(batch) } }
        }
        let all = seen.withLock { $0 }
        #expect(all.allSatisfy { batch in batch.count <= 64 && zip(batch, batch.dropFirst()).allSatisfy { $0.seq < $1.seq } })
        let records = all.flatMap { $0 }.sorted { $0.seq < $1.seq }
        let live = (1...1_000).filter { $0 % 7 != 0 }
        #expect(records.map(\.identifier) == live.map { "r\($0)" })
        #expect(records.first?.json == Array("{\"n\":1,\"é\":\"ü\"}".utf8) && records.first?.sets == ["odd"] && records.first?.xml == nil)
        #expect(try batches.next() == nil)
    }

    @Test func aSetsBatchesAndTheRecordsOfGivenSeqs() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir, count: 50)
        let batches = store.jsonBatches(RecordQuery(set: "even"), batchSize: 10)
        var ids: [String] = []
        while let batch = try batches.next() { ids += batch.map(\.identifier) }
        #expect(ids == (1...50).filter { $0 % 2 == 0 && $0 % 7 != 0 }.map { "r\($0)" })
        let picked = try store.recordJSON(seqs: [3, 7, 1, 999], withXML: true)
        #expect(picked.map(\.seq) == [1, 3])  // 7 is deleted, 999 unknown; seq order
        #expect(picked.last?.xml == Array("<x n=\"3\"/>".utf8))
    }
}
