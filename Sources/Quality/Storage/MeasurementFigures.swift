/// A stored measurement's figures read without building a `RecordMeasurement`: the same arrays, refilled for each
/// record (no allocation once their capacity is reached), and per multilinguality field only whether it has
/// language-tagged values. For readers that go through millions of measurements (reports).
public struct MeasurementFigures: Sendable {
    /// TOTAL, then each dimension (nil when a dimension has no slots).
    public internal(set) var completeness: [Double?] = []
    /// Per scored field: whether it exists.
    public internal(set) var existence: [Bool] = []
    /// Per scored field: its number of values.
    public internal(set) var cardinality: [Int] = []
    /// Per problem: its value.
    public internal(set) var problems: [Int] = []
    /// Per multilinguality scope, then the whole record (last).
    public internal(set) var scopes: [LanguageSummary] = []
    /// Per multilinguality field: the end of its language counts (as `LanguageCounts.ends`).
    var languageEnds: [Int] = []
    /// Per language count, field after field: whether its class is a language tag (not `_0`, `_1` or `_2`).
    var languageIsTag: [Bool] = []

    /// Empty figures, to be filled by `MeasurementCodec.decode(_:layout:into:)`.
    public init() {}

    /// TOTAL's value.
    public var total: Double? { completeness.first ?? nil }

    /// Per multilinguality field (in `layout.multilingualFields` order): whether one of its values has a language tag.
    public func fieldHasTaggedValues(_ k: Int) -> Bool {
        guard languageEnds.indices.contains(k) else { return false }
        let start = k == 0 ? 0 : languageEnds[k - 1]
        var index = start
        while index < languageEnds[k], index < languageIsTag.count {
            if languageIsTag[index] { return true }
            index += 1
        }
        return false
    }

    /// The number of multilinguality fields read.
    public var multilingualFieldCount: Int { languageEnds.count }

    mutating func removeAll() {
        completeness.removeAll(keepingCapacity: true)
        existence.removeAll(keepingCapacity: true)
        cardinality.removeAll(keepingCapacity: true)
        problems.removeAll(keepingCapacity: true)
        scopes.removeAll(keepingCapacity: true)
        languageEnds.removeAll(keepingCapacity: true)
        languageIsTag.removeAll(keepingCapacity: true)
    }
}

extension MeasurementCodec {
    /// Reads the measurement in `bytes` into `figures`, reusing its storage; false (figures undefined) for bytes
    /// `decode(_:layout:)` refuses.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, layout: MeasurementLayout,
                              into figures: inout MeasurementFigures) -> Bool {
        read(bytes, layout: layout, languages: true, into: &figures) { _, _ in }
    }
}
