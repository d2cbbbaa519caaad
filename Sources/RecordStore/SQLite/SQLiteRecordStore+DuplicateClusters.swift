import GRDB

extension SQLiteRecordStore: DuplicateClusterStoring {
    public func duplicateCluster(of identifier: String) throws(StoreError) -> DuplicateCluster? {
        try read("reading a duplicate cluster") { db in
            guard let canonical = try String.fetchOne(db, sql: "SELECT canonical FROM duplicate_members WHERE identifier = ?",
                                                      arguments: [identifier]) else { return nil }
            let members = try String.fetchAll(db, sql: """
                SELECT identifier FROM duplicate_members WHERE canonical = ? ORDER BY identifier
                """, arguments: [canonical])
            return DuplicateCluster(canonical: canonical, members: members)
        }
    }
}
