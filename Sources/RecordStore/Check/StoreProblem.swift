/// One thing wrong with a record store, found by `StoreChecking.check`: what is wrong, how much of it, and what to do.
public enum StoreProblem: Sendable, Equatable, CustomStringConvertible {
    /// SQLite's own check found the file damaged: how many lines it reported (at most `maximumReported`) and the
    /// first; `full` when it was the full check (`integrity_check`) rather than `quick_check`.
    case damagedFile(reports: Int, first: String, full: Bool)
    /// Set memberships (`record_sets`) naming no record.
    case membershipsWithoutRecord(Int)
    /// Entries of the set index (`set_index`) that no membership has, or merged memberships it lacks.
    case setIndexDisagrees(Int)
    /// Entries of the datestamp index and its tail (`datestamp_index`, `datestamp_tail`) that name no record or
    /// another datestamp than the record's, or records they lack.
    case datestampIndexDisagrees(Int)
    /// `index_state` is missing, or says records above the last one are indexed.
    case indexStateWrong(indexedThrough: Int64?, lastRecord: Int64)
    /// Kept counts per format (`format_counts`) that differ from the records: how many formats, and the first.
    case formatCountsDisagree(Int, first: CountMismatch)
    /// Kept counts per set and format (`set_counts`) that differ from the memberships: how many, and the first.
    case setCountsDisagree(Int, first: CountMismatch)
    /// Measurements naming no record.
    case measurementsWithoutRecord(Int)
    /// Harvest checkpoints that cannot be read, or do not name their own job: how many, and the first job's endpoint.
    case unreadableCheckpoints(Int, firstEndpoint: String)
    /// Run summaries that cannot be read.
    case unreadableRunSummaries(Int)

    /// The most lines of SQLite's own check that are read.
    public static let maximumReported = 100

    /// True when `thresher check --repair` (`StoreChecking.repair`) mends it: everything but a damaged file.
    public var isRepairable: Bool {
        if case .damagedFile = self { return false }
        return true
    }

    /// One line: what is wrong, how many, and what to do.
    public var description: String {
        let repair = "run `thresher check --repair`"
        switch self {
        case .damagedFile(let reports, let first, let full):
            let check = full ? "integrity_check" : "quick_check"
            let count = reports >= Self.maximumReported ? "at least \(reports)" : "\(reports)"
            return "damaged file: SQLite's \(check) reports \(count) problem\(reports == 1 ? "" : "s") (first: \(first)); "
                + "restore the store from a copy"
        case .membershipsWithoutRecord(let count):
            return "\(Self.plural(count, "set membership")) (record_sets) \(count == 1 ? "names" : "name") no record; \(repair) to remove them"
        case .setIndexDisagrees(let count):
            return "\(Self.plural(count, "entry", "entries")) of the set index (set_index) \(count == 1 ? "disagrees" : "disagree") "
                + "with the set memberships; "
                + "\(repair) to rebuild it"
        case .datestampIndexDisagrees(let count):
            return "\(Self.plural(count, "entry", "entries")) of the datestamp index (datestamp_index, datestamp_tail) "
                + "\(count == 1 ? "disagrees" : "disagree") with the records; \(repair) to rebuild it"
        case .indexStateWrong(let indexed, let last):
            let said = indexed.map { "says records up to seq \($0) are indexed" } ?? "is missing"
            return "the index state (index_state) \(said), the last record is seq \(last); \(repair) to rebuild the indexes"
        case .formatCountsDisagree(let count, let first):
            return "kept counts per format (format_counts) disagree with the records for \(Self.plural(count, "format")) "
                + "(first: \(first)); \(repair) to count again"
        case .setCountsDisagree(let count, let first):
            return "kept counts per set (set_counts) disagree with the set memberships for \(Self.plural(count, "set and format", "sets and formats")) "
                + "(first: \(first)); \(repair) to count again"
        case .measurementsWithoutRecord(let count):
            return "\(Self.plural(count, "measurement")) \(count == 1 ? "names" : "name") no record; \(repair) to remove them"
        case .unreadableCheckpoints(let count, let endpoint):
            return "\(Self.plural(count, "harvest checkpoint")) cannot be read (first of \(endpoint)); \(repair) to forget "
                + "them (their records stay; the harvest starts those jobs over)"
        case .unreadableRunSummaries(let count):
            return "\(Self.plural(count, "run summary", "run summaries")) cannot be read; \(repair) to remove them"
        }
    }

    static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}

/// A kept count and the count made again from the records: `edm: kept 30 live, 0 deleted; counted 29 live, 0 deleted`.
public struct CountMismatch: Sendable, Equatable, CustomStringConvertible {
    /// The format, or the set and format (`set/edm`).
    public var key: String
    /// Live records, as kept.
    public var keptLive: Int
    /// Deleted records, as kept.
    public var keptDeleted: Int
    /// Live records, counted again.
    public var countedLive: Int
    /// Deleted records, counted again.
    public var countedDeleted: Int

    public init(key: String, keptLive: Int, keptDeleted: Int, countedLive: Int, countedDeleted: Int) {
        self.key = key
        self.keptLive = keptLive
        self.keptDeleted = keptDeleted
        self.countedLive = countedLive
        self.countedDeleted = countedDeleted
    }

    public var description: String {
        "\(key): kept \(keptLive) live, \(keptDeleted) deleted; counted \(countedLive) live, \(countedDeleted) deleted"
    }
}

/// What a check found and did.
public struct StoreCheckReport: Sendable, Equatable {
    /// Every problem found, in the order checked; empty when the store is sound.
    public var problems: [StoreProblem]
    /// True when the full check (`integrity_check`) ran rather than `quick_check`.
    public var full: Bool
    /// Records in the store (nil when the file is damaged and they were not counted).
    public var records: Int?

    public init(problems: [StoreProblem], full: Bool, records: Int?) {
        self.problems = problems
        self.full = full
        self.records = records
    }

    /// True when nothing is wrong.
    public var isSound: Bool { problems.isEmpty }
}
