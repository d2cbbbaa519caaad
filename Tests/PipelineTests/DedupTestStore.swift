import Foundation
import Pipeline
import RecordStore
import TestSupport

/// A record store made in the test with records and their cleansed views written directly (no cleanse run): each
/// record's JSON has a provider proxy with the given fields (so a record with more fields measures a higher TOTAL).
final class DedupTestStore: @unchecked Sendable {
    let directory: TemporaryDirectory
    let store: SQLiteRecordStore
    private var version = 0

    init() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteRecordStore(path: directory.path("dedup.sqlite"))
    }

    /// Stores (or changes) a record with `fields` (view field name → values) and its cleansed view.
    func put(_ identifier: String, _ fields: [String: [String]], rejected: [String] = []) throws {
        version += 1
        let datestamp = String(format: "2024-01-01T00:%02d:%02dZ", version / 60 % 60, version % 60)
        _ = try store.storeRecords([RecordInput(identifier: identifier, datestamp: datestamp, deleted: false, sets: ["s"],
                                                metadataXML: "<r v=\"\(version)\"/>", json: Self.json(identifier, fields))],
                                   metadataPrefix: "edm")
        let record = try record(identifier)
        let view = CleansedRecord(guid: identifier, datestamp: datestamp,
                                  fields: fields.mapValues { $0.map { CleansedRecord.Value($0) } })
        try store.storeCleansedViews([CleansedViewInput(seq: record.seq, identifier: identifier, contentHash: record.contentHash,
                                                        mappingHash: "test", view: view.encoded(), rejected: rejected)])
    }

    /// Marks a record deleted.
    func delete(_ identifier: String) throws {
        version += 1
        let datestamp = String(format: "2024-01-01T01:%02d:%02dZ", version / 60 % 60, version % 60)
        _ = try store.storeRecords([RecordInput(identifier: identifier, datestamp: datestamp, deleted: true, sets: ["s"],
                                                metadataXML: nil, json: nil)], metadataPrefix: "edm")
    }

    /// The stored record of `identifier`.
    func record(_ identifier: String) throws -> RecordJSON {
        let seqs = try store.uncleansed(metadataPrefix: nil, mappingHash: "none", after: nil, limit: 100_000).seqs
        guard let found = try store.recordJSON(seqs: seqs, withXML: false).first(where: { $0.identifier == identifier }) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return found
    }

    /// Runs dedup.
    func dedup(_ options: DedupOptions = DedupOptions(jobs: 2), hasher: (any ThumbnailHashing)? = nil) async throws -> DedupSummary {
        try await DedupRun(store: store, options: options, hasher: hasher).run()
    }

    /// Every cluster as "canonical: member member …".
    func clusters() throws -> [String] {
        try store.duplicateClusters().map { "\($0.canonical): \($0.members.joined(separator: " "))" }
    }

    static func json(_ identifier: String, _ fields: [String: [String]]) -> String {
        let names = ["title": "dc:title", "creator": "dc:creator", "description": "dc:description", "date": "dc:date",
                     "subject": "dc:subject", "type": "dc:type", "language": "dc:language", "format": "dc:format"]
        var proxy: [String: Any] = ["@about": "proxy/" + identifier, "edm:europeanaProxy": ["false"]]
        for (field, values) in fields { if let name = names[field] { proxy[name] = values } }
        let object: [String: Any] = ["edm:ProvidedCHO": [["@about": identifier]], "ore:Proxy": [proxy]]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Thumbnail hashes from a fixed table (the real fetcher is tested on its own).
struct FixedThumbnailHashes: ThumbnailHashing {
    let table: [String: ImageHashes]

    func hashes(for urls: [String]) async throws -> [String: ImageHashes] {
        table.filter { urls.contains($0.key) }
    }
}
