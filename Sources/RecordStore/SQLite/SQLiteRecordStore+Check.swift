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
            Self.membershipProblems, Self.setIndexProblems, Self.datestampIndexProblems, Self.indexStateProblems,
            Self.formatCountProblems, Self.setCountProblems, Self.measurementProblems, Self.harvestStateProblems,
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
        let orphans = try count(db, "SELECT COUNT(*) FROM record_sets s WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.seq = s.seq)")
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

    /// Every entry of the datestamp index and its tail names a record with that format and datestamp, and every
    /// record is in one of them.
    static func datestampIndexProblems(_ db: Database) throws -> [StoreProblem] {
        let stray = try count(db, """
            SELECT COUNT(*) FROM datestamp_index d WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.seq = d.seq
                AND r.metadata_prefix = d.metadata_prefix AND r.datestamp_utc = d.datestamp_utc)
            """) + count(db, """
            SELECT COUNT(*) FROM datestamp_tail d WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.seq = d.seq
                AND r.metadata_prefix = d.metadata_prefix AND r.datestamp_utc = d.datestamp_utc)
            """)
        let missing = try count(db, """
            SELECT COUNT(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM datestamp_tail t WHERE t.seq = r.seq)
                AND NOT EXISTS (SELECT 1 FROM datestamp_index d WHERE d.metadata_prefix = r.metadata_prefix
                    AND d.datestamp_utc = r.datestamp_utc AND d.seq = r.seq)
            """)
        return stray + missing > 0 ? [.datestampIndexDisagrees(stray + missing)] : []
    }

    static func indexStateProblems(_ db: Database) throws -> [StoreProblem] {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM records") ?? 0
        let rows = try Int64.fetchAll(db, sql: "SELECT indexed_through FROM index_state WHERE id = 1")
        guard let indexed = rows.first else { return [.indexStateWrong(indexedThrough: nil, lastRecord: last)] }
        return indexed > last ? [.indexStateWrong(indexedThrough: indexed, lastRecord: last)] : []
    }

    static func formatCountProblems(_ db: Database) throws -> [StoreProblem] {
        let rows = try Row.fetchAll(db, sql: """
            WITH counted AS (SELECT metadata_prefix, SUM(deleted = 0) AS live, SUM(deleted != 0) AS deleted FROM records GROUP BY 1)
            SELECT k.metadata_prefix, k.live, k.deleted, COALESCE(c.live, 0), COALESCE(c.deleted, 0)
                FROM format_counts k LEFT JOIN counted c ON c.metadata_prefix = k.metadata_prefix
                WHERE COALESCE(c.live, 0) != k.live OR COALESCE(c.deleted, 0) != k.deleted
            UNION ALL
            SELECT c.metadata_prefix, 0, 0, c.live, c.deleted FROM counted c
                WHERE NOT EXISTS (SELECT 1 FROM format_counts k WHERE k.metadata_prefix = c.metadata_prefix)
            ORDER BY 1
            """)
        guard let first = rows.first else { return [] }
        return [.formatCountsDisagree(rows.count, first: mismatch(first, key: first[0] as String? ?? "?"))]
    }

    static func setCountProblems(_ db: Database) throws -> [StoreProblem] {
        let rows = try Row.fetchAll(db, sql: """
            WITH counted AS (SELECT s.set_spec, r.metadata_prefix, SUM(r.deleted = 0) AS live, SUM(r.deleted != 0) AS deleted
                FROM record_sets s JOIN records r ON r.seq = s.seq GROUP BY 1, 2)
            SELECT k.set_spec, k.metadata_prefix, k.live, k.deleted, COALESCE(c.live, 0), COALESCE(c.deleted, 0)
                FROM set_counts k LEFT JOIN counted c ON c.set_spec = k.set_spec AND c.metadata_prefix = k.metadata_prefix
                WHERE COALESCE(c.live, 0) != k.live OR COALESCE(c.deleted, 0) != k.deleted
            UNION ALL
            SELECT c.set_spec, c.metadata_prefix, 0, 0, c.live, c.deleted FROM counted c
                WHERE NOT EXISTS (SELECT 1 FROM set_counts k WHERE k.set_spec = c.set_spec AND k.metadata_prefix = c.metadata_prefix)
            ORDER BY 1, 2
            """)
        guard let first = rows.first else { return [] }
        let set = first[0] as String? ?? "?", prefix = first[1] as String? ?? "?"
        return [.setCountsDisagree(rows.count, first: mismatch(first, key: "\(set)/\(prefix)"))]
    }

    static func measurementProblems(_ db: Database) throws -> [StoreProblem] {
        let orphans = try count(db, "SELECT COUNT(*) FROM measurements m WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.seq = m.seq)")
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
            let rowid: Int64 = row[0] as Int64? ?? 0, endpoint = row[1] as String? ?? "?"
            guard let text = row[8] as String?, let checkpoint = try? decoder.decode(SetCheckpoint.self, from: Data(text.utf8)) else {
                result.append((rowid, endpoint))
                continue
            }
            // Compared as bytes, as SQLite compares the key (Swift's == takes canonically equivalent strings as equal).
            let key = checkpoint.key
            let stored = [1, 2, 4, 5, 6, 7].map { row[$0] as String? ?? "" }
            let expected = [key.endpoint, key.metadataPrefix, key.set ?? "", key.from ?? "", key.until ?? "", checkpoint.status.rawValue]
            let hasSet = row[3] as Bool?
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
            let id: Int64 = row[0] as Int64? ?? 0
            guard let text = row[1] as String?, (try? decoder.decode(RunSummary.self, from: Data(text.utf8))) != nil else {
                result.append(id)
                continue
            }
        }
        return result
    }

    /// The last four columns of `row` (kept live and deleted, counted live and deleted) as a mismatch of `key`; a
    /// value that is not a number counts as 0 (it disagrees with the count anyway).
    private static func mismatch(_ row: Row, key: String) -> CountMismatch {
        let n = row.count
        func value(_ index: Int) -> Int { row[index] as Int? ?? 0 }
        return CountMismatch(key: key, keptLive: value(n - 4), keptDeleted: value(n - 3), countedLive: value(n - 2),
                             countedDeleted: value(n - 1))
    }

    private static func count(_ db: Database, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }
}
