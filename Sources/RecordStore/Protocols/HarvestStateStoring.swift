/// A record store a harvester writes to: pages stored together with their job's checkpoint, the checkpoints and
/// run summaries. Kept apart from `RecordStoring`, which later stages read.
public protocol HarvestStateStoring: RecordStoring {
    /// Stores one harvested page and its job's checkpoint in one transaction: either both are stored or neither.
    @discardableResult
    func storePage(_ records: [RecordInput], metadataPrefix: String, checkpoint: SetCheckpoint) throws(StoreError) -> PageWriteResult

    /// Brings the store's read indexes up to date with every record stored (at the end of a harvest or gap fill).
    func completeIndexes() throws(StoreError)

    /// Saves a job's checkpoint on its own (failures, status changes between pages).
    func saveCheckpoint(_ checkpoint: SetCheckpoint) throws(StoreError)

    /// The checkpoint of a job, if it ever stored one.
    func checkpoint(for key: HarvestJobKey) throws(StoreError) -> SetCheckpoint?

    /// Every stored checkpoint (of one endpoint, or all), oldest job first.
    func checkpoints(endpoint: String?) throws(StoreError) -> [SetCheckpoint]

    /// Every stored job (of one endpoint, or all) with the process that last wrote its checkpoint and what its status
    /// means now, oldest job first.
    func jobStates(endpoint: String?) throws(StoreError) -> [HarvestJobState]

    /// Forgets a job's checkpoint (its records stay), so the job starts over.
    func deleteCheckpoint(for key: HarvestJobKey) throws(StoreError)

    /// Keeps a run's summary (for `thresher status`).
    func saveRunSummary(_ summary: RunSummary) throws(StoreError)

    /// The last run's summary, if any.
    func latestRunSummary() throws(StoreError) -> RunSummary?
}

extension HarvestStateStoring {
    /// Every stored checkpoint, oldest job first.
    public func checkpoints() throws(StoreError) -> [SetCheckpoint] { try checkpoints(endpoint: nil) }

    /// Every stored job with what its status means now, oldest job first.
    public func jobStates() throws(StoreError) -> [HarvestJobState] { try jobStates(endpoint: nil) }
}
