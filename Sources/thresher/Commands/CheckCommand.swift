import ArgumentParser
import Foundation
import RecordStore
import ThresherCore

/// `thresher check`: the store's integrity and its own invariants, and (with `--repair`) the derived tables rebuilt.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the record store's integrity and its own invariants.",
        discussion: """
            SQLite's quick_check (or its full integrity_check with --full), then the store's invariants: every set \
            membership, index entry and measurement names a record, the kept counts agree with the records, \
            checkpoints and run summaries can be read. Each problem is a line saying what to do. A store an earlier \
            Thresher made is upgraded first, as by every command.
            Exit status: 0 the store is sound, 1 something is wrong (or the file cannot be read), 64 usage error.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Run SQLite's full integrity_check (slower: it also compares every index with its table).")
    var full = false

    @Flag(help: "First rebuild the indexes and kept counts from the records, remove memberships and measurements without a record and forget unreadable checkpoints and run summaries; then check.")
    var repair = false

    @OptionGroup var progressOptions: ProgressOptions

    /// The store size from which the check shows its progress on stderr.
    static let progressSize: Int64 = 256 << 20

    func run() throws {
        let path = storeOptions.store
        guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(path): no such record store") }
        func fileSize(_ file: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        // SQLite takes an empty file for an empty database (and opening it would make a new store in it); a new store
        // may hold everything in its write-ahead log until the first checkpoint.
        let size = fileSize(path)
        if size == 0, fileSize(path + "-wal") == 0 {
            throw CommandFailure("\(path): an empty file, not a record store; restore the store from a copy")
        }
        let store: SQLiteRecordStore
        do {
            store = try storeOptions.openExisting()
        } catch let failure as CommandFailure {
            throw CommandFailure(failure.message + "; it cannot be checked: restore the store from a copy")
        }
        // Only a large store takes long enough to be worth progress lines (SQLite's check reads every page).
        let progress = ProgressReporter(quiet: progressOptions.quiet || size < Self.progressSize, unit: .items("steps"))
        let report: StoreCheckReport
        do {
            if repair { try store.repair(progress: nil) }
            report = try store.check(full: full, progress: progress)
        } catch {
            throw CommandFailure("\(error)")
        }
        progress.finish()
        if report.isSound {
            let check = full ? "integrity_check" : "quick_check"
            print("\(path): sound (SQLite's \(check) and the store's invariants, \(report.records ?? 0) records)"
                  + (repair ? " after repair" : ""))
            return
        }
        for problem in report.problems { print("\(path): \(problem)") }
        let count = report.problems.count
        throw CommandFailure("\(path): \(count) problem\(count == 1 ? "" : "s") found")
    }
}
