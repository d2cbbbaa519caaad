import Foundation
import GRDB

extension SQLiteRecordStore {
    /// Saves a job's checkpoint on its own (failures, status changes between pages).
    public func saveCheckpoint(_ checkpoint: SetCheckpoint) throws(StoreError) {
        let encoded = try encode(checkpoint)
        try write("saving a checkpoint") { db in
            try Self.saveCheckpoint(checkpoint, encoded: encoded, db: db)
        }
    }

    /// The checkpoint of a job, if it ever stored one.
    public func checkpoint(for key: HarvestJobKey) throws(StoreError) -> SetCheckpoint? {
        let text = try read("reading a checkpoint") { db in
            try String.fetchOne(db, sql: """
                SELECT checkpoint FROM harvest_jobs WHERE endpoint = ? AND metadata_prefix = ? AND has_set = ? AND set_spec = ?
                AND from_date = ? AND until_date = ?
                """, arguments: Self.keyArguments(key))
        }
        return try text.map(decode)
    }

    /// Every stored checkpoint (of one endpoint, or all), oldest job first.
    public func checkpoints(endpoint: String? = nil) throws(StoreError) -> [SetCheckpoint] {
        let texts = try read("reading checkpoints") { db in
            if let endpoint {
                return try String.fetchAll(db, sql: "SELECT checkpoint FROM harvest_jobs WHERE endpoint = ? ORDER BY rowid",
                                           arguments: [endpoint])
            }
            return try String.fetchAll(db, sql: "SELECT checkpoint FROM harvest_jobs ORDER BY rowid")
        }
        var result: [SetCheckpoint] = []
        for text in texts { result.append(try decode(text)) }
        return result
    }

    /// Every stored job (of one endpoint, or all) with the process that last wrote its checkpoint and what its status
    /// means now, oldest job first.
    public func jobStates(endpoint: String? = nil) throws(StoreError) -> [HarvestJobState] {
        let rows = try read("reading harvest jobs") { db in
            try Row.fetchAll(db, sql: """
                SELECT j.checkpoint, p.host, p.boot_id, p.pid, p.start_ticks, p.started_at
                FROM harvest_jobs j LEFT JOIN harvest_processes p ON p.id = j.process_id
                WHERE ?1 IS NULL OR j.endpoint = ?1 ORDER BY j.rowid
                """, arguments: [endpoint])
        }
        var result: [HarvestJobState] = []
        for row in rows {
            let checkpoint = try decode(row.lenient(0, as: String.self) ?? "")
            var process: HarvestProcess?
            if let host = row.lenient(1, as: String.self), let pid = row.lenient(3, as: Int64.self), let pid = Int32(exactly: pid) {
                let bootID = row.lenient(2, as: String.self) ?? ""
                let ticks = row.lenient(4, as: Int64.self) ?? -1
                let started = row.lenient(5, as: Double.self) ?? 0
                process = HarvestProcess(pid: pid, startTicks: ticks < 0 ? nil : ticks, bootID: bootID.isEmpty ? nil : bootID,
                                         host: host, startedAt: Date(timeIntervalSince1970: started))
            }
            result.append(HarvestJobState(checkpoint: checkpoint, process: process))
        }
        return result
    }

    /// Forgets a job's checkpoint (its records stay), so the job starts over.
    public func deleteCheckpoint(for key: HarvestJobKey) throws(StoreError) {
        try write("deleting a checkpoint") { db in
            try db.execute(sql: """
                DELETE FROM harvest_jobs WHERE endpoint = ? AND metadata_prefix = ? AND has_set = ? AND set_spec = ?
                AND from_date = ? AND until_date = ?
                """, arguments: Self.keyArguments(key))
        }
    }

    /// Records the names a repository gives its sets (from ListSets).
    public func saveSets(_ sets: [SetInfo], endpoint: String) throws(StoreError) {
        try write("saving set names") { db in
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO sets (endpoint, spec, name) VALUES (?, ?, ?)")
            for set in sets { try statement.execute(arguments: [endpoint, set.spec, set.name]) }
        }
    }

    /// The set names known (of one endpoint, or all), sorted by spec.
    public func sets(endpoint: String? = nil) throws(StoreError) -> [SetInfo] {
        try read("reading set names") { db in
            let rows: [Row]
            if let endpoint {
                rows = try Row.fetchAll(db, sql: "SELECT spec, name FROM sets WHERE endpoint = ? ORDER BY spec", arguments: [endpoint])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT spec, MIN(name) FROM sets GROUP BY spec ORDER BY spec")
            }
            return rows.map { SetInfo(spec: $0[0], name: $0[1]) }
        }
    }

    /// Keeps a run's summary.
    public func saveRunSummary(_ summary: RunSummary) throws(StoreError) {
        let text: String
        do {
            text = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        } catch {
            throw .sqlite(path: path, operation: "encoding a run summary", message: "\(error)")
        }
        try write("saving a run summary") { db in
            try db.execute(sql: """
                INSERT INTO runs (started_at, finished_at, endpoint, metadata_prefix, summary) VALUES (?, ?, ?, ?, ?)
                """, arguments: [summary.startedAt.timeIntervalSince1970, summary.finishedAt.timeIntervalSince1970,
                                 summary.endpoint, summary.metadataPrefix, text])
        }
    }

    /// The summary of the last run that finished, if any.
    public func latestRunSummary() throws(StoreError) -> RunSummary? {
        let text = try read("reading the last run summary") { db in
            try String.fetchOne(db, sql: "SELECT summary FROM runs ORDER BY id DESC LIMIT 1")
        }
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode(RunSummary.self, from: Data(text.utf8))
        } catch {
            throw .sqlite(path: path, operation: "reading the last run summary", message: "unreadable summary: \(error)")
        }
    }

    // MARK: - Helpers

    /// Saves a checkpoint with this process as the job's writer (`HarvestProcess.current`), so that a reader can
    /// tell a running job from one whose process ended.
    static func saveCheckpoint(_ checkpoint: SetCheckpoint, encoded: String, db: Database) throws {
        let process = processArguments(HarvestProcess.current)
        // Known after the first page: the insert finds its row and writes nothing.
        try db.cachedStatement(sql: """
            INSERT INTO harvest_processes (host, boot_id, pid, start_ticks, started_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (host, boot_id, pid, start_ticks) DO NOTHING
            """).execute(arguments: process + [HarvestProcess.current.startedAt.timeIntervalSince1970])
        if db.changesCount > 0 {
            // A process new to the store (once per run): earlier processes no job names any more are forgotten.
            try db.execute(sql: """
                DELETE FROM harvest_processes WHERE id != ? AND id NOT IN (SELECT process_id FROM harvest_jobs WHERE process_id IS NOT NULL)
                """, arguments: [db.lastInsertedRowID])
        }
        // An upsert, not INSERT OR REPLACE: the job keeps its row (so `checkpoints` lists jobs in the order they
        // began) and its key index is left alone, one page fewer in every page's commit.
        let statement = try db.cachedStatement(sql: """
            INSERT INTO harvest_jobs (endpoint, metadata_prefix, has_set, set_spec, from_date, until_date, status, checkpoint,
                updated_at, process_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,
                (SELECT id FROM harvest_processes WHERE host = ? AND boot_id = ? AND pid = ? AND start_ticks = ?))
            ON CONFLICT (endpoint, metadata_prefix, has_set, set_spec, from_date, until_date)
            DO UPDATE SET status = excluded.status, checkpoint = excluded.checkpoint, updated_at = excluded.updated_at,
                process_id = excluded.process_id
            """)
        try statement.execute(arguments: keyArguments(checkpoint.key)
            + [checkpoint.status.rawValue, encoded, Date().timeIntervalSince1970] + process)
    }

    /// A process's key columns in `harvest_processes` (host, boot_id, pid, start_ticks), with '' and -1 for unknowns.
    static func processArguments(_ process: HarvestProcess) -> StatementArguments {
        [process.host, process.bootID ?? "", Int64(process.pid), process.startTicks ?? -1]
    }

    static func keyArguments(_ key: HarvestJobKey) -> StatementArguments {
        [key.endpoint, key.metadataPrefix, key.set != nil, key.set ?? "", key.from ?? "", key.until ?? ""]
    }

    func encode(_ checkpoint: SetCheckpoint) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(checkpoint), as: UTF8.self)
        } catch {
            throw .sqlite(path: path, operation: "encoding a checkpoint", message: "\(error)")
        }
    }

    func decode(_ text: String) throws(StoreError) -> SetCheckpoint {
        do {
            return try JSONDecoder().decode(SetCheckpoint.self, from: Data(text.utf8))
        } catch {
            throw .sqlite(path: path, operation: "reading a checkpoint", message: "unreadable checkpoint: \(error)")
        }
    }
}
