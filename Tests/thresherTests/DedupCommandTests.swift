import ArgumentParser
import Foundation
import Testing
import TestSupport
import Pipeline
import RecordStore
@testable import thresher

/// `thresher dedup` run in this process on stores made in the test.
@Suite struct DedupCommandTests {
    /// Three EDM records (JSON only): two of the same painting, one other. `dedup` derives their views itself (cleanse's
    /// incremental step runs first).
    static func storeWithDuplicates(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("t.sqlite")
        let store = try SQLiteRecordStore(path: path)
        let records: [(String, String, String, String?, String)] = [
            ("r:1", "Mona Lisa", "Leonardo", "1503", "http://i/1.jpg"),
            ("r:2", "MONA LISA", "Leonardo", "1503", "http://i/2.jpg"),
            ("r:3", "The Night Watch", "Rembrandt", nil, "http://i/3.jpg"),
        ]
        for (identifier, title, creator, date, image) in records {
            let dateMember = date.map { #", "dc:date": ["\#($0)"]"# } ?? ""
            let json = #"{"ore:Proxy": [{"dc:title": ["\#(title)"], "dc:creator": ["\#(creator)"]\#(dateMember)}], "#
                + #""ore:Aggregation": [{"edm:isShownBy": [{"@resource": "\#(image)"}]}]}"#
            _ = try store.storeRecords([RecordInput(identifier: identifier, datestamp: "2024-01-01", deleted: false, sets: ["s"],
                                                    metadataXML: nil, json: json)], metadataPrefix: "edm")
        }
        return path
    }

    @Test func dedupWritesItsReportAndExitsZero() async throws {
        let dir = try TemporaryDirectory()
        let path = try Self.storeWithDuplicates(dir)
        let report = dir.path("clusters.jsonl")
        #expect(await Thresher.execute(["dedup", "--store", path, "--report", report, "--quiet"]) == 0)
        let lines = try String(contentsOfFile: report, encoding: .utf8)
        #expect(lines == #"{"canonical": "r:1", "members": ["r:1", "r:2"], "evidence": [{"a": "r:1", "b": "r:2", "by": "minhash", "score": 1}, {"a": "r:1", "b": "r:2", "by": "title-creator-date", "score": 1}]}"# + "\n")
        // Again: nothing changed, same report.
        #expect(await Thresher.execute(["dedup", "--store", path, "--report", report, "--quiet"]) == 0)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == lines)
    }

    @Test func imagesGoThroughTheGivenHasher() async throws {
        let dir = try TemporaryDirectory()
        let path = try Self.storeWithDuplicates(dir)
        let parsed = try Thresher.parseAsRoot(["dedup", "--store", path, "--images", "--quiet"])
        let command = try #require(parsed as? DedupCommand)
        let hasher = FixedHashes(table: ["http://i/2.jpg": ImageHashes(phash: 7, dhash: 9),
                                         "http://i/3.jpg": ImageHashes(phash: 6, dhash: 8)])
        try await command.run(hasher: hasher)
        let store = try SQLiteRecordStore(path: path)
        #expect(try store.duplicateClusters() == [DuplicateCluster(canonical: "r:1", members: ["r:1", "r:2", "r:3"])])
    }

    @Test func badOptionsAreUsageErrorsAndAMissingStoreFails() async throws {
        let dir = try TemporaryDirectory()
        for bad in [["--threshold", "0"], ["--threshold", "1.5"], ["--threshold", "-0.2"], ["--hamming", "33"], ["--report", " "]] {
            #expect(await Thresher.execute(["dedup", "--store", dir.path("x.sqlite")] + bad) == 64)
        }
        let text = CommandTests.parseFailure(["dedup", "--threshold", "1.5"]).text ?? ""
        #expect(text.hasPrefix("thresher: --threshold 1.5: must be greater than 0 and at most 1"))
        #expect(await Thresher.execute(["dedup", "--store", dir.path("none.sqlite"), "--quiet"]) == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.path("none.sqlite")))
        let path = try Self.storeWithDuplicates(dir)
        #expect(await Thresher.execute(["dedup", "--store", path, "--threshold", "1", "--quiet",
                                        "--report", dir.path("no/such/dir/r.jsonl")]) == 1)
    }
}

private struct FixedHashes: ThumbnailHashing {
    let table: [String: ImageHashes]
    func hashes(for urls: [String]) async throws -> [String: ImageHashes] { table.filter { urls.contains($0.key) } }
}
