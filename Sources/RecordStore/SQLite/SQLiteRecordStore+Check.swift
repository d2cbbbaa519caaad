import Foundation
import GRDB
import ThresherCore

// `thresher check`: SQLite's own check of the file, then the store's invariants, each a query over the tables
// that must agree. The derived tables (the deferred indexes and the kept counts) are what `repair` rebuilds.

extension SQLiteRecordStore: StoreChecking {
    /// Checks the store (SQLite's `integrity_check` when `full`, `quick_check` otherwise); the store's invariants are
    /// checked only when the file is not damaged. `progress` counts the steps done.
    public func check(full: Bool, progress: ProgressReporter?) throws(StoreError) -> StoreCheckReport {
        let steps: [(Database) throws -> [StoreProblem]] = [
            Self.membershipProblems, Self.indexStateProblems, Self.setIndexProblems, Self.recordPassProblems,
            Self.setCountProblems, Self.measurementProblems, Self.harvestStateProblems,
        ]
        progress?.setTotal(steps.count + 1)
        if let damage = integrityProblem(full: full) {
            progress?.advance(by: steps.count + 1)
            return StoreCheckReport(problems: [damage], full: full, records: nil)
        }
        progress?.advance(by: 1)
        var problems: [StoreProblem] = []
        for step in steps {
            problems += try read("checking the store") { db in try step(db) }
            progress?.advance(by: 1)
        }
        let records = try read("counting records") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records") ?? 0 }
        return StoreCheckReport(problems: problems, full: full, records: records)
    }

    /// Rebuilds the datestamp and set indexes and the kept counts from the records and memberships, removes
    /// memberships and measurements that name no record and forgets unreadable checkpoints and run summaries, in one
    /// transaction. Refuses a file SQLite's quick check finds damaged.
    public func repair(progress: ProgressReporter?) throws(StoreError) {
        progress?.setTotal(2)
        if let damage = integrityProblem(full: false) {
            throw .sqlite(path: path, operation: "repairing the store", message: "\(damage)")
        }
        progress?.advance(by: 1)
        try write("repairing the store") { db in
            try db.execute(sql: """
                DELETE FROM record_sets WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.seq = record_sets.seq);
                DELETE FROM measurements WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.seq = measurements.seq);
                DELETE FROM datestamp_index;
                DELETE FROM datestamp_tail;
                INSERT INTO datestamp_index (metadata_prefix, datestamp_utc, seq)
                    SELECT metadata_prefix, datestamp_utc, seq FROM records ORDER BY 1, 2, 3;
                DELETE FROM set_index;
                INSERT INTO set_index (set_spec, seq) SELECT set_spec, seq FROM record_sets ORDER BY 1, 2;
                INSERT OR REPLACE INTO index_state (id, indexed_through) VALUES (1, COALESCE((SELECT MAX(seq) FROM records), 0));
                DELETE FROM format_counts;
                INSERT INTO format_counts (metadata_prefix, live, deleted)
                    SELECT metadata_prefix, SUM(deleted = 0), SUM(deleted != 0) FROM records GROUP BY 1;
                DELETE FROM set_counts;
                INSERT INTO set_counts (set_spec, metadata_prefix, live, deleted)
                    SELECT s.set_spec, r.metadata_prefix, SUM(r.deleted = 0), SUM(r.deleted != 0)
                    FROM record_sets s JOIN records r ON r.seq = s.seq GROUP BY 1, 2;
                """)
            for rowid in try Self.unreadableCheckpointRows(db).map(\.rowid) {
                try db.execute(sql: "DELETE FROM harvest_jobs WHERE rowid = ?", arguments: [rowid])
            }
            for id in try Self.unreadableSummaryRows(db) {
                try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
            }
        }
        progress?.advance(by: 1)
    }

    // MARK: - The file

    /// SQLite's own check of the file, nil when it finds nothing. A check that cannot run (a page it cannot read) is
    /// a damaged file too.
    func integrityProblem(full: Bool) -> StoreProblem? {
        let pragma = full ? "integrity_check" : "quick_check"
        let lines: [String]
        do {
            lines = try pool.read { db in
                try String.fetchAll(db, sql: "PRAGMA \(pragma)(\(StoreProblem.maximumReported))")
            }
        } catch {
            return .damagedFile(reports: 1, first: Self.message(error), full: full)
        }
        if lines == ["ok"] { return nil }
        let first = lines.first.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? "no answer"
        return .damagedFile(reports: max(1, lines.count), first: first, full: full)
    }

    // MARK: - The invariants

    static func membershipProblems(_ db: Database) throws -> [StoreProblem] {
        let orphans = try count(db, """
            SELECT COUNT(*) FROM record_sets s WHERE NOT EXISTS (SELECT 1 FROM records r INDEXED BY records_by_seq_with_hash WHERE r.seq = s.seq)
            """)
        return orphans > 0 ? [.membershipsWithoutRecord(orphans)] : []
    }

    /// Every entry of `set_index` is a membership, and every membership up to the indexed seq is in it.
    static func setIndexProblems(_ db: Database) throws -> [StoreProblem] {
        let indexed = try indexedThrough(db)
        let stray = try count(db, """
            SELECT COUNT(*) FROM set_index i WHERE NOT EXISTS (SELECT 1 FROM record_sets s WHERE s.seq = i.seq AND s.set_spec = i.set_spec)
            """)
        let missing = try count(db, """
            SELECT COUNT(*) FROM record_sets s WHERE s.seq <= ? AND NOT EXISTS (SELECT 1 FROM set_index i WHERE i.set_spec = s.set_spec AND i.seq = s.seq)
            """, [indexed])
        return stray + missing > 0 ? [.setIndexDisagrees(stray + missing)] : []
    }

    static func indexStateProblems(_ db: Database) throws -> [StoreProblem] {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM records") ?? 0
        let rows = try Int64.fetchAll(db, sql: "SELECT indexed_through FROM index_state WHERE id = 1")
        guard let indexed = rows.first else { return [.indexStateWrong(indexedThrough: nil, lastRecord: last)] }
        return indexed > last ? [.indexStateWrong(indexedThrough: indexed, lastRecord: last)] : []
    }

    /// One pass over the records (a second would read the whole file again): the kept counts per format against
    /// counts made again, and the datestamp index and its tail against the records' datestamps. Every record must be
    /// in exactly one of the two, with its format and datestamp; the index and tail must hold nothing else. Entries
    /// are probed from the records, never records from the entries (which would read the records in datestamp
    /// order, a random read of the whole file).
    static func recordPassProblems(_ db: Database) throws -> [StoreProblem] {
        // Summed here rather than by SQLite's GROUP BY, which would sort a row per record first.
        var counted: [[UInt8]: (prefix: String, live: Int, deleted: Int)] = [:]
        var matched = 0, unmatched = 0
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.metadata_prefix, r.deleted != 0,
                EXISTS (SELECT 1 FROM datestamp_index d WHERE d.metadata_prefix = r.metadata_prefix
                    AND d.datestamp_utc = r.datestamp_utc AND d.seq = r.seq)
                + EXISTS (SELECT 1 FROM datestamp_tail t WHERE t.seq = r.seq AND t.metadata_prefix = r.metadata_prefix
                    AND t.datestamp_utc = r.datestamp_utc)
            FROM records r
            """)
        var lastPrefix = "", lastKey: [UInt8] = []
        while let row = try rows.next() {
            let prefix = row.lenient(0, as: String.self) ?? ""
            if prefix.utf8.count != lastKey.count || !prefix.utf8.elementsEqual(lastKey) {
                lastPrefix = prefix
                lastKey = Array(prefix.utf8)
            }
            let isDeleted = row.lenient(1, as: Bool.self) ?? false
            let entries = row.lenient(2, as: Int.self) ?? 0
            var made = counted[lastKey] ?? (lastPrefix, 0, 0)
            if isDeleted { made.deleted += 1 } else { made.live += 1 }
            counted[lastKey] = made
            matched += entries
            if entries != 1 { unmatched += 1 }
        }
        func int(_ row: Row, _ index: Int) -> Int { row.lenient(index, as: Int.self) ?? 0 }
        var problems: [StoreProblem] = []
        // The datestamp index and tail: entries no record matched, and records without exactly one entry.
        let entries = try count(db, "SELECT COUNT(*) FROM datestamp_index") + count(db, "SELECT COUNT(*) FROM datestamp_tail")
        if entries - matched + unmatched > 0 { problems.append(.datestampIndexDisagrees(entries - matched + unmatched)) }
        // The kept counts per format, by the format's bytes (as SQLite tells formats apart).
        var mismatches: [CountMismatch] = []
        for row in try Row.fetchAll(db, sql: "SELECT metadata_prefix, live, deleted FROM format_counts") {
            let prefix = row.lenient(0, as: String.self) ?? ""
            let made = counted.removeValue(forKey: Array(prefix.utf8)) ?? (prefix, 0, 0)
            if made.live != int(row, 1) || made.deleted != int(row, 2) {
                mismatches.append(CountMismatch(key: prefix, keptLive: int(row, 1), keptDeleted: int(row, 2),
                                                countedLive: made.live, countedDeleted: made.deleted))
            }
        }
        for made in counted.values {
            mismatches.append(CountMismatch(key: made.prefix, keptLive: 0, keptDeleted: 0, countedLive: made.live, countedDeleted: made.deleted))
        }
        mismatches.sort { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        if let first = mismatches.first { problems.append(.formatCountsDisagree(mismatches.count, first: first)) }
        return problems
    }

    /// The kept counts per set and format against counts made again from the memberships, summed here (SQLite's
    /// GROUP BY would sort a row per membership first).
    static func setCountProblems(_ db: Database) throws -> [StoreProblem] {
        // Keyed by the set's and the format's bytes, apart by 0xFF (never in UTF-8), as SQLite tells them apart.
        func key(_ set: String, _ prefix: String) -> [UInt8] { Array(set.utf8) + [0xFF] + Array(prefix.utf8) }
        var counted: [[UInt8]: (set: String, prefix: String, live: Int, deleted: Int)] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.set_spec, r.metadata_prefix, r.deleted != 0 FROM record_sets s JOIN records r ON r.seq = s.seq
            """)
        while let row = try rows.next() {
            let set = row.lenient(0, as: String.self) ?? "", prefix = row.lenient(1, as: String.self) ?? ""
            let name = key(set, prefix)
            var made = counted[name] ?? (set, prefix, 0, 0)
            if row.lenient(2, as: Bool.self) ?? false { made.deleted += 1 } else { made.live += 1 }
            counted[name] = made
        }
        func int(_ row: Row, _ index: Int) -> Int { row.lenient(index, as: Int.self) ?? 0 }
        var mismatches: [(key: [UInt8], mismatch: CountMismatch)] = []
        for row in try Row.fetchAll(db, sql: "SELECT set_spec, metadata_prefix, live, deleted FROM set_counts") {
            let set = row.lenient(0, as: String.self) ?? "", prefix = row.lenient(1, as: String.self) ?? ""
            let name = key(set, prefix)
            let made = counted.removeValue(forKey: name) ?? (set, prefix, 0, 0)
            if made.live != int(row, 2) || made.deleted != int(row, 3) {
                mismatches.append((name, CountMismatch(key: "\(set)/\(prefix)", keptLive: int(row, 2), keptDeleted: int(row, 3),
                                                       countedLive: made.live, countedDeleted: made.deleted)))
            }
        }
        for (name, made) in counted {
            mismatches.append((name, CountMismatch(key: "\(made.set)/\(made.prefix)", keptLive: 0, keptDeleted: 0,
                                                   countedLive: made.live, countedDeleted: made.deleted)))
        }
        guard let first = mismatches.min(by: { $0.key.lexicographicallyPrecedes($1.key) }) else { return [] }
        return [.setCountsDisagree(mismatches.count, first: first.mismatch)]
    }

    static func measurementProblems(_ db: Database) throws -> [StoreProblem] {
        let orphans = try count(db, """
            SELECT COUNT(*) FROM measurements m WHERE NOT EXISTS (SELECT 1 FROM records r INDEXED BY records_by_seq_with_hash WHERE r.seq = m.seq)
            """)
        return orphans > 0 ? [.measurementsWithoutRecord(orphans)] : []
    }

    static func harvestStateProblems(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let checkpoints = try unreadableCheckpointRows(db)
        if let first = checkpoints.first { problems.append(.unreadableCheckpoints(checkpoints.count, firstEndpoint: first.endpoint)) }
        let summaries = try unreadableSummaryRows(db)
        if !summaries.isEmpty { problems.append(.unreadableRunSummaries(summaries.count)) }
        return problems
    }

    /// The jobs whose checkpoint cannot be decoded, or names another job or status than its row.
    static func unreadableCheckpointRows(_ db: Database) throws -> [(rowid: Int64, endpoint: String)] {
        let decoder = JSONDecoder()
        var result: [(rowid: Int64, endpoint: String)] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT rowid, endpoint, metadata_prefix, has_set, set_spec, from_date, until_date, status, checkpoint FROM harvest_jobs
            """)
        while let row = try rows.next() {
            // Read as optionals: a damaged row may hold values of any type.
            let rowid: Int64 = row.lenient(0, as: Int64.self) ?? 0, endpoint = row.lenient(1, as: String.self) ?? "?"
            guard let text = row.lenient(8, as: String.self), let checkpoint = try? decoder.decode(SetCheckpoint.self, from: Data(text.utf8)) else {
                result.append((rowid, endpoint))
                continue
            }
            // Compared as bytes, as SQLite compares the key (Swift's == takes canonically equivalent strings as equal).
            let key = checkpoint.key
            let stored = [1, 2, 4, 5, 6, 7].map { row.lenient($0, as: String.self) ?? "" }
            let expected = [key.endpoint, key.metadataPrefix, key.set ?? "", key.from ?? "", key.until ?? "", checkpoint.status.rawValue]
            let hasSet = row.lenient(3, as: Bool.self)
            if hasSet != (key.set != nil) || !zip(stored, expected).allSatisfy({ Array($0.utf8) == Array($1.utf8) }) {
                result.append((rowid, endpoint))
            }
        }
        return result
    }

    /// The ids of the runs whose summary cannot be decoded.
    static func unreadableSummaryRows(_ db: Database) throws -> [Int64] {
        let decoder = JSONDecoder()
        var result: [Int64] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, summary FROM runs")
        while let row = try rows.next() {
            let id: Int64 = row.lenient(0, as: Int64.self) ?? 0
            guard let text = row.lenient(1, as: String.self), (try? decoder.decode(RunSummary.self, from: Data(text.utf8))) != nil else {
                result.append(id)
                continue
            }
        }
        return result
    }

    private static func count(_ db: Database, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }
}
