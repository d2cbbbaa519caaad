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
            checkpoints and run summaries can be read. Each problem is a line saying what to do.
            Exit status: 0 the store is sound, 1 something is wrong (or the file cannot be read), 64 usage error.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Run SQLite's full integrity_check (slower: it also compares every index with its table).")
    var full = false

    @Flag(help: "First rebuild the indexes and kept counts from the records, remove memberships and measurements without a record and forget unreadable checkpoints and run summaries; then check.")
    var repair = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        guard FileManager.default.fileExists(atPath: storeOptions.store) else {
            throw CommandFailure("\(storeOptions.store): no such record store")
        }
        let store: SQLiteRecordStore
        do {
            store = try storeOptions.openExisting()
        } catch let failure as CommandFailure {
            throw CommandFailure(failure.message + "; it cannot be checked: restore the store from a copy")
        }
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .items("steps"))
        let report: StoreCheckReport
        do {
            if repair { try store.repair(progress: nil) }
            report = try store.check(full: full, progress: progress)
        } catch {
            throw CommandFailure("\(error)")
        }
        progress.finish()
        let path = storeOptions.store
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
