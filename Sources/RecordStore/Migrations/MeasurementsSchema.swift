import GRDB

/// The quality stage's tables: one measurement per (schema, record), with what it was computed from (the record's
/// content hash and the schema's own hash), so that a later run re-scores only records or schemas that changed.
enum MeasurementsSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = [
        StoreMigration("v5-measurements", readsEveryRecord: true) { db in try db.execute(sql: MeasurementsSchema.tables) },
    ]

    /// The later migrations of this stage (applied after the other stages' earlier ones, in the order of
    /// `StoreMigrations.all`).
    static let laterMigrations: [StoreMigration] = [
        StoreMigration("v14-measurements-by-provider", readsEveryRecord: true) { db in
            try db.execute(sql: MeasurementsSchema.byProvider)
        },
    ]

    /// Lets a report read one data provider's measurements after another (each provider's group is finished and
    /// freed before the next starts), without sorting the store.
    static let byProvider = """
        CREATE INDEX measurements_by_provider ON measurements (schema, data_provider, seq);
        """

    /// `measurements` holds each result as bytes the quality module encodes, beside the columns a report groups and
    /// sorts by and the record's identifier (so that writing every row reads no record row, which carries payloads). `records_by_seq_with_hash` lets a run find what changed since the last one from a small index,
    /// without reading the records' rows (which carry the payloads); it is keyed by seq, so a harvest appends to it.
    static let tables = """
        CREATE TABLE measurements (
            schema TEXT NOT NULL,
            seq INTEGER NOT NULL,
            identifier TEXT NOT NULL,
            schema_hash TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            dataset TEXT,
            data_provider TEXT,
            total REAL,
            result BLOB NOT NULL,
            measured_at REAL NOT NULL,
            PRIMARY KEY (schema, seq)
        ) WITHOUT ROWID;
        CREATE INDEX records_by_seq_with_hash ON records (seq, deleted, content_hash);
        """
}
