import GRDB

/// The harvesting process recorded with its jobs (filled in by the status work).
enum HarvestProcessSchema {
    /// The migrations of this stage, in order.
    static let migrations: [StoreMigration] = []
}
