import GRDB

/// One named step of the store's schema. Applied once, in the order of `StoreMigrations.all`; never undone.
public struct StoreMigration: Sendable {
    /// The name kept in the store once applied (`v1-records-and-harvest-state`, …).
    public let identifier: String
    /// True when the step reads every record (minutes on a store of tens of millions): announced before it runs.
    public let readsEveryRecord: Bool
    let apply: @Sendable (Database) throws -> Void

    init(_ identifier: String, readsEveryRecord: Bool = false, _ apply: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.readsEveryRecord = readsEveryRecord
        self.apply = apply
    }
}

/// The store's schema as one ordered list of migrations, owned here: each stage keeps its tables in a file of its
/// own (`RecordsSchema` for the harvest, `MeasurementsSchema` for quality measurements, `PipelineSchema` for
/// cleansed views, annotations, duplicate clusters, thumbnails and vectors) and adds its migrations at the end of this list. A store is never migrated down.
public enum StoreMigrations {
    /// Every migration this version of Thresher knows, in the order they are applied.
    public static let all: [StoreMigration] = RecordsSchema.migrations + MeasurementsSchema.migrations
        + PayloadCompressionSchema.migrations + HarvestProcessSchema.migrations + ImportSchema.migrations
        + PipelineSchema.migrations + MeasurementsSchema.laterMigrations

    /// The identifiers of `all`, in order.
    public static var identifiers: [String] { all.map(\.identifier) }

    /// A migrator with every migration (or those up to and including `last`).
    static func migrator(upTo last: String? = nil) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.identifier) { db in try migration.apply(db) }
            if migration.identifier == last { break }
        }
        return migrator
    }

    /// The migrations that read every record once, announced before they run; the others take moments.
    static var wholeStoreMigrations: Set<String> { Set(all.filter(\.readsEveryRecord).map(\.identifier)) }
}
