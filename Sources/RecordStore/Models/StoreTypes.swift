import Foundation

/// Which records a read covers. `from`/`until` are inclusive bounds on the datestamp normalised to UTC
/// (`YYYY-MM-DDThh:mm:ssZ`); a day-only bound covers its whole day.
public struct RecordQuery: Sendable, Equatable {
    public var metadataPrefix: String?
    public var set: String?
    public var from: String?
    public var until: String?
    public var includeDeleted: Bool
    /// Leave out live records stored without XML (imported from JSON Lines without it): what a reader that
    /// publishes XML (the data provider) may offer. Deleted records have no XML and stay in.
    public var withXMLOnly: Bool

    public init(metadataPrefix: String? = nil, set: String? = nil, from: String? = nil, until: String? = nil,
                includeDeleted: Bool = true, withXMLOnly: Bool = false) {
        self.metadataPrefix = metadataPrefix
        self.set = set
        self.from = from
        self.until = until
        self.includeDeleted = includeDeleted
        self.withXMLOnly = withXMLOnly
    }
}

/// What one page write did.
public struct PageWriteResult: Sendable, Equatable {
    /// Records new to the store.
    public var inserted: Int
    /// Records whose datestamp, status or content changed.
    public var updated: Int
    /// Records already stored as they are (set memberships may still have grown).
    public var unchanged: Int
    /// Of the unchanged records, those whose datestamp was older than the stored one (the newer content was kept).
    public var older: Int

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, older: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.older = older
    }
}

/// Records of one set in the store.
public struct SetCount: Sendable, Equatable {
    public var set: String
    public var live: Int
    public var deleted: Int

    public init(set: String, live: Int, deleted: Int) {
        self.set = set
        self.live = live
        self.deleted = deleted
    }
}

/// Why the store failed.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not a Thresher store (not SQLite, or another application's database).
    case notAStore(path: String, reason: String)
    /// The store was written by a newer Thresher.
    case newerSchema(path: String, migration: String)
    /// A database operation failed.
    case sqlite(path: String, operation: String, message: String)
    /// A record's stored payload (`payload`: its metadata XML or JSON) cannot be read back: damaged, or compressed with
    /// a dictionary the store lacks.
    case corruptPayload(path: String, identifier: String, payload: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open the record store: \(reason)"
        case .notAStore(let path, let reason): return "\(path): not a Thresher record store: \(reason)"
        case .newerSchema(let path, let migration):
            return "\(path): written by a newer Thresher (unknown migration \(migration)); upgrade Thresher"
        case .sqlite(let path, let operation, let message): return "\(path): \(operation) failed: \(message)"
        case .corruptPayload(let path, let identifier, let payload, let reason):
            return "\(path): record \(identifier): its stored \(payload) cannot be read back (\(reason))"
        }
    }
}
