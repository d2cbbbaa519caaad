import GRDB

/// The processes that wrote harvest checkpoints, so that a reader can tell a job whose process still runs from one
/// whose process was killed: each job row names the process that last wrote its checkpoint.
enum HarvestProcessSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = [
        StoreMigration("v7-harvest-processes") { db in try db.execute(sql: HarvestProcessSchema.tables) },
    ]

    /// A process is its PID with its start time in clock ticks since boot and the boot's id (-1 and '' where the
    /// system does not say), on a host; jobs recorded before this migration name no process.
    static let tables = """
        CREATE TABLE harvest_processes (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            boot_id TEXT NOT NULL,
            pid INTEGER NOT NULL,
            start_ticks INTEGER NOT NULL,
            started_at REAL NOT NULL,
            UNIQUE (host, boot_id, pid, start_ticks)
        );
        ALTER TABLE harvest_jobs ADD COLUMN process_id INTEGER REFERENCES harvest_processes (id);
        """
}
