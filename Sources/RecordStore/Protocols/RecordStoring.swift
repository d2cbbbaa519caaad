/// A record store: records harvested in one or more metadata formats, with their set memberships, read and
/// written by every stage. `SQLiteRecordStore` is the embedded implementation; a server-backed one implements
/// the same protocols. Every method is safe to call from several threads at once.
public protocol RecordStoring: AnyObject, Sendable {
    /// Where the store is (a file path or a connection description), for messages.
    var location: String { get }

    /// Stores records outside any listing (gap filling, seeding, imports) in one transaction.
    @discardableResult
    func storeRecords(_ records: [RecordInput], metadataPrefix: String) throws(StoreError) -> PageWriteResult

    /// The record with this identifier (in this format, or the first stored format when nil).
    func record(identifier: String, metadataPrefix: String?) throws(StoreError) -> StoredRecord?

    /// Up to `limit` records matching `query` whose seq is greater than `after`, in seq order, with the payloads
    /// `content` asks for (the others nil).
    func records(_ query: RecordQuery, after seq: Int64?, limit: Int, content: RecordContent) throws(StoreError) -> [StoredRecord]

    /// The number of records matching `query`.
    func count(_ query: RecordQuery) throws(StoreError) -> Int

    /// The number of live records stored without XML (imported from JSON Lines without it; the data provider does
    /// not offer them), in one format or all.
    func countLiveWithoutXML(metadataPrefix: String?) throws(StoreError) -> Int

    /// The live records matching `query` as batches of JSON bytes, for several reader threads to share: each
    /// `next()` hands out the following batch, in seq order.
    func jsonBatches(_ query: RecordQuery, batchSize: Int) -> RecordJSONBatches

    /// The JSON (and, when asked, XML) of the live records with these seqs, in seq order.
    func recordJSON(seqs: [Int64], withXML: Bool) throws(StoreError) -> [RecordJSON]

    /// Every stored identifier (in one format, or all).
    func identifiers(metadataPrefix: String?) throws(StoreError) -> Set<String>

    /// The identifiers among `candidates` that the store has no record for in `metadataPrefix`, in their order.
    func missing(_ candidates: [String], metadataPrefix: String) throws(StoreError) -> [String]

    /// The metadata formats the store holds records in, sorted.
    func metadataPrefixes() throws(StoreError) -> [String]

    /// Per set: live and deleted records, sorted by set.
    func setCounts(metadataPrefix: String?) throws(StoreError) -> [SetCount]

    /// The earliest datestamp stored, normalised to `YYYY-MM-DDThh:mm:ssZ`.
    func earliestDatestamp(metadataPrefix: String?) throws(StoreError) -> String?

    /// Records the names a repository gives its sets (from ListSets).
    func saveSets(_ sets: [SetInfo], endpoint: String) throws(StoreError)

    /// The set names known (of one endpoint, or all), sorted by spec.
    func sets(endpoint: String?) throws(StoreError) -> [SetInfo]
}

extension RecordStoring {
    /// The record with this identifier, in the first stored format.
    public func record(identifier: String) throws(StoreError) -> StoredRecord? {
        try record(identifier: identifier, metadataPrefix: nil)
    }

    /// Up to `limit` records matching `query` after `seq`, with their JSON and XML.
    public func records(_ query: RecordQuery, after seq: Int64? = nil, limit: Int) throws(StoreError) -> [StoredRecord] {
        try records(query, after: seq, limit: limit, content: .all)
    }

    /// Calls `body` with every record matching `query`, in seq order, one at a time; batches keep memory flat
    /// without holding a read transaction open across the caller's work.
    public func forEachRecord(_ query: RecordQuery, content: RecordContent = .all, _ body: (StoredRecord) throws -> Void) throws {
        var after: Int64?
        while true {
            let batch = try records(query, after: after, limit: 500, content: content)
            for record in batch { try body(record) }
            guard let last = batch.last, batch.count == 500 else { return }
            after = last.seq
        }
    }

    /// Every stored identifier.
    public func identifiers() throws(StoreError) -> Set<String> { try identifiers(metadataPrefix: nil) }

    /// Per set: live and deleted records in every format, sorted by set.
    public func setCounts() throws(StoreError) -> [SetCount] { try setCounts(metadataPrefix: nil) }

    /// Every set that has records, sorted.
    public func setSpecs() throws(StoreError) -> [String] { try setCounts(metadataPrefix: nil).map(\.set) }

    /// Every set name known, sorted by spec.
    public func sets() throws(StoreError) -> [SetInfo] { try sets(endpoint: nil) }

    /// The earliest datestamp stored in any format.
    public func earliestDatestamp() throws(StoreError) -> String? { try earliestDatestamp(metadataPrefix: nil) }
}
