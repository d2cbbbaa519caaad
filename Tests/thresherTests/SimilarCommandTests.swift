import Foundation
import Testing
import TestSupport
import Pipeline
import RecordStore

/// `thresher similar` as the executable runs it, on a store with hand-made vectors.
@Suite struct SimilarCommandTests {
    /// A store: q and four records at cosines 0.9, 0.8, 0.5 and -1 to it (a and b with titles, in sets s1/s2),
    /// and e without a vector.
    static func store(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("s.sqlite")
        let store = try SQLiteRecordStore(path: path)
        let rows: [(String, [Float]?, String?, [String])] = [
            ("http://data.europeana.eu/item/9/q", [1, 0, 0], "Query", ["s1"]),
            ("a", [0.9, 0.4359, 0], "Windmill \"at\" dusk", ["s1"]),
            ("b", [0.8, 0, 0.6], nil, ["s2"]),
            ("c", [0.5, 0.866, 0], "C", ["s1", "a-first"]),
            ("d", [-1, 0, 0], "D", []),
            ("e", nil, "E", ["s1"]),
        ]
        var vectors: [VectorInput] = []
        for (identifier, vector, title, sets) in rows {
            _ = try store.storeRecords([RecordInput(identifier: identifier, datestamp: "2024-01-01T00:00:00Z", deleted: false,
                                                    sets: sets, metadataXML: "<r>\(identifier)</r>", json: nil)], metadataPrefix: "edm")
            guard let record = try store.record(identifier: identifier) else { continue }
            let view = CleansedRecord(guid: identifier, datestamp: nil, fields: title.map { ["title": [.init($0)]] } ?? [:])
            try store.storeCleansedViews([CleansedViewInput(seq: record.seq, identifier: identifier, contentHash: record.contentHash,
                                                            mappingHash: "m", view: view.encoded(), rejected: [])])
            if let vector {
                vectors.append(VectorInput(seq: record.seq, identifier: identifier, key: "k",
                                           bytes: VectorMath.bytes(VectorMath.normalised(vector))))
            }
        }
        try store.storeVectors(vectors, model: "hand")
        return path
    }

    @Test func printsJSONBestFirst() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.store(dir)
        let (status, out, err) = try CheckCommandTests.run(["similar", "--store", path, "--id", "9/q", "--k", "3", "--format", "json"])
        #expect(status == 0)
        #expect(err == "")
        #expect(out == #"[{"id":"a","score":0.9000,"title":"Windmill \"at\" dusk","dataset":"s1"},"#
                + #"{"id":"b","score":0.8000,"title":null,"dataset":"s2"},{"id":"c","score":0.5000,"title":"C","dataset":"a-first"}]"#
                + "\n")
    }

    @Test func printsTextWithSetAndMinimumScore() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.store(dir)
        let (status, out, _) = try CheckCommandTests.run(["similar", "--store", path, "--id", "http://data.europeana.eu/item/9/q",
                                                          "--set", "s1", "--min-score", "0.4"])
        #expect(status == 0)
        #expect(out == "1\t0.9000\ta\tWindmill \"at\" dusk\ts1\n2\t0.5000\tc\tC\ta-first\n")
    }

    @Test func clearErrors() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.store(dir)
        let unknown = try CheckCommandTests.run(["similar", "--store", path, "--id", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.err == "thresher: \(path): no record nope\n")
        let noVector = try CheckCommandTests.run(["similar", "--store", path, "--id", "e"])
        #expect(noVector.status == 1)
        #expect(noVector.err == "thresher: \(path): record e has no vector yet: run thresher embed first\n")
        let emptyText = try CheckCommandTests.run(["similar", "--store", path, "--text", " "])
        #expect(emptyText.status == 1)
        #expect(emptyText.err == "thresher: --text: the query is empty\n")
        let badK = try CheckCommandTests.run(["similar", "--store", path, "--id", "a", "--k", "0"])
        #expect(badK.status == 64)
        #expect(badK.err.hasPrefix("thresher: --k must be at least 1\n"))
        let neither = try CheckCommandTests.run(["similar", "--store", path])
        #expect(neither.status == 64)

        let bare = dir.path("bare.sqlite")
        _ = try SQLiteRecordStore(path: bare).storeRecords([RecordInput(identifier: "x", datestamp: "2024-01-01T00:00:00Z",
                                                                        deleted: false, sets: [], metadataXML: "<r/>", json: nil)],
                                                           metadataPrefix: "edm")
        let noVectors = try CheckCommandTests.run(["similar", "--store", bare, "--id", "x"])
        #expect(noVectors.status == 1)
        #expect(noVectors.err == "thresher: \(bare): no vectors yet: run thresher embed first\n")
    }
}
