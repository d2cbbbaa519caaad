/// What identifies one harvest job: a set (or the whole repository) of one endpoint, in one format and date range.
public struct HarvestJobKey: Hashable, Sendable, Codable {
    /// The repository's base URL.
    public var endpoint: String
    /// The metadataPrefix harvested.
    public var metadataPrefix: String
    /// The setSpec, or nil for the whole repository as one listing.
    public var set: String?
    /// The `from` argument, if any.
    public var from: String?
    /// The `until` argument, if any.
    public var until: String?

    public init(endpoint: String, metadataPrefix: String, set: String?, from: String? = nil, until: String? = nil) {
        self.endpoint = endpoint
        self.metadataPrefix = metadataPrefix
        self.set = set
        self.from = from
        self.until = until
    }
}

/// How a harvest job stands.
public enum HarvestStatus: String, Sendable, Codable, CaseIterable {
    /// Started and not finished: a resumed harvest continues it from its checkpoint.
    case running
    /// The listing ended normally (no resumption token).
    case complete
    /// The listing was stopped because it looked runaway (empty pages, a token loop, repeated pages, or a cursor past
    /// the list size together with an empty page).
    case suspectEnd = "suspect-end"
    /// The job failed after its retries.
    case failed
}

/// The state of one harvest job after its last stored page: enough to resume it.
public struct SetCheckpoint: Sendable, Equatable, Codable {
    /// Which job.
    public var key: HarvestJobKey
    /// Where it stands.
    public var status: HarvestStatus
    /// The token to request next; nil with `running` means "start the listing from its beginning".
    public var resumptionToken: String?
    /// The cursor the server reported with the last token, if any.
    public var cursor: Int?
    /// The completeListSize the server reported last, if any.
    public var completeListSize: Int?
    /// Pages stored so far.
    public var pages: Int
    /// Live (non-deleted) records received so far.
    public var records: Int
    /// Deleted records received so far.
    public var deleted: Int
    /// Pages in a row without records (runaway detection).
    public var emptyPagesInARow: Int
    /// The latest datestamp seen in the listing (for incremental harvests and restarts).
    public var lastDatestamp: String?
    /// Seconds spent on this job, summed over runs.
    public var seconds: Double
    /// Retries spent on this job, summed over runs.
    public var retries: Int
    /// Why the job failed or was stopped, when it did.
    public var message: String?
    /// Live records received whose metadata could not be converted (kept without JSON); 0 in checkpoints stored
    /// before this was counted.
    public var unconverted: Int

    public init(key: HarvestJobKey, status: HarvestStatus = .running, resumptionToken: String? = nil, cursor: Int? = nil,
                completeListSize: Int? = nil, pages: Int = 0, records: Int = 0, deleted: Int = 0,
                emptyPagesInARow: Int = 0, lastDatestamp: String? = nil, seconds: Double = 0, retries: Int = 0,
                message: String? = nil, unconverted: Int = 0) {
        self.key = key
        self.status = status
        self.resumptionToken = resumptionToken
        self.cursor = cursor
        self.completeListSize = completeListSize
        self.pages = pages
        self.records = records
        self.deleted = deleted
        self.emptyPagesInARow = emptyPagesInARow
        self.lastDatestamp = lastDatestamp
        self.seconds = seconds
        self.retries = retries
        self.message = message
        self.unconverted = unconverted
    }

    private enum CodingKeys: String, CodingKey {
        case key, status, resumptionToken, cursor, completeListSize, pages, records, deleted, emptyPagesInARow,
             lastDatestamp, seconds, retries, message, unconverted
    }

    /// Reads a stored checkpoint; one stored before `unconverted` was counted reads as 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(HarvestJobKey.self, forKey: .key)
        status = try container.decode(HarvestStatus.self, forKey: .status)
        resumptionToken = try container.decodeIfPresent(String.self, forKey: .resumptionToken)
        cursor = try container.decodeIfPresent(Int.self, forKey: .cursor)
        completeListSize = try container.decodeIfPresent(Int.self, forKey: .completeListSize)
        pages = try container.decode(Int.self, forKey: .pages)
        records = try container.decode(Int.self, forKey: .records)
        deleted = try container.decode(Int.self, forKey: .deleted)
        emptyPagesInARow = try container.decode(Int.self, forKey: .emptyPagesInARow)
        lastDatestamp = try container.decodeIfPresent(String.self, forKey: .lastDatestamp)
        seconds = try container.decode(Double.self, forKey: .seconds)
        retries = try container.decode(Int.self, forKey: .retries)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        unconverted = try container.decodeIfPresent(Int.self, forKey: .unconverted) ?? 0
    }
}

/// A set as the repository describes it in ListSets.
public struct SetInfo: Sendable, Equatable, Codable {
    /// The setSpec.
    public var spec: String
    /// The human-readable setName.
    public var name: String

    public init(spec: String, name: String) {
        self.spec = spec
        self.name = name
    }
}
