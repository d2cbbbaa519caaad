import Foundation

/// One line of a harvest run's summary.
public struct SummaryRow: Sendable, Codable, Equatable {
    public var set: String
    public var records: Int
    public var deleted: Int
    public var pages: Int
    public var seconds: Double
    public var status: HarvestStatus
    /// The size the repository announced (completeListSize or a ListIdentifiers count), if known.
    public var expected: Int?
    /// What the store holds for the job's set and dates, live and deleted.
    public var stored: Int?
    public var retries: Int
    public var message: String?
    /// Why the ListIdentifiers pass `--verify` asked for failed, if it did.
    public var verifyFailure: String?

    public init(set: String, records: Int, deleted: Int, pages: Int, seconds: Double, status: HarvestStatus,
                expected: Int? = nil, stored: Int? = nil, retries: Int = 0, message: String? = nil,
                verifyFailure: String? = nil) {
        self.set = set
        self.records = records
        self.deleted = deleted
        self.pages = pages
        self.seconds = seconds
        self.status = status
        self.expected = expected
        self.stored = stored
        self.retries = retries
        self.message = message
        self.verifyFailure = verifyFailure
    }
}

/// A harvest run's summary, kept so `thresher status` can show it later.
public struct RunSummary: Sendable, Codable, Equatable {
    public var startedAt: Date
    public var finishedAt: Date
    public var endpoint: String
    public var metadataPrefix: String
    public var rows: [SummaryRow]

    public init(startedAt: Date, finishedAt: Date, endpoint: String, metadataPrefix: String, rows: [SummaryRow]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.endpoint = endpoint
        self.metadataPrefix = metadataPrefix
        self.rows = rows
    }
}
