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
    /// Live records received whose metadata could not be converted (stored without JSON); 0 in summaries stored
    /// before this was counted.
    public var unconverted: Int

    public init(set: String, records: Int, deleted: Int, pages: Int, seconds: Double, status: HarvestStatus,
                expected: Int? = nil, stored: Int? = nil, retries: Int = 0, message: String? = nil,
                verifyFailure: String? = nil, unconverted: Int = 0) {
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
        self.unconverted = unconverted
    }

    private enum CodingKeys: String, CodingKey {
        case set, records, deleted, pages, seconds, status, expected, stored, retries, message, verifyFailure, unconverted
    }

    /// Reads a stored row; one stored before `unconverted` was counted reads as 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        set = try container.decode(String.self, forKey: .set)
        records = try container.decode(Int.self, forKey: .records)
        deleted = try container.decode(Int.self, forKey: .deleted)
        pages = try container.decode(Int.self, forKey: .pages)
        seconds = try container.decode(Double.self, forKey: .seconds)
        status = try container.decode(HarvestStatus.self, forKey: .status)
        expected = try container.decodeIfPresent(Int.self, forKey: .expected)
        stored = try container.decodeIfPresent(Int.self, forKey: .stored)
        retries = try container.decode(Int.self, forKey: .retries)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        verifyFailure = try container.decodeIfPresent(String.self, forKey: .verifyFailure)
        unconverted = try container.decodeIfPresent(Int.self, forKey: .unconverted) ?? 0
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
