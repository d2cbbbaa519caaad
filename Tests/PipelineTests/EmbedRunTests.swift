import Embedding
import Foundation
import Testing
@testable import Pipeline
import RecordStore

/// The embed stage over a real store with the hashed embedder: only new or changed records are embedded, stale
/// vectors dropped, a second run over an unchanged store does nothing.
@Suite struct EmbedRunTests {
    @Test func buildsTheTextFromTheFieldsInOrder() {
        let record = CleansedRecord(guid: "g", datestamp: nil, fields: [
            "title": [.init("Portrait of a woman.")], "description": [.init("Oil"), .init("on panel")],
            "creator": [.init("Rembrandt")], "date": [.init("1632")],
        ])
        #expect(EmbedText.text(of: record, fields: EmbedText.defaultFields) == "Portrait of a woman. Oil on panel. Rembrandt")
        #expect(EmbedText.text(of: record, fields: ["date", "title"]) == "1632. Portrait of a woman.")
        #expect(EmbedText.text(of: record, fields: ["subject"]) == "")
    }

    @Test func embedsNewAndChangedRecordsOnly() throws {
        let fixture = try VectorFixture()
        let a = try fixture.add("a", title: "Windmill at dusk", creator: "Ruisdael")
        try fixture.add("b", title: "Still life with flowers")
        try fixture.add("c")  // no text
        try fixture.add("r", title: "Rejected", rejected: ["no rights"])
        let embedder = HashedEmbedder()
        let run = EmbedRun(embedder: embedder, batchSize: 2, jobs: 2)
        let first = try run.run(store: fixture.store)
        #expect(first == EmbedSummary(embedded: 3, withoutText: 1, unchanged: 0, dropped: 0, method: .exact, vectors: 2))
        let stored = try #require(try fixture.store.vector(model: embedder.modelName, seq: a))
        #expect(VectorMath.floats(stored) == (try embedder.embed(["Windmill at dusk. Ruisdael"]))[0])

        let second = try run.run(store: fixture.store)
        #expect(second == EmbedSummary(embedded: 0, withoutText: 0, unchanged: 3, dropped: 0, method: .exact, vectors: 2))
        #expect(second.didNothing)
        #expect(second.line == "nothing to embed: 3 record(s) unchanged since the last run; 2 vector(s), exact search")

        try fixture.add("a", title: "Windmill at dawn", creator: "Ruisdael")
        try fixture.delete("b")
        let third = try run.run(store: fixture.store)
        #expect(third == EmbedSummary(embedded: 1, withoutText: 0, unchanged: 1, dropped: 1, method: .exact, vectors: 1))
        let replaced = try #require(try fixture.store.vector(model: embedder.modelName, seq: a))
        #expect(VectorMath.floats(replaced) == (try embedder.embed(["Windmill at dawn. Ruisdael"]))[0])

        // Other fields: every record is embedded again.
        let titles = EmbedRun(embedder: embedder, fields: ["title"])
        #expect(try titles.run(store: fixture.store).embedded == 2)
    }

    @Test func updatesTheGraphAboveTheBudget() throws {
        let fixture = try VectorFixture()
        for index in 0..<30 { try fixture.add("r\(index)", title: "record number \(index) of the windmill series") }
        let run = EmbedRun(embedder: HashedEmbedder(), exactBudget: 10, parameters: HNSWParameters(m: 4, efConstruction: 20))
        let summary = try run.run(store: fixture.store)
        #expect(summary.method == .approximate)
        #expect(summary.vectors == 30)
        #expect(try fixture.store.vectorIndex(model: "hashed-words")?.nodes == 30)
    }

    @Test func reportsAnEmbedderThatFails() throws {
        struct Failing: TextEmbedder {
            var modelName: String { "failing" }
            var dimension: Int { 4 }
            func embed(_ texts: [String]) throws -> [[Float]] { throw FixtureError("out of memory") }
        }
        let fixture = try VectorFixture()
        try fixture.add("a", title: "Alpha")
        #expect(throws: VectorError.embedder("out of memory")) { try EmbedRun(embedder: Failing()).run(store: fixture.store) }
        #expect(try fixture.store.vectorCount(model: "failing") == 0)
    }
}
