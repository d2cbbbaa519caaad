/// A record store that keeps cleanse's results: one cleansed view per live record (as bytes the pipeline encodes),
/// stored with the content hash of the record and the hash of the mapping it was derived with, so that a later run
/// redoes only what changed; and the parameters of each pipeline stage's last run.
public protocol CleansedViewStoring: RecordStoring {
    /// Among the next `limit` live records after seq `after` (in one format, or all), those without a cleansed view
    /// derived from their current content with a mapping of `mappingHash`, in seq order; the last seq looked at (nil
    /// when no record follows `after`) and how many were looked at.
    func uncleansed(metadataPrefix: String?, mappingHash: String, after: Int64?,
                    limit: Int) throws(StoreError) -> (seqs: [Int64], through: Int64?, examined: Int)

    /// Stores cleansed views (replacing earlier ones of the same records) in one transaction.
    func storeCleansedViews(_ views: [CleansedViewInput]) throws(StoreError)

    /// Up to `limit` cleansed views of live records after seq `after`, in seq order (only the rejected ones when
    /// `rejectedOnly`).
    func cleansedViews(after: Int64?, limit: Int, rejectedOnly: Bool) throws(StoreError) -> [StoredCleansedView]

    /// The cleansed views of these identifiers (those that have one), in seq order.
    func cleansedViews(identifiers: [String]) throws(StoreError) -> [StoredCleansedView]

    /// Views whose record is deleted or gone are dropped; how many.
    @discardableResult
    func dropStaleCleansedViews() throws(StoreError) -> Int

    /// The live records with these seqs as cleanse reads them (the JSON; the XML only when the JSON is missing), in seq
    /// order; a record whose stored payload cannot be read back comes with its problem instead of failing the batch.
    func recordsToCleanse(seqs: [Int64]) throws(StoreError) -> [RecordToCleanse]

    /// True when every live record has a view derived from its current content with a mapping of `mappingHash` and no
    /// view belongs to a deleted or missing record: a cleanse run would have nothing to do.
    func cleansedViewsAreCurrent(mappingHash: String) throws(StoreError) -> Bool

    /// The cleansed views of live records, and how many of them are rejected.
    func cleansedViewCounts() throws(StoreError) -> (views: Int, rejected: Int)

    /// The parameters a stage (`cleanse`, `dedup`, `embed`, …) recorded at the end of its last run, or nil.
    func pipelineRun(stage: String) throws(StoreError) -> PipelineRun?

    /// Records that a stage finished a run with these parameters.
    func recordPipelineRun(stage: String, parameters: String) throws(StoreError)
}

/// One record's cleansed view to store.
public struct CleansedViewInput: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's OAI identifier.
    public var identifier: String
    /// The content hash of the record as cleansed.
    public var contentHash: String
    /// The hash of the mapping the view was derived with.
    public var mappingHash: String
    /// The view, as the pipeline encodes it; nil when the record's metadata could not be read.
    public var view: [UInt8]?
    /// Why the record was rejected (empty when accepted).
    public var rejected: [String]

    public init(seq: Int64, identifier: String, contentHash: String, mappingHash: String, view: [UInt8]?, rejected: [String]) {
        self.seq = seq
        self.identifier = identifier
        self.contentHash = contentHash
        self.mappingHash = mappingHash
        self.view = view
        self.rejected = rejected
    }
}

/// A stored cleansed view.
public struct StoredCleansedView: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's OAI identifier.
    public var identifier: String
    /// The content hash of the record as cleansed.
    public var contentHash: String
    /// The view, as the pipeline encoded it; nil when the record's metadata could not be read.
    public var view: [UInt8]?
    /// Why the record was rejected (empty when accepted).
    public var rejected: [String]

    public init(seq: Int64, identifier: String, contentHash: String, view: [UInt8]?, rejected: [String]) {
        self.seq = seq
        self.identifier = identifier
        self.contentHash = contentHash
        self.view = view
        self.rejected = rejected
    }
}

/// What a pipeline stage recorded at the end of its last run.
public struct PipelineRun: Sendable, Equatable {
    /// The stage's own description of its parameters (a mapping hash, a threshold, …).
    public var parameters: String
    /// When the run finished, in seconds since 1970.
    public var finishedAt: Double

    public init(parameters: String, finishedAt: Double) {
        self.parameters = parameters
        self.finishedAt = finishedAt
    }
}

/// A live record as cleanse reads it.
public struct RecordToCleanse: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The OAI identifier, as harvested.
    public var identifier: String
    /// The OAI header's datestamp, as stored.
    public var datestamp: String
    /// The content hash of the record as stored.
    public var contentHash: String
    /// The JSON record (empty when its conversion failed at harvest time, or unreadable).
    public var json: [UInt8]
    /// The metadata XML, read only when the JSON is empty (then it may be converted again).
    public var xml: [UInt8]?
    /// Why a stored payload could not be read back, or nil.
    public var problem: String?

    public init(seq: Int64, identifier: String, datestamp: String, contentHash: String, json: [UInt8], xml: [UInt8]?,
                problem: String? = nil) {
        self.seq = seq
        self.identifier = identifier
        self.datestamp = datestamp
        self.contentHash = contentHash
        self.json = json
        self.xml = xml
        self.problem = problem
    }
}
