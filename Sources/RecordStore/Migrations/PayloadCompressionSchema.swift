import GRDB

/// Compressed record payloads (filled in by the compression work).
enum PayloadCompressionSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = []
}
