import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ThresherCore
@testable import Report

/// The SVG charts: well-formed XML (Foundation's `XMLParser`), the expected number of bars and points, hostile
/// labels escaped, no NaN or infinity anywhere, accessible metadata.
@Suite struct PlotTests {
    /// Parses `svg` and collects every element's name and attributes, and all character data.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func count(_ name: String, class className: String? = nil) -> Int {
            elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }.count
        }
    }

    private func parse(_ svg: String) throws -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        #expect(ok, "not well-formed: \(String(describing: parser.parserError))")
        #expect(!svg.contains("NaN") && !svg.lowercased().contains("inf"), "non-finite number in the SVG")
        let root = try #require(collector.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["role"] == "img")
        #expect(!(root.attributes["aria-label"] ?? "").isEmpty)
        #expect(root.attributes["viewBox"] != nil && root.attributes["width"] != nil && root.attributes["height"] != nil)
        #expect(collector.elements.dropFirst().first?.name == "title")
        // Every font size is at least 11 px.
        for element in collector.elements {
            if let size = element.attributes["font-size"] { #expect((Double(size) ?? 0) >= 11) }
        }
        return collector
    }

    private func series(_ values: [Double], name: String) -> (NamedSeries, BoxSummary) {
        var accumulator = SeriesAccumulator()
        for (index, value) in values.enumerated() { accumulator.add(value, record: "r\(index)") }
        let statistics = accumulator.statistics() ?? SeriesStatistics(count: 0, min: 0, max: 0, range: 0, mean: 0, median: 0,
            firstQuartile: 0, thirdQuartile: 0, standardDeviation: nil, standardError: nil, coefficientOfVariation: nil,
            minRecord: "", maxRecord: "", histogram: Histogram(lower: 0, upper: 0, counts: [0]), exact: true)
        let box = accumulator.boxSummary() ?? BoxSummary(count: 0, firstQuartile: 0, median: 0, thirdQuartile: 0,
            lowerWhisker: 0, upperWhisker: 0, outliers: [], exact: true)
        return (NamedSeries(name: name, isDimension: true, statistics: statistics, qq: accumulator.qq()), box)
    }

    private let hostile = "<script>alert(\"x\")</script> & 'quotes'"

    @Test func histogramHasOneBarPerBin() throws {
        var random = SplitMix64(seed: 3)
        let (named, _) = series((0..<2000).map { _ in Double(random.next(101)) / 100 }, name: hostile)
        let svg = SVGPlots.histogram(named.statistics, name: named.name, valueLabel: hostile)
        let parsed = try parse(svg)
        #expect(parsed.count("rect", class: "bar") == 20)
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;"))
        #expect(parsed.text.contains(hostile))
        #expect(parsed.elements.first?.attributes["aria-label"]?.contains(hostile) == true)
    }

    @Test func degenerateSeriesDrawWithoutNaN() throws {
        for values in [[0.5], [Double](repeating: 1, count: 50), [0, 0, 0]] {
            let (named, box) = series(values, name: "TOTAL")
            let histogram = try parse(SVGPlots.histogram(named.statistics, name: "TOTAL"))
            #expect(histogram.count("rect", class: "bar") == 1)
            let boxPlot = try parse(SVGPlots.boxPlot(box, name: "TOTAL", mean: named.statistics.mean))
            #expect(boxPlot.count("circle", class: "outlier") == 0)
            let qq = try parse(SVGPlots.qqPlot(named))
            #expect(qq.count("circle", class: "point") == min(values.count, 500))
            _ = try parse(SVGPlots.overview([named]))
        }
        _ = try parse(SVGPlots.fieldFrequencies([]))
        _ = try parse(SVGPlots.overview([]))
    }

    @Test func boxPlotDrawsOutliers() throws {
        let (_, box) = series([1, 2, 3, 4, 5, 100, -50], name: "x")
        #expect(box.outliers.count == 2)
        let parsed = try parse(SVGPlots.boxPlot(box, name: hostile))
        #expect(parsed.count("circle", class: "outlier") == 2)
    }

    @Test func qqPlotHasThinnedPointsAndALine() throws {
        var random = SplitMix64(seed: 5)
        let (named, _) = series((0..<2000).map { _ in Double(random.next(1000)) / 1000 }, name: "TOTAL")
        #expect(named.qq.count == 500)
        let parsed = try parse(SVGPlots.qqPlot(named))
        #expect(parsed.count("circle", class: "point") == 500)
        #expect(parsed.count("line", class: "qqline") == 1)
    }

    @Test func fieldFrequencyChartHasOneBarPerFieldAndEscapes() throws {
        let fields = [
            Frequency(name: "Proxy/dc:title", records: 2000, share: 1, mandatory: true),
            Frequency(name: "Proxy/dcterms:alternative", records: 512, share: 0.256),
            Frequency(name: hostile, records: 1, share: 0.0005),
            Frequency(name: String(repeating: "Aggregation/edm:hasView/", count: 5), records: 0, share: 0),
        ]
        let svg = SVGPlots.fieldFrequencies(fields, title: "Fields of \(hostile)")
        let parsed = try parse(svg)
        #expect(parsed.count("rect", class: "bar") == 4)
        #expect(!svg.contains("<script>"))
        #expect(parsed.text.contains("Proxy/dcterms:alternative"))
    }

    @Test func overviewHasOnePanelPerSeries() throws {
        let all = (0..<7).map { index in series((0..<100).map { Double(($0 * (index + 1)) % 37) / 36 }, name: "D\(index)").0 }
        let parsed = try parse(SVGPlots.overview(all, columns: 3))
        #expect(parsed.count("rect", class: "bar") == 7 * 20)
        #expect(parsed.count("text", class: nil) >= 7)
    }

    @Test func outputIsDeterministicWithTwoDecimalsAtMost() throws {
        let (named, box) = series((0..<300).map { sin(Double($0)) }, name: "TOTAL")
        let svgs = [SVGPlots.histogram(named.statistics, name: "TOTAL"), SVGPlots.boxPlot(box, name: "TOTAL"),
                    SVGPlots.qqPlot(named), SVGPlots.overview([named])]
        #expect(svgs == [SVGPlots.histogram(named.statistics, name: "TOTAL"), SVGPlots.boxPlot(box, name: "TOTAL"),
                         SVGPlots.qqPlot(named), SVGPlots.overview([named])])
        let coordinate = try Regex(#"(?:x|y|x1|x2|y1|y2|cx|cy|width|height|r)="(-?[0-9.]+)""#)
        for svg in svgs {
            for match in svg.matches(of: coordinate) {
                let value = String(svg[match.range]).split(separator: "\"")[1]
                #expect((value.split(separator: ".").dropFirst().first?.count ?? 0) <= 2)
            }
        }
        #expect(SVGNumber.format(-0.001) == "0" && SVGNumber.format(2.5, decimals: 0) == "3" && SVGNumber.format(0.1) == "0.1")
        #expect(SVGNumber.grouped(1_234_567) == "1,234,567" && SVGNumber.grouped(999) == "999")
        #expect(SVGNumber.format(.nan) == "0" && SVGNumber.format(12.5) == "12.5" && SVGNumber.format(-3.14159) == "-3.14")
        // Beyond fixed decimals: the whole number, and no crash beyond 64 bits.
        #expect(SVGNumber.format(-5e15) == "-5000000000000000" && SVGNumber.format(1e300) == "1e+300")
        #expect(SVGNumber.format(0.5, decimals: 3, trimZeros: false) == "0.500" && SVGNumber.format(-0.0) == "0")
        #expect(SVGNumber.format(10.05, decimals: 1, trimZeros: false) == "10.1" && SVGNumber.format(100) == "100")
    }

    @Test func niceTicks() {
        let ticks = NiceTicks(lower: 0, upper: 1, count: 6)
        #expect(ticks.values.map { ticks.label($0) } == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let counts = NiceTicks(lower: 0, upper: 483_000, count: 6)
        #expect(counts.values.map { counts.label($0) } == ["0", "100k", "200k", "300k", "400k", "500k"])
        let inside = NiceTicks(lower: 0.43, upper: 0.97, count: 7, extend: false)
        #expect(inside.values.allSatisfy { $0 >= 0.43 && $0 <= 0.97 })
    }

    /// Writes sample charts of a realistic series to $THRESHER_PLOT_DIR, to render and look at (not run otherwise).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THRESHER_PLOT_DIR"] != nil))
    func writeSamples() throws {
        let directory = ProcessInfo.processInfo.environment["THRESHER_PLOT_DIR"] ?? "/tmp"
        var random = SplitMix64(seed: 2015)
        func uniform() -> Double { Double(random.nextUInt64() >> 11) / Double(1 << 53) }
        func normal(_ mean: Double, _ sd: Double) -> Double {
            mean + sd * NormalQuantile.of(min(max(uniform(), 1e-12), 1 - 1e-12))
        }
        // Completeness of 2,000 records over a 34-field schema: a mixture of a rich and a poor provider.
        func completeness(_ rich: Double, _ poor: Double, _ share: Double) -> [Double] {
            (0..<2000).map { _ in
                let raw = uniform() < share ? normal(rich, 0.07) : normal(poor, 0.1)
                return (min(1, max(0, raw)) * 34).rounded() / 34
            }
        }
        let names = ["TOTAL", "MANDATORY", "DESCRIPTIVENESS", "SEARCHABILITY", "CONTEXTUALIZATION", "IDENTIFICATION",
                     "BROWSING", "VIEWING", "REUSABILITY", "MULTILINGUALITY"]
        var all: [NamedSeries] = []
        var boxes: [BoxSummary] = []
        for (index, name) in names.enumerated() {
            let values = index == 1 ? completeness(0.97, 0.8, 0.9) : completeness(0.72 - Double(index) * 0.03, 0.42, 0.7)
            let (named, box) = series(values, name: name)
            all.append(named)
            boxes.append(box)
        }
        func write(_ svg: String, _ name: String) throws {
            try svg.write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
        }
        try write(SVGPlots.histogram(all[0].statistics, name: "TOTAL", valueLabel: "Completeness"), "histogram")
        try write(SVGPlots.boxPlot(boxes[0], name: "TOTAL", mean: all[0].statistics.mean, valueLabel: "Completeness"), "box")
        try write(SVGPlots.boxPlot(boxes[1], name: "MANDATORY", mean: all[1].statistics.mean, valueLabel: "Completeness"), "box-mandatory")
        try write(SVGPlots.qqPlot(all[0]), "qq")
        try write(SVGPlots.overview(all, valueLabel: "Completeness"), "overview")
        let fieldNames = ["Proxy/dc:title", "Proxy/dc:type", "Aggregation/edm:provider", "Aggregation/edm:dataProvider",
                          "Aggregation/edm:rights", "Aggregation/edm:isShownAt", "Proxy/dc:creator", "Proxy/dc:subject",
                          "Proxy/dc:description", "Proxy/dcterms:alternative", "Proxy/dcterms:spatial",
                          "Proxy/dcterms:temporal", "Proxy/edm:hasType", "Aggregation/edm:hasView",
                          "Proxy/dcterms:isPartOf", "Proxy/dc:language", "Aggregation/edm:isShownBy/webResource/dcterms:hasFormat",
                          "Proxy/dc:identifier", "Proxy/edm:currentLocation", hostile]
        var fields: [Frequency] = []
        for (index, name) in fieldNames.enumerated() {
            let drop: Int = index * 98 - (index % 3) * 40
            let records: Int = index < 6 ? 2000 - index * 3 : max(0, 1900 - drop)
            fields.append(Frequency(name: name, records: records, share: Double(records) / 2000, mandatory: index < 6))
        }
        fields.sort { $0.share > $1.share || ($0.share == $1.share && $0.name < $1.name) }
        try write(SVGPlots.fieldFrequencies(fields, title: "Field frequency: dataset 2048128"), "fields")
    }
}
