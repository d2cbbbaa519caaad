import Foundation
import GRDB
import RecordStore
import Testing
import TestSupport
@testable import thresher

/// `thresher annotate` and `thresher annotations` as the executable runs them: FILE:LINE reports, counts, exit
/// statuses, the generate | load round trip through stdin, and a record's annotations with its cluster's.
@Suite struct AnnotateCommandTests {
    static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        try CleanseCommandTests.run(arguments, input: input)
    }

    static func sampleStore(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("s.sqlite")
        #expect(try run(["sample-data", "--store", path, "--records", "20", "--seed", "2"]).status == 0)
        return path
    }

    @Test func generatedLinesLoadThroughStdinOnceAndOnlyOnce() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        let generated = try Self.run(["annotate", "--store", path, "--generate", "100", "--seed", "3"])
        #expect(generated.status == 0 && generated.err.isEmpty)
        #expect(generated.out.split(separator: "\n").count == 100)
        #expect(try Self.run(["annotate", "--store", path, "--generate", "100", "--seed", "3"]).out == generated.out)
        let loaded = try Self.run(["annotate", "--store", path, "--input", "-"], input: Data(generated.out.utf8))
        #expect(loaded.status == 0 && loaded.err == "annotate: 100 stored, 0 already present, 0 rejected\n")
        let again = try Self.run(["annotate", "--store", path, "--input", "-"], input: Data(generated.out.utf8))
        #expect(again.status == 0 && again.err == "annotate: 0 stored, 100 already present, 0 rejected\n")
        #expect(try SQLiteRecordStore(path: path).annotationCount() == 100)
    }

    @Test func badLinesAreReportedAndTheExitStatusIs1() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        let file = dir.path("a.jsonl")
        let lines = [
            #"{"guid": "oai:thresher.sample:1", "user_id": "u", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:thresher.sample:1", "user_id": "u", "tags": ["a", "b"], "comment": "c", "timestamp": "yesterday"}"#,
            #"{"guid": "oai:elsewhere", "user_id": "u", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let result = try Self.run(["annotate", "--store", path, "--input", file, "--quiet"])
        #expect(result.status == 1)
        #expect(result.err == """
            \(file):2: bad timestamp "yesterday": expected ISO 8601 date and time with a zone, e.g. 2024-05-01T12:00:00Z
            \(file):3: unknown guid "oai:elsewhere": no live record has this identifier
            annotate: 1 stored, 0 already present, 2 rejected

            """)
        #expect(try Self.run(["annotate", "--store", path, "--input", dir.path("none.jsonl")]).status == 1)
        #expect(try Self.run(["annotate", "--store", path]).status == 64)
        #expect(try Self.run(["annotate", "--store", path, "--input", file, "--generate", "3"]).status == 64)
        #expect(try Self.run(["annotate", "--store", dir.path("none.sqlite"), "--generate", "3"]).status == 1)
    }

    @Test func annotationsOfARecordAndItsCluster() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        let lines = [
            #"{"guid": "oai:thresher.sample:1", "user_id": "u1", "tags": ["a", "b"], "comment": "one", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:thresher.sample:3", "user_id": "u2", "tags": ["c", "d"], "comment": "three", "timestamp": "2024-05-02T12:00:00+01:00", "location": "Rome"}"#,
        ]
        #expect(try Self.run(["annotate", "--store", path, "--input", "-"], input: Data(lines.joined(separator: "\n").utf8)).status == 0)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO duplicate_members (identifier, canonical) VALUES ('oai:thresher.sample:1', 'oai:thresher.sample:1'), ('oai:thresher.sample:3', 'oai:thresher.sample:1')")
        }
        try queue.close()
        let text = try Self.run(["annotations", "--store", path, "--id", "oai:thresher.sample:3"])
        #expect(text.status == 0)
        #expect(text.out == "oai:thresher.sample:3\t2024-05-02T12:00:00+01:00\tu2\tc, d\tRome\tthree\noai:thresher.sample:1\t2024-05-01T12:00:00Z\tu1\ta, b\t\tone\n")
        #expect(text.err == "annotations: 1 of oai:thresher.sample:3, 1 of its 1 duplicate(s) (canonical oai:thresher.sample:1)\n")
        let json = try Self.run(["annotations", "--store", path, "--id", "oai:thresher.sample:1", "--format", "json"])
        #expect(json.out.split(separator: "\n") == [Substring(lines[0].replacingOccurrences(of: ": ", with: ":").replacingOccurrences(of: ", ", with: ",")),
                                                     #"{"guid":"oai:thresher.sample:3","user_id":"u2","tags":["c","d"],"comment":"three","timestamp":"2024-05-02T12:00:00+01:00","location":"Rome"}"#])
        let unknown = try Self.run(["annotations", "--store", path, "--id", "oai:nothing"])
        #expect(unknown.status == 1 && unknown.out.isEmpty)
        #expect(unknown.err == "thresher: no record has the identifier \"oai:nothing\"\n")
        #expect(try Self.run(["annotations", "--store", path, "--id", "x", "--format", "csv"]).status == 64)
    }
}
