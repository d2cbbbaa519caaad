import ThresherCore

/// Why a report's JSON could not be written.
enum ReportJSONError: Error, Equatable, Sendable {
    /// A number that JSON cannot hold (NaN or an infinity); statistics never hold one.
    case nonFinite(Double)
}

/// The report's JSON written directly, byte for byte what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes for the same values (keys in byte order, absent optionals left out, numbers as
/// their shortest description with a trailing `.0` dropped), without the encoder's cost per value (a group's JSON
/// holds thousands of numbers and the encoder's boxing took most of a report's time).
struct ReportJSON {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) {
        bytes.reserveCapacity(capacity)
    }

    /// A group's JSON (docs/REPORTS.md), with the final line feed.
    static func group(_ group: GroupReport) throws(ReportJSONError) -> [UInt8] {
        var json = ReportJSON(capacity: 32_768)
        try json.write(group)
        json.raw("\n")
        return json.bytes
    }

    /// The index's JSON: the schema and every group's headline (its TOTAL statistics), with the final line feed.
    static func index(schema: String, groups: [GroupReport]) throws(ReportJSONError) -> [UInt8] {
        var json = ReportJSON(capacity: 1_024 * Swift.max(1, groups.count))
        json.raw("{\"groups\":[")
        for (k, group) in groups.enumerated() {
            if k > 0 { json.raw(",") }
            json.raw("{\"file\":")
            json.string(group.kind.rawValue + "/" + group.fileName + ".json")
            json.raw(",\"kind\":")
            json.string(group.kind.rawValue)
            json.raw(",\"name\":")
            json.string(group.name)
            json.raw(",\"records\":")
            json.integer(group.records)
            if let title = group.title {
                json.raw(",\"title\":")
                json.string(title)
            }
            if let total = group.series.first(where: { $0.name == "TOTAL" })?.statistics {
                json.raw(",\"total\":")
                try json.write(total)
            }
            json.raw("}")
        }
        json.raw("],\"schema\":")
        json.string(schema)
        json.raw("}\n")
        return json.bytes
    }

    // MARK: - Values

    mutating func write(_ group: GroupReport) throws(ReportJSONError) {
        raw("{\"best\":")
        try write(group.best)
        raw(",\"fields\":")
        try write(group.fields)
        raw(",\"fileName\":")
        string(group.fileName)
        raw(",\"kind\":")
        string(group.kind.rawValue)
        raw(",\"missingMandatory\":")
        try write(group.missingMandatory)
        raw(",\"multilinguality\":")
        try write(group.multilinguality)
        raw(",\"name\":")
        string(group.name)
        raw(",\"problems\":")
        try write(group.problems)
        raw(",\"records\":")
        integer(group.records)
        raw(",\"schema\":")
        string(group.schema)
        raw(",\"series\":[")
        for (k, series) in group.series.enumerated() {
            if k > 0 { raw(",") }
            try write(series)
        }
        raw("]")
        if let title = group.title {
            raw(",\"title\":")
            string(title)
        }
        raw(",\"worst\":")
        try write(group.worst)
        raw("}")
    }

    mutating func write(_ ranked: [RankedRecord]) throws(ReportJSONError) {
        raw("[")
        for (k, record) in ranked.enumerated() {
            if k > 0 { raw(",") }
            raw("{\"identifier\":")
            string(record.identifier)
            raw(",\"page\":")
            string(record.page)
            raw(",\"recordId\":")
            string(record.recordId)
            raw(",\"total\":")
            try number(record.total)
            raw("}")
        }
        raw("]")
    }

    mutating func write(_ frequencies: [Frequency]) throws(ReportJSONError) {
        raw("[")
        for (k, frequency) in frequencies.enumerated() {
            if k > 0 { raw(",") }
            raw(frequency.mandatory ? "{\"mandatory\":true,\"name\":" : "{\"mandatory\":false,\"name\":")
            string(frequency.name)
            raw(",\"records\":")
            integer(frequency.records)
            raw(",\"share\":")
            try number(frequency.share)
            raw("}")
        }
        raw("]")
    }

    mutating func write(_ series: NamedSeries) throws(ReportJSONError) {
        if let box = series.box {
            raw("{\"box\":{\"count\":")
            integer(box.count)
            raw(box.exact ? ",\"exact\":true" : ",\"exact\":false")
            raw(",\"firstQuartile\":")
            try number(box.firstQuartile)
            raw(",\"lowerWhisker\":")
            try number(box.lowerWhisker)
            raw(",\"median\":")
            try number(box.median)
            raw(",\"outliers\":[")
            for (k, outlier) in box.outliers.enumerated() {
                if k > 0 { raw(",") }
                raw("{\"count\":")
                integer(outlier.count)
                raw(",\"value\":")
                try number(outlier.value)
                raw("}")
            }
            raw("],\"thirdQuartile\":")
            try number(box.thirdQuartile)
            raw(",\"upperWhisker\":")
            try number(box.upperWhisker)
            raw("},\"isDimension\":")
        } else {
            raw("{\"isDimension\":")
        }
        raw(series.isDimension ? "true" : "false")
        raw(",\"name\":")
        string(series.name)
        raw(",\"qq\":[")
        for (k, point) in series.qq.enumerated() {
            if k > 0 { raw(",") }
            raw("{\"sample\":")
            try number(point.sample)
            raw(",\"theoretical\":")
            try number(point.theoretical)
            raw("}")
        }
        raw("],\"statistics\":")
        try write(series.statistics)
        raw("}")
    }

    mutating func write(_ s: SeriesStatistics) throws(ReportJSONError) {
        raw("{")
        if let cv = s.coefficientOfVariation {
            raw("\"coefficientOfVariation\":")
            try number(cv)
            raw(",")
        }
        raw("\"count\":")
        integer(s.count)
        raw(s.exact ? ",\"exact\":true" : ",\"exact\":false")
        raw(",\"firstQuartile\":")
        try number(s.firstQuartile)
        raw(",\"histogram\":{\"counts\":[")
        for (k, count) in s.histogram.counts.enumerated() {
            if k > 0 { raw(",") }
            integer(count)
        }
        raw("],\"lower\":")
        try number(s.histogram.lower)
        raw(",\"upper\":")
        try number(s.histogram.upper)
        raw("},\"max\":")
        try number(s.max)
        raw(",\"maxRecord\":")
        string(s.maxRecord)
        raw(",\"mean\":")
        try number(s.mean)
        raw(",\"median\":")
        try number(s.median)
        raw(",\"min\":")
        try number(s.min)
        raw(",\"minRecord\":")
        string(s.minRecord)
        raw(",\"range\":")
        try number(s.range)
        if let sd = s.standardDeviation {
            raw(",\"standardDeviation\":")
            try number(sd)
        }
        if let se = s.standardError {
            raw(",\"standardError\":")
            try number(se)
        }
        raw(",\"thirdQuartile\":")
        try number(s.thirdQuartile)
        raw("}")
    }

    // MARK: - Scalars

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            bytes.append(UInt8(ascii: "\""))
            JSONEscaping.appendContents(buffer) { run in
                // JSONEncoder writes backspace and form feed as \b and \f.
                if run.count == 6, run[0] == 0x5C, run[1] == UInt8(ascii: "u"), run[2] == UInt8(ascii: "0"),
                   run[3] == UInt8(ascii: "0"), run[4] == UInt8(ascii: "0"), run[5] == UInt8(ascii: "8") || run[5] == UInt8(ascii: "c") {
                    bytes.append(0x5C)
                    bytes.append(run[5] == UInt8(ascii: "8") ? UInt8(ascii: "b") : UInt8(ascii: "f"))
                } else {
                    bytes.append(contentsOf: run)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// As JSONEncoder writes a Double: its description, without a trailing ".0".
    mutating func number(_ value: Double) throws(ReportJSONError) {
        guard value.isFinite else { throw .nonFinite(value) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }
}
