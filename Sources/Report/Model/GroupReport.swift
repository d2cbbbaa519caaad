/// The kinds of group a report is made for.
public enum GroupKind: String, Sendable, Codable, CaseIterable {
    /// Records of one dataset (a set they belong to; a record counts in every set it belongs to).
    case dataset
    /// Records of one data provider (edm:dataProvider as `measure` writes it).
    case provider
    /// Every record of the store (or of the selected set).
    case store
}

/// A histogram over `[lower, upper]` in `counts.count` equal bins (the last bin includes `upper`).
public struct Histogram: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    public var counts: [Int]

    public init(lower: Double, upper: Double, counts: [Int]) {
        self.lower = lower
        self.upper = upper
        self.counts = counts
    }
}

/// Descriptive statistics of one numeric measurement over a group's records.
public struct SeriesStatistics: Sendable, Equatable, Codable {
    public var count: Int
    public var min: Double
    public var max: Double
    public var range: Double
    public var mean: Double
    public var median: Double
    /// R's type 7 (numpy's linear) quartiles.
    public var firstQuartile: Double
    public var thirdQuartile: Double
    /// With n − 1 (as R's `sd`); nil for fewer than two values.
    public var standardDeviation: Double?
    /// sd / √n; nil when sd is.
    public var standardError: Double?
    /// sd / mean; nil when sd is nil or the mean is 0.
    public var coefficientOfVariation: Double?
    /// The record holding the minimum (the smallest identifier among ties), and the maximum likewise.
    public var minRecord: String
    public var maxRecord: String
    public var histogram: Histogram
    /// False when the quartiles and median are estimates (a group too large to keep exactly; docs/REPORTS.md).
    public var exact: Bool

    public init(count: Int, min: Double, max: Double, range: Double, mean: Double, median: Double, firstQuartile: Double,
                thirdQuartile: Double, standardDeviation: Double?, standardError: Double?, coefficientOfVariation: Double?,
                minRecord: String, maxRecord: String, histogram: Histogram, exact: Bool) {
        self.count = count; self.min = min; self.max = max; self.range = range; self.mean = mean; self.median = median
        self.firstQuartile = firstQuartile; self.thirdQuartile = thirdQuartile; self.standardDeviation = standardDeviation
        self.standardError = standardError; self.coefficientOfVariation = coefficientOfVariation
        self.minRecord = minRecord; self.maxRecord = maxRecord; self.histogram = histogram; self.exact = exact
    }
}

/// A point of a normal quantile-quantile plot: the standard normal quantile and the sample value.
public struct QQPoint: Sendable, Equatable, Codable {
    public var theoretical: Double
    public var sample: Double

    public init(theoretical: Double, sample: Double) {
        self.theoretical = theoretical
        self.sample = sample
    }
}

/// One named numeric series of a group: a dimension (`TOTAL`, `MANDATORY`, …) or another measurement
/// (`cardinality:Proxy/dc:title`, `problem:LongSubject`, `multilinguality:record:taggedLiterals`, …).
public struct NamedSeries: Sendable, Equatable, Codable {
    public var name: String
    /// True for TOTAL and the completeness dimensions.
    public var isDimension: Bool
    public var statistics: SeriesStatistics
    /// At most 500 points, for the QQ plot (dimensions only; empty otherwise).
    public var qq: [QQPoint]
    /// The box plot's quartiles, whiskers and outliers (dimensions only).
    public var box: BoxSummary?

    public init(name: String, isDimension: Bool, statistics: SeriesStatistics, qq: [QQPoint], box: BoxSummary? = nil) {
        self.name = name
        self.isDimension = isDimension
        self.statistics = statistics
        self.qq = qq
        self.box = box
    }
}

/// How many records of a group have something (a field, a problem, tagged literals) and what share that is.
public struct Frequency: Sendable, Equatable, Codable {
    public var name: String
    public var records: Int
    public var share: Double
    /// For fields: counted in the schema's MANDATORY dimension (or one of its mandatory groups).
    public var mandatory: Bool

    public init(name: String, records: Int, share: Double, mandatory: Bool = false) {
        self.name = name
        self.records = records
        self.share = share
        self.mandatory = mandatory
    }
}

/// A record named in a report (best and worst by TOTAL).
public struct RankedRecord: Sendable, Equatable, Codable {
    /// The store's identifier, as harvested.
    public var identifier: String
    /// The CSV's record id.
    public var recordId: String
    public var total: Double
    /// The record page's file name, relative to the group's folder.
    public var page: String

    public init(identifier: String, recordId: String, total: Double, page: String) {
        self.identifier = identifier
        self.recordId = recordId
        self.total = total
        self.page = page
    }
}

/// Everything a report says about one group.
public struct GroupReport: Sendable, Equatable, Codable {
    public var kind: GroupKind
    /// The set spec, the data provider's name, or `store`.
    public var name: String
    /// A dataset's setName, when the store knows one that differs from its spec (nil otherwise).
    public var title: String?
    /// The group's file name without extension, safe on every file system (docs/REPORTS.md).
    public var fileName: String
    public var schema: String
    public var records: Int
    /// TOTAL and the dimensions first, in the schema's order, then the other measurements.
    public var series: [NamedSeries]
    /// Every field of the schema, sorted by share (descending, then by name).
    public var fields: [Frequency]
    /// Mandatory fields that some record of the group lacks.
    public var missingMandatory: [Frequency]
    /// The problem catalogue: records affected.
    public var problems: [Frequency]
    /// Multilinguality: records with tagged literals per field, and per scope.
    public var multilinguality: [Frequency]
    /// The ten best and ten worst records by TOTAL (ties by identifier).
    public var best: [RankedRecord]
    public var worst: [RankedRecord]

    public init(kind: GroupKind, name: String, fileName: String, schema: String, records: Int, series: [NamedSeries],
                fields: [Frequency], missingMandatory: [Frequency], problems: [Frequency], multilinguality: [Frequency],
                best: [RankedRecord], worst: [RankedRecord], title: String? = nil) {
        self.kind = kind; self.name = name; self.title = title; self.fileName = fileName; self.schema = schema; self.records = records
        self.series = series; self.fields = fields; self.missingMandatory = missingMandatory; self.problems = problems
        self.multilinguality = multilinguality; self.best = best; self.worst = worst
    }
}
