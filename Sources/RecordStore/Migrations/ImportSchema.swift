import GRDB

/// What imports add: an index of the live records stored without XML (imported from JSON Lines without it), which
/// the data provider leaves out and `status` counts. Harvested records always have XML, so the index stays small.
enum ImportSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = [
        StoreMigration("v8-live-records-without-xml", readsEveryRecord: true) { db in
            try db.execute(sql: """
                CREATE INDEX records_without_xml ON records (metadata_prefix, seq) WHERE deleted = 0 AND metadata_xml IS NULL
                """)
        },
    ]
}
