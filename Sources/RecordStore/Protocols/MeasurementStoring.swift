/// A record store that keeps quality measurements: one result per (schema, record), stored with the content hash
/// of the record it was computed from and a hash of the schema, so that unchanged records are not measured again.
public protocol MeasurementStoring: RecordStoring {
    /// Among the next `limit` live records matching `query` after seq `after`, those that have no measurement with
    /// `schema` computed from their current content with a schema of `schemaHash`, in seq order, and the last seq
    /// looked at (nil when no record follows `after`) and how many were looked at.
    func unmeasured(_ query: RecordQuery, schema: String, schemaHash: String, after: Int64?,
                    limit: Int) throws(StoreError) -> (seqs: [Int64], through: Int64?, examined: Int)

    /// Stores measurements (replacing earlier ones of the same records and schema) in one transaction.
    func storeMeasurements(_ measurements: [MeasurementInput], schema: String, schemaHash: String) throws(StoreError)

    /// Up to `limit` measurements with `schema` of the live records matching `query`, after seq `after`, in seq order.
    func measurements(_ query: RecordQuery, schema: String, after: Int64?, limit: Int) throws(StoreError) -> [StoredMeasurement]

    /// Calls `body` with every measurement with `schema` of the live records matching `query`, in `order`, from one
    /// read of the store (a consistent snapshot); `body` may block, and the store is read as fast as it returns. In
    /// set order the store first brings its set index up to date (a write, so a store opened read-only cannot).
    func forEachMeasurement(_ query: RecordQuery, schema: String, order: MeasurementOrder,
                            _ body: (StoredMeasurement) -> Void) throws(StoreError)

    /// As `measurements`, without the records' sets (`sets` empty): what writing every record's row needs, read faster.
    func measurementRows(_ query: RecordQuery, schema: String, after: Int64?, limit: Int) throws(StoreError) -> [StoredMeasurement]
}

extension MeasurementStoring {
    /// `measurements` with the sets left out.
    public func measurementRows(_ query: RecordQuery, schema: String, after: Int64?, limit: Int) throws(StoreError) -> [StoredMeasurement] {
        try measurements(query, schema: schema, after: after, limit: limit).map { stored in
            var row = stored
            row.sets = []
            return row
        }
    }
}

/// The order `MeasurementStoring.forEachMeasurement` visits measurements in. `sets` of the measurements it gives is
/// empty, except in `set` order.
public enum MeasurementOrder: Sendable, Equatable {
    /// By seq.
    case seq
    /// By data provider (records without one first, then by the provider's bytes), then by seq.
    case dataProvider
    /// By set (by its bytes), then by seq: a record once for every set it belongs to, with `sets` holding that set
    /// alone. Records in no set are not visited.
    case set
}

/// One record's measurement to store.
public struct MeasurementInput: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's OAI identifier.
    public var identifier: String
    /// The content hash of the record as measured.
    public var contentHash: String
    /// The record's dataset (its first set), for grouping.
    public var dataset: String?
    /// The record's data provider, for grouping.
    public var dataProvider: String?
    /// The TOTAL score, for sorting.
    public var total: Double?
    /// The whole result, as the quality module encodes it.
    public var result: [UInt8]

    public init(seq: Int64, identifier: String, contentHash: String, dataset: String?, dataProvider: String?, total: Double?,
                result: [UInt8]) {
        self.seq = seq
        self.identifier = identifier
        self.contentHash = contentHash
        self.dataset = dataset
        self.dataProvider = dataProvider
        self.total = total
        self.result = result
    }
}

/// A stored measurement with its record's identity.
public struct StoredMeasurement: Sendable, Equatable {
    /// The record's seq.
    public var seq: Int64
    /// The record's OAI identifier.
    public var identifier: String
    /// Every set the record was seen in, sorted.
    public var sets: [String]
    /// The record's dataset as measured.
    public var dataset: String?
    /// The record's data provider as measured.
    public var dataProvider: String?
    /// The TOTAL score.
    public var total: Double?
    /// The whole result, as the quality module encoded it.
    public var result: [UInt8]

    public init(seq: Int64, identifier: String, sets: [String], dataset: String?, dataProvider: String?, total: Double?,
                result: [UInt8]) {
        self.seq = seq
        self.identifier = identifier
        self.sets = sets
        self.dataset = dataset
        self.dataProvider = dataProvider
        self.total = total
        self.result = result
    }
}
