import GRDB
import GRDBSQLite

/// Binds values to prepared statements directly (the store's per-record hot path skips GRDB's argument boxing).
enum SQLiteBinding {
    /// SQLite copies the bytes it is given (they outlive the call that bound them).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds UTF-8 text, or NULL for nil; returns SQLite's result code (SQLITE_TOOBIG past its length limit).
    @discardableResult
    static func text(_ statement: OpaquePointer, _ index: Int32, _ value: String?) -> Int32 {
        guard var value else { return sqlite3_bind_null(statement, index) }
        return value.withUTF8 { text(statement, index, buffer: $0) }
    }

    /// Binds UTF-8 bytes as text, or NULL for nil; returns SQLite's result code.
    @discardableResult
    static func text(_ statement: OpaquePointer, _ index: Int32, bytes value: [UInt8]?) -> Int32 {
        guard let value else { return sqlite3_bind_null(statement, index) }
        return value.withUnsafeBufferPointer { text(statement, index, buffer: $0) }
    }

    /// Binds UTF-8 bytes as text (NULL for nil) without SQLite copying them, for the duration of `body`, which gets
    /// SQLite's result code for the bind and must run the statement; the parameter is NULL again afterwards.
    static func withText<R>(_ statement: OpaquePointer, _ index: Int32, bytes value: [UInt8]?,
                            _ body: (Int32) throws -> R) rethrows -> R {
        guard let value else { return try body(sqlite3_bind_null(statement, index)) }
        defer { sqlite3_bind_null(statement, index) }
        return try value.withUnsafeBufferPointer { buffer in
            try body(text(statement, index, buffer: buffer, destructor: nil))
        }
    }

    /// Binds `bytes` as a blob without SQLite copying them, for the duration of `body`, which gets SQLite's result code
    /// for the bind and must run the statement; the parameter is NULL again afterwards.
    static func withBlob<R>(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer,
                            _ body: (Int32) throws -> R) rethrows -> R {
        defer { sqlite3_bind_null(statement, index) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return try body(sqlite3_bind_zeroblob(statement, index, 0))
        }
        return try body(sqlite3_bind_blob64(statement, index, base, UInt64(bytes.count), nil))
    }

    private static func text(_ statement: OpaquePointer, _ index: Int32, buffer: UnsafeBufferPointer<UInt8>,
                             destructor: sqlite3_destructor_type? = transient) -> Int32 {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            return sqlite3_bind_text(statement, index, "", 0, transient)
        }
        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
            sqlite3_bind_text64(statement, index, chars, UInt64(buffer.count), destructor, UInt8(SQLITE_UTF8))
        }
    }

    /// Runs `statement` to completion with the values `bind` binds, leaving it reset; a failure names `identifier`.
    static func run(_ statement: OpaquePointer, _ identifier: String, bind: (OpaquePointer) -> Void) throws(Failure) {
        sqlite3_reset(statement)
        bind(statement)
        let code = sqlite3_step(statement)
        let failure = code == SQLITE_DONE ? nil : error(sqlite3_db_handle(statement), code, identifier)
        sqlite3_reset(statement)
        if let failure { throw failure }
    }

    /// A statement that failed, with SQLite's message and the record it was for.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The error a failed step means, naming the record it was for.
    static func error(_ connection: OpaquePointer?, _ code: Int32, _ identifier: String) -> Failure {
        // A failed bind leaves no message on the connection: SQLite's text for the code then.
        let own = connection.flatMap { sqlite3_errcode($0) & 0xff == code & 0xff ? sqlite3_errmsg($0) : nil }
        let message = (own ?? sqlite3_errstr(code)).map { String(cString: $0) } ?? "SQLite error \(code)"
        return Failure(description: "\(identifier): \(message)")
    }
}
