import RecordStore

/// Which part of a repository a harvest covers.
public enum SetSelection: Sendable, Equatable {
    /// The whole repository as one listing (no `set` argument).
    case repository
    /// These setSpecs, each an isolated job.
    case sets([String])
    /// Every set the repository lists in ListSets.
    case allSets
}

/// Everything a harvest run needs to know.
public struct HarvestOptions: Sendable {
    /// The repository's base URL.
    public var endpoint: String
    /// The metadataPrefix to harvest.
    public var metadataPrefix: String
    /// Which sets.
    public var selection: SetSelection
    /// How many sets run at once.
    public var parallel: Int
    /// Lower datestamp bound (`from`), as the user gave it.
    public var from: String?
    /// Upper datestamp bound (`until`), as the user gave it.
    public var until: String?
    /// Send requests with POST instead of GET.
    public var usePOST: Bool
    /// Harvest finished sets again from the beginning.
    public var restart: Bool
    /// Harvest each set from the last datestamp it saw.
    public var incremental: Bool
    /// Attempts per request before a set fails.
    public var maxAttempts: Int
    /// Consecutive pages without records that end a set as `suspect-end`.
    public var maxEmptyPages: Int
    /// Politeness cap: requests per second to the host (nil: no cap).
    public var requestsPerSecond: Double?
    /// Count each set's identifiers with ListIdentifiers to verify what was stored.
    public var verify: Bool
    /// How often a set that failed is tried again later in the same run.
    public var setRetries: Int
    /// Backoff base and cap in seconds (tests shrink them).
    public var backoffBase: Double
    public var backoffCap: Double
    /// The longest Retry-After honoured, in seconds.
    public var retryAfterCap: Double
    /// HTTP timeouts in seconds.
    public var connectTimeout: Double
    public var readTimeout: Double
    /// The longest a whole request may take, in seconds.
    public var requestTimeout: Double

    public init(endpoint: String, metadataPrefix: String = "edm", selection: SetSelection = .repository,
                parallel: Int = 4, from: String? = nil, until: String? = nil, usePOST: Bool = false,
                restart: Bool = false, incremental: Bool = false, maxAttempts: Int = 8, maxEmptyPages: Int = 10,
                requestsPerSecond: Double? = nil, verify: Bool = false, setRetries: Int = 1,
                backoffBase: Double = 1, backoffCap: Double = 30, retryAfterCap: Double = 300,
                connectTimeout: Double = 30, readTimeout: Double = 120, requestTimeout: Double = 600) {
        self.endpoint = endpoint
        self.metadataPrefix = metadataPrefix
        self.selection = selection
        self.parallel = max(1, parallel)
        self.from = from
        self.until = until
        self.usePOST = usePOST
        self.restart = restart
        self.incremental = incremental
        self.maxAttempts = max(1, maxAttempts)
        self.maxEmptyPages = max(1, maxEmptyPages)
        self.requestsPerSecond = requestsPerSecond
        self.verify = verify
        self.setRetries = max(0, setRetries)
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.retryAfterCap = retryAfterCap
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
    }
}
