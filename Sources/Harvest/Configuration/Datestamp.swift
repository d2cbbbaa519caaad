import ThresherCore

/// OAI-PMH datestamps: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`.
public enum Datestamp {
    /// The granularity of `value`, or nil when it is not a valid OAI-PMH datestamp.
    public static func granularity(of value: String) -> DatestampGranularity? {
        UTCDatestamp.parseArgument(value)?.granularity
    }

    /// `value` cut or widened to a granularity (`2024-05-01T10:00:00Z` → `2024-05-01` for `.day`).
    /// Datestamps a repository sent in another form (fractional seconds, a UTC offset) are read as UTC seconds first.
    public static func adjust(_ value: String, to granularity: DatestampGranularity) -> String {
        // The usual forms by their length and separators alone (this runs twice per harvested record).
        let utf8 = value.utf8
        let count = utf8.count
        if count == 10 || (count == 20 && utf8.last == UInt8(ascii: "Z") && utf8.dropFirst(10).first == UInt8(ascii: "T")) {
            switch (granularity, count) {
            case (.day, 20): return String(value.prefix(10))
            case (.seconds, 10): return value + "T00:00:00Z"
            default: return value
            }
        }
        let seconds = UTCDatestamp.sortable(value)
        guard Self.granularity(of: seconds) == .seconds else { return value }
        return granularity == .day ? String(seconds.prefix(10)) : seconds
    }

    /// `value` as UTC seconds when it is a datestamp Thresher can read (OAI-PMH's two forms or the others
    /// repositories send); nil for anything else (`2024-13-01T00:00:00Z`, an empty header field).
    public static func readable(_ value: String) -> String? {
        let seconds = adjust(value, to: .seconds)
        return UTCDatestamp.isSeconds(seconds) ? seconds : nil
    }

    /// `from` and `until` in one granularity, as OAI-PMH requires of a request: when one has seconds and the other
    /// only a day, the day becomes its first second (`from`) or its last (`until`).
    public static func matched(from: String?, until: String?) -> (from: String?, until: String?) {
        guard let from, let until, let fromGranularity = granularity(of: from), let untilGranularity = granularity(of: until),
              fromGranularity != untilGranularity else { return (from, until) }
        return fromGranularity == .day ? (from + "T00:00:00Z", until) : (from, until + "T23:59:59Z")
    }

    /// The later of two datestamps (comparison on the normalised form).
    public static func later(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return adjust(a, to: .seconds) >= adjust(b, to: .seconds) ? a : b
    }
}
