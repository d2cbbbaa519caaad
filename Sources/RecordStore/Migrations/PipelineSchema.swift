import GRDB

/// The pipeline stages' tables, one migration per stage, each stage's table layout in a file of its own
/// (`CleanseSchema`, `AnnotationsSchema`, `DuplicatesSchema`, `ThumbnailsSchema`, `VectorsSchema`).
enum PipelineSchema {
    /// The migrations of the pipeline stages, in order.
    static let migrations: [StoreMigration] = [
        StoreMigration("v9-cleansed-views") { db in try db.execute(sql: CleanseSchema.tables) },
        StoreMigration("v10-annotations") { db in try db.execute(sql: AnnotationsSchema.tables) },
        StoreMigration("v11-duplicate-clusters") { db in try db.execute(sql: DuplicatesSchema.tables) },
        StoreMigration("v12-thumbnail-hashes") { db in try db.execute(sql: ThumbnailsSchema.tables) },
        StoreMigration("v13-vectors") { db in try db.execute(sql: VectorsSchema.tables) },
    ]
}
