/// The names behind a `RecordMeasurement`'s arrays: one value shared by all measurements of a schema.
public final class MeasurementLayout: Sendable, Equatable {
    /// The schema's name.
    public let schemaName: String
    /// The dimensions after TOTAL, in output order.
    public let dimensions: [String]
    /// Labels of the scored fields, in schema order.
    public let fields: [String]
    /// Problem names, in schema order.
    public let problems: [String]
    /// Labels of the multilinguality fields, in schema order.
    public let multilingualFields: [String]
    /// Multilinguality scope names, in schema order.
    public let scopes: [String]

    public init(schemaName: String, dimensions: [String], fields: [String], problems: [String],
                multilingualFields: [String], scopes: [String]) {
        self.schemaName = schemaName; self.dimensions = dimensions; self.fields = fields
        self.problems = problems; self.multilingualFields = multilingualFields; self.scopes = scopes
    }

    public static func == (a: MeasurementLayout, b: MeasurementLayout) -> Bool {
        a === b || (a.schemaName == b.schemaName && a.dimensions == b.dimensions && a.fields == b.fields
                    && a.problems == b.problems && a.multilingualFields == b.multilingualFields && a.scopes == b.scopes)
    }
}

/// How many values of a field carry one language tag (or class `_0`, `_1`, `_2`).
public struct LanguageCount: Sendable, Equatable, CustomStringConvertible {
    /// The tag as written in `@lang`, or `_0` (untagged literal), `_1` (field absent), `_2` (link only).
    public var language: String
    /// Number of values.
    public var count: Int

    public init(_ language: String, _ count: Int) { self.language = language; self.count = count }

    public var description: String { "\(language):\(count)" }
}

/// The language counts of every multilinguality field of a record, stored flat.
public struct LanguageCounts: Sendable, Equatable {
    /// Every field's counts, field after field.
    public var counts: [LanguageCount] = []
    /// Per field: the end of its counts in `counts`.
    public var ends: [Int] = []

    public init() {}

    /// Counts given per field.
    public init(_ perField: [[LanguageCount]]) {
        for field in perField { counts += field; ends.append(counts.count) }
    }

    /// Number of fields.
    public var fieldCount: Int { ends.count }

    /// The counts of field number `k` (in `multilinguality.fields` order).
    public subscript(k: Int) -> ArraySlice<LanguageCount> { counts[(k == 0 ? 0 : ends[k - 1])..<ends[k]] }
}

/// Language-tagged literals in a scope (a collection's instances, or the whole record).
public struct LanguageSummary: Sendable, Equatable {
    /// Number of literals with a language tag.
    public var taggedLiterals: Int
    /// Number of distinct tags among them.
    public var languages: Int
    /// taggedLiterals ÷ languages; 0 when there is no tagged literal.
    public var literalsPerLanguage: Double

    public init(taggedLiterals: Int, languages: Int) {
        self.taggedLiterals = taggedLiterals
        self.languages = languages
        self.literalsPerLanguage = languages == 0 ? 0 : Double(taggedLiterals) / Double(languages)
    }
}

/// The measurements of one record under one schema; arrays follow the order of `layout`.
public struct RecordMeasurement: Sendable, Equatable {
    /// The names of the values.
    public let layout: MeasurementLayout
    /// TOTAL, then each of `layout.dimensions`: filled ÷ slots, nil when a dimension has no slots.
    public var completeness: [Double?]
    /// Per scored field: whether it exists in at least one instance.
    public var existence: [Bool]
    /// Per scored field: number of values over all instances.
    public var cardinality: [Int]
    /// Per problem: its value.
    public var problems: [Int]
    /// Per multilinguality field: values per language, in order of first appearance (stored flat).
    public var languageCounts: LanguageCounts
    /// Per multilinguality field: values per language (an array per field).
    public var languages: [[LanguageCount]] { (0..<languageCounts.fieldCount).map { Array(languageCounts[$0]) } }
    /// Per multilinguality scope.
    public var scopes: [LanguageSummary]
    /// Over every multilinguality field of the record.
    public var record: LanguageSummary

    public init(layout: MeasurementLayout, completeness: [Double?], existence: [Bool], cardinality: [Int],
                problems: [Int], languageCounts: LanguageCounts, scopes: [LanguageSummary], record: LanguageSummary) {
        self.layout = layout; self.completeness = completeness; self.existence = existence
        self.cardinality = cardinality; self.problems = problems; self.languageCounts = languageCounts
        self.scopes = scopes; self.record = record
    }

    /// A measurement with one language-count array per multilinguality field.
    public init(layout: MeasurementLayout, completeness: [Double?], existence: [Bool], cardinality: [Int],
                problems: [Int], languages: [[LanguageCount]], scopes: [LanguageSummary], record: LanguageSummary) {
        self.init(layout: layout, completeness: completeness, existence: existence, cardinality: cardinality,
                  problems: problems, languageCounts: LanguageCounts(languages), scopes: scopes, record: record)
    }

    /// TOTAL's value.
    public var total: Double? { completeness[0] }

    /// A dimension's value (`TOTAL` included); nil when unknown or without slots.
    public func completeness(of dimension: String) -> Double? {
        if dimension == "TOTAL" { return completeness[0] }
        return layout.dimensions.firstIndex(of: dimension).flatMap { completeness[$0 + 1] }
    }

    /// A scored field's existence, or nil for an unknown label.
    public func existence(of field: String) -> Bool? { layout.fields.firstIndex(of: field).map { existence[$0] } }

    /// A scored field's cardinality, or nil for an unknown label.
    public func cardinality(of field: String) -> Int? { layout.fields.firstIndex(of: field).map { cardinality[$0] } }

    /// A problem's value, or nil for an unknown name.
    public func problem(_ name: String) -> Int? { layout.problems.firstIndex(of: name).map { problems[$0] } }

    /// A multilinguality field's language counts, or nil for a label not in `multilinguality.fields`.
    public func languages(of field: String) -> [LanguageCount]? {
        layout.multilingualFields.firstIndex(of: field).map { Array(languageCounts[$0]) }
    }

    /// A scope's summary, or nil for an unknown name.
    public func scope(_ name: String) -> LanguageSummary? { layout.scopes.firstIndex(of: name).map { scopes[$0] } }
}
