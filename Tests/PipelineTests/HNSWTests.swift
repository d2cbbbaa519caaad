import Foundation
import GRDB
import Testing
@testable import Pipeline
@testable import RecordStore

/// The approximate graph: recall against the exact scan on seeded clustered vectors (deterministic), the graph
/// stored and read back, and kept up to date as vectors change or go.
@Suite struct HNSWTests {
    /// Recall@10 of the graph against the exact scan: 5,000 seeded clustered 16-d vectors, 100 queries (small
    /// parameters, so that the debug build stays quick).
    @Test func recallAgainstTheExactScan() {
        let dimension = 16
        let vectors = ClusteredVectors.make(count: 5_000, dimension: dimension, clusters: 50, spread: 1.0, seed: 42)
        let queries = ClusteredVectors.make(count: 100, dimension: dimension, clusters: 50, spread: 1.0, seed: 42 ^ 0xFF)
        let index = HNSWIndex(dimension: dimension, parameters: HNSWParameters(m: 8, efConstruction: 40, efSearch: 48))
        var matrix = VectorMatrix(dimension: dimension)
        for (row, vector) in vectors.enumerated() {
            vector.withUnsafeBufferPointer {
                index.insert(seq: Int64(row + 1), vector: $0)
                matrix.append(seq: Int64(row + 1), $0)
            }
        }
        var found = 0
        for query in queries {
            let exact = Set(matrix.top(query, k: 10).map(\.seq))
            found += index.search(query, k: 10).filter { exact.contains($0.seq) }.count
        }
        let recall = Double(found) / Double(queries.count * 10)
        #expect(recall >= 0.95)
        #expect(found == 968)
    }

    /// A fixture of `count` records with seeded 16-d clustered vectors of model "m".
    static func storeWithVectors(_ count: Int) throws -> (VectorFixture, [Int64: [Float]]) {
        let fixture = try VectorFixture()
        let vectors = ClusteredVectors.make(count: count, dimension: 16, clusters: 10, spread: 1.0, seed: 7)
        var inputs: [VectorInput] = []
        var bySeq: [Int64: [Float]] = [:]
        for (row, vector) in vectors.enumerated() {
            let seq = try fixture.add("r\(row)", sets: [row % 2 == 0 ? "even" : "odd"], title: "Record \(row)")
            inputs.append(VectorInput(seq: seq, identifier: "r\(row)", key: "k", bytes: VectorMath.bytes(vector)))
            bySeq[seq] = vector
        }
        try fixture.store.storeVectors(inputs, model: "m")
        return (fixture, bySeq)
    }

    static let parameters = HNSWParameters(m: 8, efConstruction: 40, efSearch: 40)

    @Test func storedGraphGivesTheSameResults() throws {
        let (fixture, vectors) = try Self.storeWithVectors(300)
        var notes: [String] = []
        let built = try SimilaritySearch.open(store: fixture.store, model: "m", exactBudget: 50, parameters: Self.parameters,
                                              note: { notes.append($0) })
        #expect(built.method == .approximate)
        #expect(notes.count == 1)
        let queries = vectors.keys.sorted().prefix(20).map { vectors[$0] ?? [] }
        let before = queries.map { built.nearest($0, k: 10) }
        let reopened = try SQLiteRecordStore(path: fixture.path)
        let header = try #require(try reopened.vectorIndex(model: "m"))
        #expect(header.nodes == 300)
        #expect(header.tombstones == 0)
        let loaded = try SimilaritySearch.open(store: reopened, model: "m", exactBudget: 50, parameters: Self.parameters,
                                               note: { notes.append($0) })
        #expect(notes.count == 1)  // read back, not built again
        #expect(queries.map { loaded.nearest($0, k: 10) } == before)
        #expect(before[0].first?.score ?? 0 > 0.999)
    }

    @Test func changedAndDeletedRecordsAreKeptUpToDate() throws {
        let (fixture, vectors) = try Self.storeWithVectors(300)
        let store = fixture.store
        _ = try SimilaritySearch.open(store: store, model: "m", exactBudget: 50, parameters: Self.parameters)
        let seqs = vectors.keys.sorted()
        // r0's vector becomes r1's opposite; r2 is deleted.
        let changed = (vectors[seqs[1]] ?? []).map { -$0 }
        try store.storeVectors([VectorInput(seq: seqs[0], identifier: "r0", key: "k2", bytes: VectorMath.bytes(changed))], model: "m")
        try fixture.delete("r2")
        #expect(try store.dropStaleVectors(model: "m") == 1)
        var notes: [String] = []
        let search = try SimilaritySearch.open(store: store, model: "m", exactBudget: 50, parameters: Self.parameters,
                                               note: { notes.append($0) })
        #expect(notes.isEmpty)  // updated, not rebuilt
        #expect(search.nearest(changed, k: 1).map(\.seq) == [seqs[0]])
        #expect(search.nearest(changed, k: 1).first?.score ?? 0 > 0.999)
        #expect(!search.nearest(vectors[seqs[2]] ?? [], k: 50).contains { $0.seq == seqs[2] })
        #expect(search.count == 299)
        let header = try #require(try store.vectorIndex(model: "m"))
        #expect(header.nodes == 301)
        #expect(header.tombstones == 2)

        // Past a tenth of tombstones the graph is rebuilt.
        let inputs = seqs[3..<40].map { VectorInput(seq: $0, identifier: "x", key: "k3", bytes: VectorMath.bytes(vectors[$0] ?? [])) }
        try store.storeVectors(Array(inputs), model: "m")
        _ = try SimilaritySearch.open(store: store, model: "m", exactBudget: 50, parameters: Self.parameters, note: { notes.append($0) })
        #expect(notes.count == 2)
        let rebuilt = try #require(try store.vectorIndex(model: "m"))
        #expect(rebuilt.nodes == 299)
        #expect(rebuilt.tombstones == 0)
    }

    @Test func damagedGraphIsAClearError() throws {
        let (fixture, _) = try Self.storeWithVectors(60)
        _ = try SimilaritySearch.open(store: fixture.store, model: "m", exactBudget: 10, parameters: Self.parameters)
        try fixture.store.pool.write { db in
            try db.execute(sql: "UPDATE vector_index_nodes SET links = x'05000000' WHERE node = 3")
        }
        #expect(throws: VectorError.corruptIndex(model: "m", reason: "node 3's links are cut short")) {
            try SimilaritySearch.open(store: fixture.store, model: "m", exactBudget: 10, parameters: Self.parameters)
        }
    }
}
