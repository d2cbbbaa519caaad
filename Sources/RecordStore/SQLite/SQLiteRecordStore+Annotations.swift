import Foundation
import GRDB

extension SQLiteRecordStore: AnnotationStoring {
    @discardableResult
    public func storeAnnotations(_ annotations: [AnnotationInput]) throws(StoreError) -> Int {
        guard !annotations.isEmpty else { return 0 }
        let now = Date().timeIntervalSince1970
        return try write("storing annotations") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO annotations (guid, user_id, timestamp, given_timestamp, tags, comment, location, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var stored = 0
            for a in annotations {
                try insert.execute(arguments: [a.guid, a.userId, a.timestamp, a.givenTimestamp, Self.tagsJSON(a.tags), a.comment,
                                               a.location, now])
                stored += db.changesCount
            }
            return stored
        }
    }

    public func annotations(guids: [String]) throws(StoreError) -> [StoredAnnotation] {
        guard !guids.isEmpty else { return [] }
        return try read("reading annotations") { db in
            let select = try db.cachedStatement(sql: """
                SELECT guid, user_id, timestamp, given_timestamp, tags, comment, location FROM annotations
                WHERE guid = ? ORDER BY timestamp, user_id
                """)
            var found: [StoredAnnotation] = []
            for guid in guids {
                let rows = try Row.fetchCursor(select, arguments: [guid])
                while let row = try rows.next() {
                    let tags: String = row[4]
                    found.append(StoredAnnotation(guid: row[0], userId: row[1], timestamp: row[2], givenTimestamp: row[3],
                                                  tags: Self.tags(tags), comment: row[5], location: row[6]))
                }
            }
            return found
        }
    }

    public func areLiveIdentifiers(_ candidates: [String]) throws(StoreError) -> [Bool] {
        guard !candidates.isEmpty else { return [] }
        return try read("looking identifiers up") { db in
            let select = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM records WHERE identifier = ? AND deleted = 0)")
            return try candidates.map { try Bool.fetchOne(select, arguments: [$0]) ?? false }
        }
    }

    public func isKnownIdentifier(_ identifier: String) throws(StoreError) -> Bool {
        try read("looking an identifier up") { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM records WHERE identifier = ?) OR EXISTS (SELECT 1 FROM annotations WHERE guid = ?)
                """, arguments: [identifier, identifier]) ?? false
        }
    }

    public func liveIdentifiers(after: Int64?, limit: Int) throws(StoreError) -> [(seq: Int64, identifier: String)] {
        try read("reading identifiers") { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT seq, identifier FROM records WHERE seq > ? AND deleted = 0 ORDER BY seq LIMIT ?
                """), arguments: [after ?? 0, limit]).map { (seq: $0[0] as Int64, identifier: $0[1] as String) }
        }
    }

    public func annotationCount() throws(StoreError) -> Int {
        try read("counting annotations") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM annotations") ?? 0 }
    }

    /// Tags as stored: a JSON array of strings.
    static func tagsJSON(_ tags: [String]) -> String {
        (try? JSONEncoder().encode(tags)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// Stored tags read back.
    static func tags(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}
