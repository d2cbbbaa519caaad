import GRDB

extension SQLiteRecordStore: ThumbnailHashStoring {
    public func thumbnailHashes(urls: [String]) throws(StoreError) -> [String: StoredThumbnailHash] {
        guard !urls.isEmpty else { return [:] }
        return try read("reading thumbnail hashes") { db in
            let statement = try db.cachedStatement(sql: """
                SELECT url, phash, dhash, failure, transient, attempts, fetched_at FROM thumbnail_hashes WHERE url = ?
                """)
            var found: [String: StoredThumbnailHash] = [:]
            for url in urls where found[url] == nil {
                guard let row = try Row.fetchOne(statement, arguments: [url]) else { continue }
                let phash: Int64? = row[1]
                let dhash: Int64? = row[2]
                found[url] = StoredThumbnailHash(url: row[0], phash: phash.map { UInt64(bitPattern: $0) },
                                                 dhash: dhash.map { UInt64(bitPattern: $0) }, failure: row[3],
                                                 isTransient: (row[4] as Int64) != 0, attempts: row[5], fetchedAt: row[6])
            }
            return found
        }
    }

    public func storeThumbnailHashes(_ results: [StoredThumbnailHash]) throws(StoreError) {
        guard !results.isEmpty else { return }
        try write("storing thumbnail hashes") { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO thumbnail_hashes (url, phash, dhash, failure, transient, attempts, fetched_at)
                VALUES (?, ?, ?, ?, ?, 1, ?)
                ON CONFLICT (url) DO UPDATE SET phash = excluded.phash, dhash = excluded.dhash, failure = excluded.failure,
                    transient = excluded.transient, attempts = thumbnail_hashes.attempts + 1, fetched_at = excluded.fetched_at
                """)
            for result in results {
                try upsert.execute(arguments: [result.url, result.phash.map { Int64(bitPattern: $0) },
                                               result.dhash.map { Int64(bitPattern: $0) }, result.failure,
                                               result.isTransient ? 1 : 0, result.fetchedAt])
            }
        }
    }

    public func thumbnailHashCounts() throws(StoreError) -> ThumbnailHashCounts {
        try read("counting thumbnail hashes") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(phash IS NOT NULL), 0), COALESCE(SUM(phash IS NULL AND transient = 0), 0),
                       COALESCE(SUM(phash IS NULL AND transient = 1), 0) FROM thumbnail_hashes
                """)
            return ThumbnailHashCounts(hashed: row?[0] ?? 0, permanentFailures: row?[1] ?? 0, transientFailures: row?[2] ?? 0)
        }
    }
}
