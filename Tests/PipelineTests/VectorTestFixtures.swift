import Embedding
import Foundation
import Pipeline
import GRDB
@testable import RecordStore
import TestSupport
import ThresherCore

/// A small deterministic real embedder for tests: each lower-cased word hashed (FNV-1a) to one of 384 components
/// with a sign, the sum L2-normalised; texts sharing words have a positive cosine.
struct HashedEmbedder: TextEmbedder {
    var modelName = "hashed-words"
    var dimension = 384

    func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            var vector = [Float](repeating: 0, count: dimension)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                vector[Int(hash % UInt64(dimension))] += hash >> 63 == 0 ? 1 : -1
            }
            return VectorMath.normalised(vector)
        }
    }
}

/// A store in a temporary directory with records and their cleansed views made here.
final class VectorFixture {
    let dir: TemporaryDirectory
    let store: SQLiteRecordStore
    var path: String { store.path }

    init() throws {
        dir = try TemporaryDirectory()
        store = try SQLiteRecordStore(path: dir.path("vectors.sqlite"))
    }

    /// Stores (or replaces) a live record with these fields and its accepted cleansed view; its seq.
    @discardableResult
    func add(_ identifier: String, sets: [String] = ["set-a"], title: String? = nil, description: String? = nil,
             creator: String? = nil, subject: String? = nil, rejected: [String] = []) throws -> Int64 {
        var fields: [String: [CleansedRecord.Value]] = [:]
        if let title { fields["title"] = [.init(title)] }
        if let description { fields["description"] = [.init(description)] }
        if let creator { fields["creator"] = [.init(creator)] }
        if let subject { fields["subject"] = [.init(subject)] }
        let xml = "<record>\(identifier) \(title ?? "") \(description ?? "") \(creator ?? "") \(subject ?? "")</record>"
        _ = try store.storeRecords([RecordInput(identifier: identifier, datestamp: "2024-01-01T00:00:00Z", deleted: false,
                                                sets: sets, metadataXML: xml, json: nil)], metadataPrefix: "edm")
        guard let record = try store.record(identifier: identifier) else { throw FixtureError("\(identifier) not stored") }
        let view = CleansedRecord(guid: identifier, datestamp: "2024-01-01T00:00:00Z", fields: fields).encoded()
        try store.storeCleansedViews([CleansedViewInput(seq: record.seq, identifier: identifier, contentHash: record.contentHash,
                                                        mappingHash: "mapping-1", view: view, rejected: rejected)])
        return record.seq
    }

    /// Marks a record deleted.
    func delete(_ identifier: String) throws {
        _ = try store.storeRecords([RecordInput(identifier: identifier, datestamp: "2024-02-01T00:00:00Z", deleted: true,
                                                sets: [], metadataXML: nil, json: nil)], metadataPrefix: "edm")
    }

    /// Puts records in one duplicate cluster.
    func cluster(_ members: [String], canonical: String) throws {
        for member in members {
            try store.pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO duplicate_members (identifier, canonical) VALUES (?, ?)",
                               arguments: [member, canonical])
            }
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Seeded clustered unit vectors: `clusters` random centres, each vector a centre plus Gaussian noise of `spread`.
enum ClusteredVectors {
    static func make(count: Int, dimension: Int, clusters: Int, spread: Float, seed: UInt64) -> [[Float]] {
        var generator = SplitMix64(seed: seed)
        func gaussian() -> Float {
            let u1 = (Double(generator.nextUInt64() >> 11) + 1) / Double(1 << 53)
            let u2 = Double(generator.nextUInt64() >> 11) / Double(1 << 53)
            return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
        }
        let centres = (0..<clusters).map { _ in VectorMath.normalised((0..<dimension).map { _ in gaussian() }) }
        return (0..<count).map { index in
            let centre = centres[index % clusters]
            return VectorMath.normalised(centre.map { $0 + spread * gaussian() / Float(dimension).squareRoot() })
        }
    }
}
