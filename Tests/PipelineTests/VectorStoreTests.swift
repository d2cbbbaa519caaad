import Foundation
import Testing
import Pipeline
@testable import RecordStore

/// The vector tables: vectors stored with their keys, found again by what needs embedding, stale ones dropped, and
/// graph nodes made tombstones that keep their old vector.
@Suite struct VectorStoreTests {
    @Test func storesVectorsAndFindsWhatNeedsEmbedding() throws {
        let fixture = try VectorFixture()
        let a = try fixture.add("a", title: "Alpha")
        let b = try fixture.add("b", title: "Beta")
        try fixture.add("r", title: "Rejected", rejected: ["no rights"])
        let store = fixture.store
        #expect(try store.countViewsNeedingVectors(model: "m", parametersKey: "p") == (2, 2))
        let (views, through) = try store.viewsNeedingVectors(model: "m", parametersKey: "p", after: nil, limit: 10)
        #expect(views.map(\.seq) == [a, b])
        #expect(through == b)
        try store.storeVectors([VectorInput(seq: a, identifier: "a", key: views[0].key, bytes: VectorMath.bytes([1, 0])),
                                VectorInput(seq: b, identifier: "b", key: "old", bytes: VectorMath.bytes([0, 1]))], model: "m")
        #expect(try store.countViewsNeedingVectors(model: "m", parametersKey: "p") == (1, 2))
        #expect(try store.viewsNeedingVectors(model: "m", parametersKey: "p", after: nil, limit: 10).views.map(\.seq) == [b])
        #expect(try store.vector(model: "m", seq: a).map(VectorMath.floats) == [1, 0])
        #expect(try store.vectorModels() == ["m"])
        #expect(try store.vectorCount(model: "m") == 2)
        var seen: [Int64] = []
        try store.forEachVector(model: "m") { seq, bytes in seen.append(seq); #expect(bytes.count == 8) }
        #expect(seen == [a, b])
    }

    @Test func dropsVectorsOfDeletedRecordsAndKeepsTombstonesVectors() throws {
        let fixture = try VectorFixture()
        let a = try fixture.add("a", title: "Alpha")
        let b = try fixture.add("b", title: "Beta")
        let store = fixture.store
        try store.storeVectors([VectorInput(seq: a, identifier: "a", key: "k", bytes: VectorMath.bytes([1, 0])),
                                VectorInput(seq: b, identifier: "b", key: "k", bytes: VectorMath.bytes([0, 1]))], model: "m")
        let header = StoredVectorIndex(model: "m", parameters: "p", dimension: 2, entry: 0, topLevel: 0, nodes: 2, tombstones: 0)
        try store.storeVectorIndex(header, nodes: [
            StoredVectorIndexNode(node: 0, seq: a, level: 0, deleted: false, links: [1, 0, 0, 0, 1, 0, 0, 0], vector: nil),
            StoredVectorIndexNode(node: 1, seq: b, level: 0, deleted: false, links: [1, 0, 0, 0, 0, 0, 0, 0], vector: nil),
        ], replacingAll: true)
        try fixture.delete("a")
        #expect(try store.dropStaleVectors(model: "m") == 1)
        #expect(try store.vector(model: "m", seq: a) == nil)
        try store.storeVectors([VectorInput(seq: b, identifier: "b", key: "k2", bytes: VectorMath.bytes([0.6, 0.8]))], model: "m")
        var nodes: [StoredVectorIndexNode] = []
        try store.forEachVectorIndexNode(model: "m") { nodes.append($0) }
        #expect(nodes.map(\.deleted) == [true, true])
        #expect(nodes.map { $0.vector.map(VectorMath.floats) } == [[1, 0], [0, 1]])
        #expect(try store.vectorIndex(model: "m")?.tombstones == 2)
    }

    @Test func resolvesRecordsAndTheirDetails() throws {
        let fixture = try VectorFixture()
        let a = try fixture.add("http://data.europeana.eu/item/1/a", sets: ["s2", "s1"], title: "Alpha")
        let store = fixture.store
        #expect(try store.liveRecordSeq(identifier: "http://data.europeana.eu/item/1/a") == a)
        #expect(try store.liveRecordSeq(identifier: "1/a") == nil)
        #expect(try store.recordSeqs(set: "s1") == [a])
        let detail = try #require(try store.recordDetails(seqs: [a])[a])
        #expect(detail.identifier == "http://data.europeana.eu/item/1/a")
        #expect(detail.firstSet == "s1")
        #expect(detail.view.flatMap(CleansedRecord.decoded)?.first("title") == "Alpha")
    }
}
