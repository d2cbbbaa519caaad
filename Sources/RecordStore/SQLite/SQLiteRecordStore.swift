import Foundation
import GRDB

/// The record store in one SQLite file (WAL mode): records with their set memberships, harvest
/// checkpoints, set names, run summaries and every later stage's results, so that one file a user can copy holds
/// a whole harvest. Safe to use from many threads at once.
public final class SQLiteRecordStore: HarvestStateStoring, MeasurementStoring, Sendable {
    /// The store's file.
    public let path: String
    /// The store's file, for messages.
    public var location: String { path }
    /// How many records may lie above the datestamp and set indexes before a write merges them in (at least; more
    /// once the indexes are large, see `maximumIndexTail`).
    public let indexBatch: Int
    /// How this store writes record payloads (reads take whatever a row holds).
    public var payloadCompression: PayloadCompression { payloads.compression }
    let pool: DatabasePool
    let payloads: PayloadCodecs

    /// Opens the store at `path`, creating it and bringing its schema up to date as needed. `indexBatch`: how many
    /// newly stored records wait at least before their datestamps and set memberships are merged into the indexes,
    /// in one sorted pass (larger: fewer index pages rewritten per record; reads consult the waiting records too).
    /// Once more than eight times as many are indexed, an eighth of the indexed records wait (at most
    /// `maximumIndexTail`).
    ///
    /// `willUpgrade` hears, before it starts, that an existing store is being brought up to date by migrations
    /// that read every record once (minutes on a store of tens of millions), and by which; quick ones go unheard.
    ///
    /// `readOnly` opens an existing, up-to-date store for reading only (a file or directory this user may not
    /// write); writes then fail, and a store that needs an upgrade is refused.
    ///
    /// `payloadCompression`: how record payloads are written (zstd frames with per-format dictionaries by default).
    /// Reads are the same whatever a store holds. A store written before compression existed has its payloads
    /// compressed on the first writable open with zstd (announced through `willUpgrade`; see `compressesStoredPayloads`).
    public init(path: String, indexBatch: Int = SQLiteRecordStore.defaultIndexBatch, readOnly: Bool = false,
                payloadCompression: PayloadCompression = .zstd,
                willUpgrade: ((_ migrations: [String]) -> Void)? = nil) throws(StoreError) {
        self.path = path
        self.indexBatch = max(1, indexBatch)
        self.payloads = PayloadCodecs(compression: payloadCompression)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw .cannotOpen(path: path, reason: "no such directory \(directory)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.readonly = readOnly
        configuration.prepareDatabase { db in
            // Records carry several KB of text: the largest pages mean the fewest page writes per stored
            // record (measured: 64 KiB pages cost 25% less CPU per record than 16 KiB); takes effect only
            // when the file is created. A 64 MB page cache keeps the indexes' hot pages in memory.
            try db.execute(sql: "PRAGMA page_size = 65536")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Pages read from the file are used in place rather than copied into the page cache: reads that jump
            // around the file (a report's passes in provider and set order) spent a fifth of their time copying
            // 64 KiB pages. SQLite maps up to its compile-time limit (2 GB on Debian) and reads the rest.
            try db.execute(sql: "PRAGMA mmap_size = 1099511627776")
        }
        do {
            do {
                pool = try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where readOnly && error.resultCode == .SQLITE_READONLY {
                // A WAL store's shared-memory file is missing and cannot be made (a directory this user may not write):
                // nobody is writing the store then, and SQLite may read it as an unchanging file.
                pool = try DatabasePool(path: Self.immutableURI(path), configuration: configuration)
            }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB {
                throw .notAStore(path: path, reason: "not an SQLite database")
            }
            throw .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        if readOnly {
            try checkUpToDate()
        } else {
            try migrate(willUpgrade: willUpgrade)
            try compressStoredPayloads()
        }
    }

    /// `path` as an SQLite URI that opens it as a file nobody changes.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// For a read-only store: it must be a Thresher store that needs no migration.
    private func checkUpToDate() throws(StoreError) {
        let migrator = StoreMigrations.migrator()
        let applied: Set<String>
        do {
            applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        } catch {
            throw .cannotOpen(path: path, reason: "read-only, and not readable as a record store: \(Self.message(error))")
        }
        if applied.isEmpty { throw .notAStore(path: path, reason: "no Thresher schema (read-only, so none can be made)") }
        if let unknown = applied.subtracting(Set(migrator.migrations)).first { throw .newerSchema(path: path, migration: unknown) }
        if let pending = migrator.migrations.first(where: { !applied.contains($0) }) {
            throw .cannotOpen(path: path, reason: "read-only, and this version must upgrade it first (\(pending)); "
                              + "open it once where it can be written")
        }
    }

    private func migrate(willUpgrade: ((_ migrations: [String]) -> Void)?) throws(StoreError) {
        let migrator = StoreMigrations.migrator()
        do {
            let (known, applied, userTables, holdsRecords, compressing) = try pool.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    """)
                let holdsRecords = try tables.contains("records")
                    && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM records)") == true
                // A compression of stored payloads that a kill interrupted goes on at this open (announced again).
                let compressing = try tables.contains("payload_compression")
                    && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM payload_compression)") == true
                return (Set(migrator.migrations), applied, tables, holdsRecords, compressing)
            }
            if applied.isEmpty, !userTables.isEmpty {
                throw StoreError.notAStore(path: path, reason: "an SQLite database of another application (tables: \(userTables.prefix(5).joined(separator: ", ")))")
            }
            if let unknown = applied.subtracting(known).first {
                throw StoreError.newerSchema(path: path, migration: unknown)
            }
            let pending = migrator.migrations.filter { !applied.contains($0) }
            var slow = pending.filter { StoreMigrations.wholeStoreMigrations.contains($0) }
            if payloads.compression.method != .zstd {
                slow.removeAll { $0 == PayloadCompressionSchema.identifier }  // only the tables are made then
            } else if compressing, !slow.contains(PayloadCompressionSchema.identifier) {
                slow.append(PayloadCompressionSchema.identifier)
            }
            // Only a store with records is worth the warning (a new one another process is still creating is not).
            if !applied.isEmpty, !slow.isEmpty, holdsRecords { willUpgrade?(slow) }
            // Two processes opening a new store at once may both try to create its schema: the loser
            // fails on tables the winner created, and succeeds once it sees the applied migrations.
            var attempt = 0
            while true {
                do {
                    try migrator.migrate(pool)
                    break
                } catch let error as DatabaseError where attempt < 5 && error.resultCode != .SQLITE_NOTADB {
                    attempt += 1
                    Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .notAStore(path: path, reason: "not an SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            throw .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .sqlite(path: path, operation: "migrating the schema", message: Self.message(error))
        }
    }

    // MARK: - Error wrapping

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch let error as PayloadReadError {
            throw .corruptPayload(path: path, identifier: error.identifier, payload: error.payload, reason: error.reason)
        } catch {
            throw .sqlite(path: path, operation: operation, message: Self.message(error))
        }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as PayloadReadError {
            throw .corruptPayload(path: path, identifier: error.identifier, payload: error.payload, reason: error.reason)
        } catch {
            throw .sqlite(path: path, operation: operation, message: Self.message(error))
        }
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
