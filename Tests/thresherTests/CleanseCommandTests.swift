import Foundation
import GRDB
import RecordStore
import Testing
import TestSupport
@testable import thresher

/// `thresher cleanse` as the executable runs it: the summary line, `--rejected`'s lines, `--require` and its usage
/// error, mapping files, and a second run that does nothing.
@Suite struct CleanseCommandTests {
    /// Runs the real `thresher` with `arguments` (and `input` on stdin): its exit status, stdout and stderr.
    static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KillAndResumeTests.thresherBinary())
        process.arguments = arguments
        let dir = try TemporaryDirectory()
        let errorPath = dir.path("stderr")
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else { throw KillAndResumeTests.TestFailure("cannot create \(errorPath)") }
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        var inputPath: String?
        if let input {
            inputPath = dir.path("stdin")
            try input.write(to: URL(fileURLWithPath: dir.path("stdin")))
        }
        let inputFile = try inputPath.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errorFile
        process.standardInput = inputFile ?? FileHandle.nullDevice
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try errorFile.close()
        try inputFile?.close()
        let error = String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output, error)
    }

    /// A store of 30 sample records (seed 4), two of them then damaged: one without identifier's JSON, one without any payload.
    static func store(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("s.sqlite")
        #expect(try run(["sample-data", "--store", path, "--records", "30", "--seed", "4"]).status == 0)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "UPDATE records SET json = NULL, metadata_xml = NULL WHERE seq = 2")
        }
        try queue.close()
        return path
    }

    @Test func cleanseThenNothingChangedThenRejectedLines() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.store(dir)
        let live = try SQLiteRecordStore(path: path).count(RecordQuery(includeDeleted: false))
        let first = try Self.run(["cleanse", "--store", path, "--quiet"])
        #expect(first.status == 0 && first.out.isEmpty && first.err.isEmpty)
        let second = try Self.run(["cleanse", "--store", path])
        #expect(second.status == 0)
        #expect(second.err.hasSuffix("cleanse: nothing changed since the last run (\(live) records, 1 rejected)\n"))
        let rejected = try Self.run(["cleanse", "--store", path, "--rejected", "--quiet"])
        #expect(rejected.status == 0 && rejected.out == "oai:thresher.sample:2\tunreadable metadata: it has neither JSON nor XML\n")
        // --require image: every sample record without an image is listed with its reason; exit status 0.
        let required = try Self.run(["cleanse", "--store", path, "--require", "image,title", "--rejected"])
        #expect(required.status == 0)
        let lines = required.out.split(separator: "\n")
        #expect(lines.count > 1 && lines.allSatisfy { $0.contains("\t") })
        #expect(lines.contains("oai:thresher.sample:2\tunreadable metadata: it has neither JSON nor XML"))
        #expect(lines.filter { $0.hasSuffix("\tmissing image") || $0.hasSuffix("\tmissing title; missing image") }.count == lines.count - 1)
        #expect(required.err.contains("view(s) judged again for --require"))
    }

    @Test func usageAndMappingErrors() async throws {
        let dir = try TemporaryDirectory()
        let path = try Self.store(dir)
        let unknown = try Self.run(["cleanse", "--store", path, "--require", "title,imgae"])
        #expect(unknown.status == 64)
        #expect(unknown.err.hasPrefix("thresher: --require imgae: the cleansed view has no field \"imgae\" (fields: guid, datestamp, title,"))
        let mapping = dir.path("m.json")
        try Data(#"{"name": "m", "fields": [{"name": "when", "paths": ["$.a", "$[?(@.b == ]"]}]}"#.utf8).write(to: URL(fileURLWithPath: mapping))
        let broken = try Self.run(["cleanse", "--store", path, "--mapping", mapping])
        #expect(broken.status == 1)
        #expect(broken.err.hasPrefix("thresher: \(mapping): field \"when\": path 2 \"$[?(@.b == ]\" at position "))
        #expect(broken.err.split(separator: "\n").count == 1)
        #expect(await Thresher.execute(["cleanse", "--store", dir.path("none.sqlite")]) == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.path("none.sqlite")))
        // A mapping of the user's own: its fields are the ones --require knows.
        try Data(#"{"name": "m", "fields": [{"name": "when", "paths": ["$['ore:Proxy'][*]['dc:date']"]}]}"#.utf8).write(to: URL(fileURLWithPath: mapping))
        #expect(await Thresher.execute(["cleanse", "--store", path, "--mapping", mapping, "--require", "when", "--quiet"]) == 0)
        #expect(await Thresher.execute(["cleanse", "--store", path, "--mapping", mapping, "--require", "title", "--quiet"]) == 64)
    }
}
