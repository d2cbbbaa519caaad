import Foundation
import GRDB
import Testing
import TestSupport
@testable import RecordStore

/// `thresher check` as the executable runs it: what it prints on stdout and stderr and its exit status, on stores made
/// and damaged here.
@Suite struct CheckCommandTests {
    /// Runs the real `thresher` with `arguments`: its exit status, stdout and stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KillAndResumeTests.thresherBinary())
        process.arguments = arguments
        // stderr goes to a file, so that neither stream can fill its pipe while the other is read.
        let dir = try TemporaryDirectory()
        let errorPath = dir.path("stderr")
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else { throw KillAndResumeTests.TestFailure("cannot create \(errorPath)") }
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errorFile
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try errorFile.close()
        let error = String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output, error)
    }

    /// A store of 40 sample records.
    static func sampleStore(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("s.sqlite")
        let (status, _, _) = try run(["sample-data", "--store", path, "--records", "40", "--seed", "5"])
        #expect(status == 0)
        return path
    }

    static func execute(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// Writes a page of garbage over the root page of `table` (its WAL checkpointed into the file first).
    static func overwriteRootPage(of table: String, in path: String) throws {
        let queue = try DatabaseQueue(path: path)
        let (root, pageSize) = try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table]) ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        try queue.close()
        #expect(root > 1 && pageSize == 65_536)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try handle.close()
    }

    @Test func aSoundStoreExits0WithOneLine() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        #expect(try Self.run(["check", "--store", path, "--quiet"])
                == (0, "\(path): sound (SQLite's quick_check and the store's invariants, 40 records)\n", ""))
        #expect(try Self.run(["check", "--store", path, "--full", "--quiet"])
                == (0, "\(path): sound (SQLite's integrity_check and the store's invariants, 40 records)\n", ""))
    }

    @Test func aMembershipWithoutItsRecordExits1NamingTheRepair() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        try Self.execute(path, "INSERT INTO record_sets (seq, set_spec) VALUES (1000, 'nowhere'), (1001, 'nowhere')")
        #expect(try Self.run(["check", "--store", path, "--quiet"]) == (1,
            "\(path): 2 set memberships (record_sets) name no record; run `thresher check --repair` to remove them\n",
            "thresher: \(path): 1 problem found\n"))
        #expect(try Self.run(["check", "--store", path, "--repair", "--quiet"])
                == (0, "\(path): sound (SQLite's quick_check and the store's invariants, 40 records) after repair\n", ""))
    }

    @Test func countsThatDisagreeExit1() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        try Self.execute(path, "UPDATE format_counts SET live = live - 1")
        let (status, out, err) = try Self.run(["check", "--store", path, "--quiet"])
        #expect(status == 1)
        #expect(out.hasPrefix("\(path): kept counts per format (format_counts) disagree with the records for 1 format (first: edm: kept "))
        #expect(out.hasSuffix("); run `thresher check --repair` to count again\n"))
        #expect(err == "thresher: \(path): 1 problem found\n")
    }

    @Test func aPageOfGarbageExits1SayingRestoreFromACopy() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.sampleStore(dir)
        try Self.overwriteRootPage(of: "record_sets", in: path)
        for full in [false, true] {
            let (status, out, err) = try Self.run(["check", "--store", path, "--quiet"] + (full ? ["--full"] : []))
            #expect(status == 1)
            #expect(out.hasPrefix("\(path): damaged file: SQLite's \(full ? "integrity_check" : "quick_check") reports "))
            #expect(out.hasSuffix("; restore the store from a copy\n") && out.split(separator: "\n").count == 1)
            #expect(err == "thresher: \(path): 1 problem found\n")
        }
        let (status, _, err) = try Self.run(["check", "--store", path, "--repair", "--quiet"])
        #expect(status == 1 && err.hasPrefix("thresher: \(path): repairing the store failed: damaged file: "))
    }

    @Test func aFileThatIsNotAStoreOrIsTruncatedIsOneLine() throws {
        let dir = try TemporaryDirectory()
        let text = dir.path("text.sqlite")
        try Data(repeating: 0x41, count: 70_000).write(to: URL(fileURLWithPath: text))
        #expect(try Self.run(["check", "--store", text, "--quiet"]) == (1, "",
            "thresher: \(text): not a Thresher record store: not an SQLite database; it cannot be checked: restore the store from a copy\n"))
        #expect(try Self.run(["check", "--store", dir.path("none.sqlite")]) == (1, "", "thresher: \(dir.path("none.sqlite")): no such record store\n"))
        let empty = dir.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        #expect(try Self.run(["check", "--store", empty]) == (1, "",
            "thresher: \(empty): an empty file, not a record store; restore the store from a copy\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)

        let path = try Self.sampleStore(dir)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let (status, out, err) = try Self.run(["check", "--store", path, "--quiet"])
        #expect(status == 1)
        #expect((out + err).split(separator: "\n").count <= 2)
        #expect(out.isEmpty ? err.hasPrefix("thresher: \(path): ") : out.hasPrefix("\(path): damaged file: "))
    }
}
