import GRDB

/// Compressed record payloads: the dictionaries they are compressed with, one per (metadata format, payload kind),
/// and the progress of compressing a store's existing payloads.
///
/// The migration itself only makes the tables (and notes that the store holds payloads written as text); the
/// payloads are then compressed by `SQLiteRecordStore` right after migrating, in batches of their own transactions
/// (a kill resumes at the last batch; text and compressed rows read alike meanwhile), and the file is vacuumed last.
enum PayloadCompressionSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = [
        StoreMigration(identifier, readsEveryRecord: true) { db in try db.execute(sql: PayloadCompressionSchema.tables) },
    ]

    /// The migration's name.
    static let identifier = "v6-compressed-payloads"

    /// `payload_dictionaries`: a row per (format, kind) once a training ran; `dictionary_id` (the zstd id every frame
    /// compressed with it carries) and `dictionary` are NULL when the training learnt nothing (that kind is then
    /// compressed without). `payload_compression`: present while payloads written as text wait to be compressed
    /// (`next_seq`: the records up to it are done) or the file to be vacuumed afterwards (`phase`).
    static let tables = """
        CREATE TABLE payload_dictionaries (
            metadata_prefix TEXT NOT NULL,
            kind TEXT NOT NULL,
            dictionary_id INTEGER UNIQUE,
            dictionary BLOB,
            samples INTEGER NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (metadata_prefix, kind)
        );
        CREATE TABLE payload_compression (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            next_seq INTEGER NOT NULL,
            phase TEXT NOT NULL
        );
        INSERT INTO payload_compression SELECT 1, 0, 'compress' WHERE EXISTS (SELECT 1 FROM records);
        """
}
