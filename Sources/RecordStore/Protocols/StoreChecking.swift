import ThresherCore

/// A record store that checks itself: the file's integrity as its database sees it, then the store's own
/// invariants (every membership, index entry and measurement names a record; the kept counts agree with the records;
/// checkpoints and run summaries can be read), and mends what is derived from the records.
public protocol StoreChecking: AnyObject, Sendable {
    /// Checks the store (the database's full check when `full`, its quick one otherwise); the store's invariants are
    /// checked only when the file is not damaged. `progress` counts the steps done.
    func check(full: Bool, progress: ProgressReporter?) throws(StoreError) -> StoreCheckReport

    /// Rebuilds what is derived from the records (indexes, kept counts), removes memberships and measurements that
    /// name no record and forgets unreadable checkpoints and run summaries, in one transaction. Refuses a damaged file.
    func repair(progress: ProgressReporter?) throws(StoreError)
}
