import Foundation
import Testing
import TestSupport
@testable import Report

/// The report's direct JSON writer gives JSONEncoder's bytes (sorted keys, slashes unescaped) for the same values.
@Suite struct ReportJSONTests {
    static func encoded<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0A]
    }

    static let awkward = "a/b \"q\" \\ \u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{7F} é 漢 😀 \u{2028} <script>"
    static let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.0 / 3, 1e-7, .leastNonzeroMagnitude, 1e15, 1e16, 1e21, 123_456.789,
                                    -2.5e-5, 0.999_999_999_999_999_9, 1e300, 42]

    static func statistics(_ k: Int, exact: Bool, optionals: Bool) -> SeriesStatistics {
        let x = numbers[k % numbers.count]
        return SeriesStatistics(count: k, min: x, max: x + 1, range: 1, mean: x / 2, median: -x, firstQuartile: x * 3,
                                thirdQuartile: x * 7, standardDeviation: optionals ? x : nil, standardError: optionals ? -x : nil,
                                coefficientOfVariation: optionals ? x / 9 : nil, minRecord: k % 2 == 0 ? awkward : "r\(k)",
                                maxRecord: "/9200000/x_\(k)",
                                histogram: Histogram(lower: x, upper: x + 1, counts: [k, 0, 3 * k]), exact: exact)
    }

    static func group(_ name: String) -> GroupReport {
        var series: [NamedSeries] = []
        for k in 0..<numbers.count * 2 {
            let dimension = k % 3 == 0
            let x = numbers[k % numbers.count]
            series.append(NamedSeries(
                name: k == 0 ? "TOTAL" : "s\(k)\(name)", isDimension: dimension,
                statistics: statistics(k, exact: k % 4 != 1, optionals: k % 5 != 2),
                qq: dimension ? [QQPoint(theoretical: -x, sample: x), QQPoint(theoretical: 0, sample: 1e-9)] : [],
                box: dimension ? BoxSummary(count: k, firstQuartile: x, median: x, thirdQuartile: x, lowerWhisker: -x,
                                            upperWhisker: x, outliers: k % 2 == 0 ? [] : [.init(value: x, count: 2), .init(value: 1e22, count: 1)],
                                            exact: k % 4 != 1) : nil))
        }
        let frequencies = numbers.enumerated().map { k, x in
            Frequency(name: k == 3 ? awkward : "Proxy/dc:f\(k)", records: k, share: abs(x).truncatingRemainder(dividingBy: 1),
                      mandatory: k % 2 == 0)
        }
        let ranked = numbers.enumerated().map { k, x in
            RankedRecord(identifier: k == 2 ? awkward : "/id/\(k)", recordId: "r\(k)", total: x, page: "records/\(k).html")
        }
        return GroupReport(kind: .provider, name: name, fileName: "file-" + name, schema: "edm", records: 17, series: series,
                           fields: frequencies, missingMandatory: Array(frequencies.prefix(2)), problems: frequencies.reversed(),
                           multilinguality: [], best: ranked, worst: Array(ranked.prefix(1)),
                           title: name.isEmpty ? nil : "Title of " + name)
    }

    @Test func aGroupIsWrittenAsJSONEncoderWritesIt() throws {
        for name in ["plain", Self.awkward, ""] {
            let group = Self.group(name)
            let direct = try ReportJSON.group(group)
            let reference = try Self.encoded(group)
            #expect(direct == reference, "\(String(decoding: direct, as: UTF8.self).prefix(300))")
            #expect(try JSONDecoder().decode(GroupReport.self, from: Data(direct.dropLast())) == group)
        }
    }

    @Test func theIndexIsWrittenAsJSONEncoderWritesIt() throws {
        let dir = try TemporaryDirectory()
        let (data, _) = try ReportBuildTests.report(dir, format: .csv)
        var groups = data.groups
        groups.append(Self.group(Self.awkward))
        var noTotal = Self.group("none")
        noTotal.series.removeFirst()
        groups.append(noTotal)
        let changed = ReportData(schema: data.schema, groups: groups, records: data.records)
        let direct = try ReportTables.indexJSON(changed)
        #expect(String(decoding: direct, as: UTF8.self) == (try ReportTables.encodedIndexJSON(changed)))
        for group in data.groups {
            #expect(try ReportJSON.group(group) == (try Self.encoded(group)))
        }
    }

    @Test func aNumberJSONCannotHoldIsAnError() {
        var group = Self.group("x")
        group.series[0].statistics.mean = .nan
        #expect(throws: ReportJSONError.self) { try ReportJSON.group(group) }
    }

    @Test func tableNumbersAreWhatStringFormatWrites() {
        var values = Self.numbers.filter { abs($0) < 1e15 } + [0.00005, 0.00015, 0.12345, 0.99995, 2.5e-5, 1.00005, -0.00004]
        var x = 0.123_456_789
        for _ in 0..<2_000 {
            x = (x * 997.0 + 0.318_309_886).truncatingRemainder(dividingBy: 1)
            values.append(x)
            values.append(x * 100)
        }
        for value in values {
            #expect(HTML.fixed(value, decimals: 4) == String(format: "%.4f", value))
            #expect(HTML.fixed(value, decimals: 1) == String(format: "%.1f", value))
        }
        // Exact binary ties (printf rounds them half to even), near-ties, signed zeros, every precision.
        var hard: [Double] = [0, -0.0, -0.04, 0.5, 1.5, 2.5, -2.5, 999_999_999.5, 1e9, 1e12 + 0.25, 4_503_599_627_370_497]
        for k in -40...40 { hard += [Double(k) / 8, Double(k) / 1024, Double(k) / 20, Double(k) * 0.05 + 1e-12] }
        for value in hard {
            for decimals in 0...9 {
                #expect(HTML.fixed(value, decimals: decimals) == String(format: "%.\(decimals)f", value), "\(value) \(decimals)")
            }
        }
    }
}
