import Foundation
import Testing
import TestSupport
@testable import Export
import RecordStore

@Suite struct ExportTests {
    func store(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: dir.path("e.sqlite"))
        try store.storeRecords([
            RecordInput(identifier: "oai:e:1", datestamp: "2024-01-01", deleted: false, sets: ["b set", "a/1"],
                        metadataXML: "<x/>", json: #"{"edm:ProvidedCHO":[{"@about":"1"}],"identifier":"oai:e:1","sets":["a/1"]}"#),
            RecordInput(identifier: "oai:e:\"2\"", datestamp: "2024-01-02T00:00:00Z", deleted: true, sets: ["b set"],
                        metadataXML: nil, json: nil),
            RecordInput(identifier: "oai:e:3", datestamp: "2024-01-03", deleted: false, sets: [], metadataXML: "<x/>", json: "{}"),
        ], metadataPrefix: "edm")
        return store
    }

    @Test func jsonLinesHaveTheContractFields() throws {
        let dir = try TemporaryDirectory()
        var lines: [String] = []
        let count = try RecordExporter(store: try store(dir)).exportJSONLines(set: nil) { lines.append($0) }
        #expect(count == 3)
        #expect(lines == [
            #"{"id":"oai:e:1","set":"a/1","sets":["a/1","b set"],"datestamp":"2024-01-01","deleted":false,"record":{"edm:ProvidedCHO":[{"@about":"1"}],"identifier":"oai:e:1","sets":["a/1"]}}"#,
            #"{"id":"oai:e:\"2\"","set":"b set","sets":["b set"],"datestamp":"2024-01-02T00:00:00Z","deleted":true,"record":null}"#,
            #"{"id":"oai:e:3","set":null,"sets":[],"datestamp":"2024-01-03","deleted":false,"record":{}}"#,
        ])
        for line in lines { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        var bySet: [String] = []
        try RecordExporter(store: try store(dir)).exportJSONLines(set: "b set") { bySet.append($0) }
        #expect(bySet.count == 2 && bySet.allSatisfy { $0.contains(#""set":"b set""#) })
    }

    @Test func perSetFilesHoldBareLiveRecords() throws {
        let dir = try TemporaryDirectory()
        let out = dir.path("by-set")
        let files = try RecordExporter(store: try store(dir)).exportPerSet(directory: out)
        #expect(files == ["a/1": "a%2F1.json", "b set": "b%20set.json"])
        let a = try String(contentsOfFile: out + "/a%2F1.json", encoding: .utf8)
        #expect(a == #"{"edm:ProvidedCHO":[{"@about":"1"}],"identifier":"oai:e:1","sets":["a/1"]}"# + "\n")
        let b = try String(contentsOfFile: out + "/b%20set.json", encoding: .utf8)
        #expect(b.split(separator: "\n").count == 1)
        #expect(RecordExporter.fileName(forSet: ".hidden/..") == "%2Ehidden%2F...json")
    }

    @Test func unwritableOutputIsAOneLineError() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: ExportError.self) { try LineWriter(path: dir.path("no/such/dir/out.jsonl")) }
    }
}
