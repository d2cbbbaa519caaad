import Embedding
import Foundation
import Testing
@testable import Pipeline
import RecordStore

/// `similar` over a real store: exact order on hand-made vectors, the query's duplicate cluster left out, the set
/// filter, the minimum score, JSON and text output, and the errors.
@Suite struct SimilarRecordsTests {
    /// Records with 3-d unit vectors stored directly: q = (1,0,0); a, b, c, d at decreasing cosines to q.
    static func handMade() throws -> VectorFixture {
        let fixture = try VectorFixture()
        let vectors: [(String, [Float], [String])] = [
            ("http://data.europeana.eu/item/9/q", [1, 0, 0], ["s1"]),
            ("a", [0.9, 0.4359, 0], ["s1"]),
            ("b", [0.8, 0, 0.6], ["s2"]),
            ("c", [0.5, 0.8660, 0], ["s1"]),
            ("d", [-1, 0, 0], ["s2"]),
        ]
        var inputs: [VectorInput] = []
        for (identifier, vector, sets) in vectors {
            let seq = try fixture.add(identifier, sets: sets, title: "Title of \(identifier)")
            inputs.append(VectorInput(seq: seq, identifier: identifier, key: "k", bytes: VectorMath.bytes(VectorMath.normalised(vector))))
        }
        try fixture.store.storeVectors(inputs, model: "hand")
        return fixture
    }

    @Test func exactTopKInOrder() throws {
        let fixture = try Self.handMade()
        let search = SimilarRecords(store: fixture.store)
        let hits = try search.similar(to: .record("9/q"), k: 3)
        #expect(hits.map(\.id) == ["a", "b", "c"])
        #expect(hits.map(\.formattedScore) == ["0.9000", "0.8000", "0.5000"])
        #expect(hits[0].title == "Title of a")
        #expect(hits[0].dataset == "s1")
        #expect(try search.similar(to: .record("http://data.europeana.eu/item/9/q"), k: 10).map(\.id) == ["a", "b", "c", "d"])
    }

    @Test func leavesTheDuplicateClusterOut() throws {
        let fixture = try Self.handMade()
        try fixture.cluster(["http://data.europeana.eu/item/9/q", "a"], canonical: "a")
        let hits = try SimilarRecords(store: fixture.store).similar(to: .record("9/q"), k: 2)
        #expect(hits.map(\.id) == ["b", "c"])
    }

    @Test func filtersBySetAndMinimumScore() throws {
        let fixture = try Self.handMade()
        let search = SimilarRecords(store: fixture.store)
        #expect(try search.similar(to: .record("9/q"), k: 10, set: "s2").map(\.id) == ["b", "d"])
        #expect(try search.similar(to: .record("9/q"), k: 10, minScore: 0.75).map(\.id) == ["a", "b"])
        #expect(try search.similar(to: .record("9/q"), k: 10, set: "nowhere").isEmpty)
        // The same through the approximate graph (budget 2 < 5 vectors).
        let graph = SimilarRecords(store: fixture.store, exactBudget: 2)
        #expect(try graph.similar(to: .record("9/q"), k: 10).map(\.id) == ["a", "b", "c", "d"])
        #expect(try graph.similar(to: .record("9/q"), k: 10, set: "s2").map(\.id) == ["b", "d"])
    }

    @Test func searchesByText() throws {
        let fixture = try VectorFixture()
        try fixture.add("mill", title: "Windmill near Haarlem", creator: "Ruisdael")
        try fixture.add("flowers", title: "Still life with flowers", creator: "Bosschaert")
        try fixture.add("sea", title: "Ships on a stormy sea", creator: "Backhuysen")
        _ = try EmbedRun(embedder: HashedEmbedder()).run(store: fixture.store)
        let hits = try SimilarRecords(store: fixture.store).similar(to: .text("a windmill by Ruisdael", HashedEmbedder()), k: 1)
        #expect(hits.map(\.id) == ["mill"])
        #expect(throws: VectorError.emptyText) {
            try SimilarRecords(store: fixture.store).similar(to: .text("  ", HashedEmbedder()), k: 1)
        }
    }

    @Test func clearErrors() throws {
        let fixture = try Self.handMade()
        let path = fixture.store.location
        let search = SimilarRecords(store: fixture.store)
        #expect(throws: VectorError.unknownRecord(identifier: "nope", store: path)) { try search.similar(to: .record("nope"), k: 1) }
        try fixture.add("e", title: "No vector")
        #expect(throws: VectorError.noVector(identifier: "e", store: path)) { try search.similar(to: .record("e"), k: 1) }
        #expect(VectorError.noVector(identifier: "e", store: "s.sqlite").description
                == "s.sqlite: record e has no vector yet: run thresher embed first")
        let empty = try VectorFixture()
        try empty.add("x", title: "X")
        #expect(throws: VectorError.noVectors(store: empty.store.location, model: nil)) {
            try SimilarRecords(store: empty.store).similar(to: .record("x"), k: 1)
        }
        #expect(throws: VectorError.noVectors(store: empty.store.location, model: "hashed-words")) {
            try SimilarRecords(store: empty.store).similar(to: .text("x", HashedEmbedder()), k: 1)
        }
    }

    @Test func formatsTextAndJSON() {
        let hits = [SimilarHit(id: "a", score: 0.91234, title: "Tab\there \"quoted\"", dataset: "s1"),
                    SimilarHit(id: "b", score: 0.5, title: nil, dataset: nil)]
        #expect(SimilarHit.json(hits)
                == #"[{"id":"a","score":0.9123,"title":"Tab\there \"quoted\"","dataset":"s1"},{"id":"b","score":0.5000,"title":null,"dataset":null}]"#
                + "\n")
        #expect(SimilarHit.text(hits) == "1\t0.9123\ta\tTab here \"quoted\"\ts1\n2\t0.5000\tb\t\t\n")
        #expect(SimilarHit.json([]) == "[]\n")
    }

    @Test func exactScanOrdersTiesBySeq() {
        var matrix = VectorMatrix(dimension: 2)
        for (seq, vector) in [(5, [Float(0), 1]), (3, [1, 0]), (4, [1, 0]), (6, [0.6, 0.8])] {
            vector.withUnsafeBufferPointer { matrix.append(seq: Int64(seq), $0) }
        }
        #expect(matrix.top([1, 0], k: 3) == [ScoredNeighbour(seq: 3, score: 1), ScoredNeighbour(seq: 4, score: 1),
                                              ScoredNeighbour(seq: 6, score: 0.6)])
        #expect(matrix.top([1, 0], k: 2, accept: { $0 != 3 }).map(\.seq) == [4, 6])
    }
}
