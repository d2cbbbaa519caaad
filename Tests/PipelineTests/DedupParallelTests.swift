import Foundation
import Testing
import RecordStore
import TestSupport
import ThresherCore
@testable import Pipeline

/// Dedup's scan and confirmation run on several threads over pages: the same store gives the same entries, evidence,
/// clusters and summary whatever the number of threads and the page size.
@Suite struct DedupParallelTests {
    static let words = ["harbour", "ships", "evening", "portrait", "woman", "flowers", "vase", "winter", "skaters",
                        "landscape", "church", "tower", "river", "bridge", "market", "square", "mill", "dunes", "sea",
                        "storm", "village", "feast", "peasants", "still", "life", "fruit", "table", "glass", "silver"]

    /// Puts `count` records into `store` in groups of near-duplicates (a word changed, a title in capitals, a shared
    /// image), some rejected, one whose view does not decode; `variant` changes every seventh record's description and
    /// makes one more view undecodable.
    static func fill(_ store: SQLiteRecordStore, count: Int, variant: Int) throws {
        var random = SplitMix64(seed: 42)
        func word() -> String { words[Int(random.nextUInt64() % UInt64(words.count))] }
        var fields: [(String, [String: [String]])] = []
        var base: [String: [String]] = [:]
        for k in 0..<count {
            if k % 4 == 0 {
                base = ["title": [(0..<3).map { _ in word() }.joined(separator: " ")],
                        "creator": ["Painter \(k / 4 % 37)"], "date": ["\(1600 + k % 90)"],
                        "description": [(0..<14).map { _ in word() }.joined(separator: " ")],
                        "image": ["http://img.example/\(k / 8).jpg"]]
            }
            var record = base
            if k % 4 == 1 { record["title"] = record["title"].map { $0.map { $0.uppercased() + "." } } }
            if k % 4 == 2, var text = record["description"]?.first {
                text += " " + word()
                record["description"] = [text]
                record["image"] = nil
            }
            if k % 4 == 3 { record = ["title": ["untitled"], "description": [(0..<6).map { _ in word() }.joined(separator: " ")]] }
            if variant > 0 && k % 7 == 0 { record["description"] = ["changed \(variant) " + word() + " " + word() + " " + word()] }
            fields.append(("rec:\(String(format: "%05d", k))", record))
        }
        _ = try store.storeRecords(fields.map { identifier, record in
            RecordInput(identifier: identifier, datestamp: "2024-01-01T00:00:00Z", deleted: false, sets: ["s"],
                        metadataXML: "<r/>", json: DedupTestStore.json(identifier, record))
        }, metadataPrefix: "edm")
        let seqs = try store.uncleansed(metadataPrefix: nil, mappingHash: "none", after: nil, limit: 1_000_000).seqs
        let records = try store.recordJSON(seqs: seqs, withXML: false)
        let byIdentifier = Dictionary(uniqueKeysWithValues: fields)
        try store.storeCleansedViews(records.enumerated().map { k, record in
            let view = CleansedRecord(guid: record.identifier, datestamp: nil,
                                      fields: (byIdentifier[record.identifier] ?? [:]).mapValues { $0.map { CleansedRecord.Value($0) } })
            let bytes = k == 17 || (variant > 0 && k == 18) ? Array("not a view".utf8) : view.encoded()
            return CleansedViewInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash,
                                     mappingHash: "test", view: bytes, rejected: k % 50 == 9 ? ["no title"] : [])
        })
    }

    /// Everything a run leaves in the store, and its summary.
    static func outcome(_ store: SQLiteRecordStore, jobs: Int, batchSize: Int) async throws -> [String] {
        let summary = try await DedupRun(store: store, options: DedupOptions(batchSize: batchSize, jobs: jobs)).run()
        var lines = ["\(summary.records) \(summary.checked) \(summary.removed) \(summary.candidates) \(summary.evidence) "
                     + "\(summary.clusters) \(summary.clustered) \(summary.measured)"]
        lines += try store.duplicateClusters().map { "\($0.canonical): \($0.members.joined(separator: " "))" }
        lines += try store.duplicateEvidence(kinds: EvidenceKind.allCases.map(\.rawValue)).map { "\($0.a) \($0.b) \($0.kind) \($0.score)" }
        lines += try store.dedupEntries(after: nil, through: nil).map { "\($0)" }
        return lines
    }

    @Test func severalThreadsAndPageSizesGiveTheSerialResult() async throws {
        let directory = try TemporaryDirectory()
        var results: [[String]] = []
        for (k, (jobs, batchSize)) in [(1, 100_000), (2, 64), (3, 37), (4, 1)].enumerated() {
            let store = try SQLiteRecordStore(path: directory.path("s\(k).sqlite"))
            try Self.fill(store, count: 600, variant: 0)
            var lines = try await Self.outcome(store, jobs: jobs, batchSize: batchSize)
            // Some records change, one view no longer decodes: only they are computed again.
            try Self.fill(store, count: 600, variant: 1)
            lines += try await Self.outcome(store, jobs: jobs, batchSize: batchSize)
            results.append(lines)
        }
        #expect(results[0].count > 1_000)
        #expect(results[0].contains { $0.hasPrefix("rec:") })
        for result in results.dropFirst() { #expect(result == results[0]) }
    }
}
