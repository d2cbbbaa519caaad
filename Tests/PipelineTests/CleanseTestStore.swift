import Foundation
import GRDB
import RecordStore
import TestSupport
@testable import Pipeline

/// A record store in a temporary directory, filled by the test.
final class CleanseTestStore: @unchecked Sendable {
    let directory: TemporaryDirectory
    let path: String
    let store: SQLiteRecordStore

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("store.sqlite")
        store = try SQLiteRecordStore(path: path)
    }

    /// Stores one live EDM record (JSON and/or XML) with this datestamp.
    @discardableResult
    func put(_ identifier: String, json: String?, xml: String? = nil, datestamp: String = "2024-01-01T00:00:00Z") throws -> PageWriteResult {
        try store.storeRecords([RecordInput(identifier: identifier, datestamp: datestamp, deleted: false, sets: ["s"],
                                            metadataXML: xml, json: json)], metadataPrefix: "edm")
    }

    /// Marks a record deleted.
    func delete(_ identifier: String, datestamp: String) throws {
        try store.storeRecords([RecordInput(identifier: identifier, datestamp: datestamp, deleted: true, sets: ["s"],
                                            metadataXML: nil, json: nil)], metadataPrefix: "edm")
    }

    /// Runs SQL on the store's file directly (what no API offers: an empty identifier, clusters).
    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
        try queue.close()
    }

    /// The stored view of `identifier`, decoded.
    func view(_ identifier: String) throws -> CleansedRecord? {
        try store.cleansedViews(identifiers: [identifier]).first?.view.flatMap(CleansedRecord.decoded)
    }

    /// The stored rejections of `identifier`.
    func rejected(_ identifier: String) throws -> [String]? {
        try store.cleansedViews(identifiers: [identifier]).first?.rejected
    }

    /// A cleanse run over this store.
    func run(require: [String]? = nil, mapping: CleanseMapping = .edm) throws -> CleanseSummary {
        try CleanseRun(store: store, mapping: mapping, require: require).run()
    }
}

/// Small EDM records in the JSON record shape.
enum EDMRecords {
    /// A record with a provider proxy (`edm:europeanaProxy` as given, or absent when nil) holding `proxy`'s members, a
    /// Europeana proxy with a title of its own, and a provider aggregation holding `aggregation`'s.
    static func json(proxy: [String: Any], aggregation: [String: Any] = [:], europeanaProxy: String? = "false") throws -> String {
        var provider = proxy
        provider["@about"] = "http://example.org/proxy/provider/1"
        if let europeanaProxy { provider["edm:europeanaProxy"] = [europeanaProxy] }
        var aggregationObject = aggregation
        aggregationObject["@about"] = "http://example.org/aggregation/provider/1"
        let record: [String: Any] = [
            "edm:ProvidedCHO": [["@about": "http://example.org/item/1"]],
            "ore:Proxy": [provider, ["@about": "http://example.org/proxy/europeana/1", "edm:europeanaProxy": ["true"],
                                     "dc:title": ["Europeana's own title"], "edm:type": ["TEXT"]]],
            "ore:Aggregation": [aggregationObject],
        ]
        let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
