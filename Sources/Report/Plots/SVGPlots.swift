import Foundation
import ThresherCore

/// The report's charts as standalone SVG 1.1 documents written by Thresher itself: each has a `<title>`,
/// `role="img"` and an `aria-label`, a viewBox with width and height (so it scales inline in HTML), a system
/// sans-serif font of at least 11 px, Okabe–Ito colours, labelled axes with nice ticks, and every text escaped.
/// Coordinates have at most two decimals; the same input gives the same bytes.
public enum SVGPlots {
    /// A histogram (the 2015 barplot) of one series: `statistics.histogram`'s bins as adjacent bars over
    /// [lower, upper], records on the y axis. `valueLabel` names the x axis (e.g. "Completeness").
    public static func histogram(_ statistics: SeriesStatistics, name: String, valueLabel: String = "Value") -> String {
        let histogram = statistics.histogram
        var canvas = SVGCanvas(width: 640, height: 400)
        let axes = Axes(left: 72, top: 70, right: 616, bottom: 334)
        header(&canvas, title: "\(name): histogram", subtitle: subtitle(statistics))
        let bins = max(1, histogram.counts.count)
        let degenerate = !(histogram.upper > histogram.lower)
        let xTicks = NiceTicks(lower: histogram.lower, upper: histogram.upper, count: 7, extend: degenerate)
        let xDomain = degenerate ? (xTicks.lower, xTicks.upper) : (histogram.lower, histogram.upper)
        let x = LinearScale(domain: xDomain, range: (axes.left, axes.right))
        let top = Double(histogram.counts.max() ?? 0)
        let yTicks = NiceTicks(lower: 0, upper: max(1, top), count: 6)
        let y = LinearScale(domain: (0, yTicks.upper), range: (axes.bottom, axes.top))
        axes.drawY(&canvas, ticks: yTicks, scale: y, title: "Records", titleX: 22)
        for (index, count) in histogram.counts.enumerated() {
            let from: Double
            let to: Double
            if degenerate {
                let centre = x(histogram.lower)
                from = centre - axes.width / 20
                to = centre + axes.width / 20
            } else {
                from = x(histogram.lower + (histogram.upper - histogram.lower) * Double(index) / Double(bins))
                to = x(histogram.lower + (histogram.upper - histogram.lower) * Double(index + 1) / Double(bins))
            }
            let barTop = y(Double(count))
            let low = degenerate ? histogram.lower : histogram.lower + (histogram.upper - histogram.lower) * Double(index) / Double(bins)
            let high = degenerate ? histogram.upper : histogram.lower + (histogram.upper - histogram.lower) * Double(index + 1) / Double(bins)
            let closing = index == bins - 1 ? "]" : ")"
            canvas.rect(x: from, y: barTop, width: to - from, height: axes.bottom - barTop, fill: Palette.blue,
                        extra: " stroke=\"#FFFFFF\" stroke-width=\"1\" class=\"bar\"",
                        tooltip: "[\(SVGNumber.format(low, decimals: 4)), \(SVGNumber.format(high, decimals: 4))\(closing): \(SVGNumber.grouped(count)) records")
        }
        axes.drawX(&canvas, ticks: xTicks, scale: x, title: valueLabel)
        return canvas.document(title: "\(name): histogram",
                               label: "Histogram of \(name) over \(statistics.count) records in \(bins) bins from \(SVGNumber.format(histogram.lower, decimals: 4)) to \(SVGNumber.format(histogram.upper, decimals: 4))")
    }

    /// A horizontal box plot of one series: box from Q1 to Q3 with the median, whiskers to the most extreme values
    /// within 1.5 IQR, outliers as points (one per distinct position), the mean as a diamond when given.
    public static func boxPlot(_ box: BoxSummary, name: String, mean: Double? = nil, valueLabel: String = "Value") -> String {
        var canvas = SVGCanvas(width: 640, height: 240)
        let axes = Axes(left: 40, top: 76, right: 616, bottom: 174)
        let estimate = box.exact ? "" : " (estimated)"
        header(&canvas, title: "\(name): box plot", subtitle: "n = \(SVGNumber.grouped(box.count)) · median \(SVGNumber.format(box.median, decimals: 4)) · IQR \(SVGNumber.format(box.firstQuartile, decimals: 4))–\(SVGNumber.format(box.thirdQuartile, decimals: 4))\(estimate) · \(outlierCount(box)) outlying records")
        canvas.text("box: quartiles · bar: median · whiskers: 1.5 IQR · circles: outliers\(mean == nil ? "" : " · diamond: mean")",
                    x: 16, y: 60, size: 11, fill: Palette.mutedText)
        let low = min(box.lowerWhisker, box.outliers.first?.value ?? box.lowerWhisker)
        let high = max(box.upperWhisker, box.outliers.last?.value ?? box.upperWhisker)
        let ticks = NiceTicks(lower: low, upper: high, count: 7)
        let x = LinearScale(domain: (ticks.lower, ticks.upper), range: (axes.left, axes.right))
        for value in ticks.values {
            canvas.line(x1: x(value), y1: axes.top, x2: x(value), y2: axes.bottom, stroke: Palette.grid)
        }
        let middle = (axes.top + axes.bottom) / 2
        let half = 26.0
        canvas.line(x1: x(box.lowerWhisker), y1: middle, x2: x(box.firstQuartile), y2: middle, stroke: Palette.text, width: 1.5)
        canvas.line(x1: x(box.thirdQuartile), y1: middle, x2: x(box.upperWhisker), y2: middle, stroke: Palette.text, width: 1.5)
        for whisker in [box.lowerWhisker, box.upperWhisker] {
            canvas.line(x1: x(whisker), y1: middle - half / 2, x2: x(whisker), y2: middle + half / 2, stroke: Palette.text, width: 1.5)
        }
        canvas.rect(x: x(box.firstQuartile), y: middle - half, width: max(1, x(box.thirdQuartile) - x(box.firstQuartile)),
                    height: 2 * half, fill: "#CCE3F0", extra: " stroke=\"\(Palette.blue)\" stroke-width=\"1.5\"",
                    tooltip: "Q1 \(SVGNumber.format(box.firstQuartile, decimals: 4)), Q3 \(SVGNumber.format(box.thirdQuartile, decimals: 4))")
        canvas.line(x1: x(box.median), y1: middle - half, x2: x(box.median), y2: middle + half, stroke: Palette.text, width: 3)
        if let mean, mean.isFinite {
            let cx = x(mean)
            canvas.raw("<path d=\"M \(SVGCanvas.n(cx)) \(SVGCanvas.n(middle - 6)) L \(SVGCanvas.n(cx + 6)) \(SVGCanvas.n(middle)) L \(SVGCanvas.n(cx)) \(SVGCanvas.n(middle + 6)) L \(SVGCanvas.n(cx - 6)) \(SVGCanvas.n(middle)) Z\" fill=\"\(Palette.orange)\" stroke=\"\(Palette.text)\" stroke-width=\"1\"><title>mean \(SVGNumber.format(mean, decimals: 4))</title></path>")
        }
        var drawn = Set<Int>()
        for outlier in box.outliers {
            let cx = x(outlier.value)
            guard drawn.insert(Int((cx * 2).rounded())).inserted else { continue }
            canvas.circle(x: cx, y: middle, radius: 3.5, fill: "none",
                          extra: " stroke=\"\(Palette.vermillion)\" stroke-width=\"1.5\" class=\"outlier\"")
        }
        axes.drawX(&canvas, ticks: ticks, scale: x, title: valueLabel)
        return canvas.document(title: "\(name): box plot",
                               label: "Box plot of \(name): median \(SVGNumber.format(box.median, decimals: 4)), quartiles \(SVGNumber.format(box.firstQuartile, decimals: 4)) and \(SVGNumber.format(box.thirdQuartile, decimals: 4)), whiskers \(SVGNumber.format(box.lowerWhisker, decimals: 4)) to \(SVGNumber.format(box.upperWhisker, decimals: 4)), \(outlierCount(box)) outlying records")
    }

    /// A normal QQ plot of `series.qq` with R's `qqline`: the line through the first and third quartiles of the
    /// sample (`series.statistics`) and of the standard normal.
    public static func qqPlot(_ series: NamedSeries) -> String {
        let statistics = series.statistics
        let points = series.qq.filter { $0.theoretical.isFinite && $0.sample.isFinite }
        var canvas = SVGCanvas(width: 520, height: 480)
        let axes = Axes(left: 72, top: 70, right: 496, bottom: 414)
        header(&canvas, title: "\(series.name): normal QQ plot",
               subtitle: "n = \(SVGNumber.grouped(statistics.count))\(points.count < statistics.count ? " · \(points.count) points shown" : "") · line through the quartiles")
        let theoretical = points.map(\.theoretical)
        let xTicks = NiceTicks(lower: theoretical.min() ?? -1, upper: theoretical.max() ?? 1, count: 7)
        let yTicks = NiceTicks(lower: min(statistics.min, points.map(\.sample).min() ?? statistics.min),
                               upper: max(statistics.max, points.map(\.sample).max() ?? statistics.max), count: 7)
        let x = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (axes.left, axes.right))
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (axes.bottom, axes.top))
        axes.drawY(&canvas, ticks: yTicks, scale: y, title: "Sample quantiles", titleX: 22)
        for value in xTicks.values {
            canvas.line(x1: x(value), y1: axes.top, x2: x(value), y2: axes.bottom, stroke: Palette.grid)
        }
        // qqline: slope = (Q3 − Q1) / (z.75 − z.25), through (z.25, Q1); clipped to the plot area.
        let z1 = NormalQuantile.of(0.25)
        let z3 = NormalQuantile.of(0.75)
        let slope = (statistics.thirdQuartile - statistics.firstQuartile) / (z3 - z1)
        let intercept = statistics.firstQuartile - slope * z1
        if let segment = clip(slope: slope, intercept: intercept, x: (xTicks.lower, xTicks.upper), y: (yTicks.lower, yTicks.upper)) {
            canvas.line(x1: x(segment.0), y1: y(segment.1), x2: x(segment.2), y2: y(segment.3), stroke: Palette.vermillion,
                        width: 2, extra: " class=\"qqline\"")
        }
        // The points share their look through the group around them (half the bytes of a page's 13 QQ plots).
        canvas.raw("<g fill=\"\(Palette.blue)\" fill-opacity=\"0.6\">")
        for point in points {
            canvas.point(x: x(point.theoretical), y: y(point.sample), radius: 2.5, className: "point")
        }
        canvas.raw("</g>")
        axes.drawX(&canvas, ticks: xTicks, scale: x, title: "Theoretical quantiles (standard normal)")
        return canvas.document(title: "\(series.name): normal QQ plot",
                               label: "Normal quantile-quantile plot of \(series.name): \(points.count) points and a reference line through the quartiles")
    }

    /// A horizontal bar chart of field frequencies (share of records having each field, in the given order);
    /// mandatory fields in another colour, labels in full up to 60 characters (longer ones shortened in the middle,
    /// the full name as a tooltip), the share and record count at the end of each bar.
    public static func fieldFrequencies(_ fields: [Frequency], title: String = "Field frequency") -> String {
        let rowHeight = 22.0
        let labels = fields.map { shortened($0.name, to: 60) }
        let labelWidth = min(480, max(80, (labels.map { SVGCanvas.textWidth($0) }.max() ?? 80) + 12))
        let left = 16 + labelWidth
        let barWidth = 380.0
        let right = left + barWidth
        let width = right + 130
        let top = 84.0
        let height = top + rowHeight * Double(max(1, fields.count)) + 56
        var canvas = SVGCanvas(width: width, height: height)
        let axes = Axes(left: left, top: top, right: right, bottom: top + rowHeight * Double(max(1, fields.count)))
        let mandatoryCount = fields.filter(\.mandatory).count
        header(&canvas, title: title, subtitle: "Share of records having each field · \(fields.count) fields")
        if mandatoryCount > 0 {
            canvas.rect(x: 16, y: 56, width: 12, height: 12, fill: Palette.orange)
            canvas.text("mandatory", x: 33, y: 66, fill: Palette.text)
            canvas.rect(x: 110, y: 56, width: 12, height: 12, fill: Palette.blue)
            canvas.text("optional", x: 127, y: 66, fill: Palette.text)
        }
        let x = LinearScale(domain: (0, 1), range: (left, right))
        let ticks = NiceTicks(lower: 0, upper: 1, count: 5)
        for index in fields.indices {
            let rowTop = top + rowHeight * Double(index)
            if index % 2 == 0 {
                canvas.rect(x: 8, y: rowTop, width: width - 16, height: rowHeight, fill: Palette.band)
            }
        }
        for value in ticks.values {
            canvas.line(x1: x(value), y1: axes.top, x2: x(value), y2: axes.bottom, stroke: Palette.grid)
        }
        for (index, field) in fields.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let share = field.share.isFinite ? min(1, max(0, field.share)) : 0
            let full = field.name
            let label = labels[index]
            let cut = label.lastIndex(of: "/").map { label.index(after: $0) } ?? label.startIndex
            canvas.text(muted: String(label[..<cut]), main: String(label[cut...]), x: left - 8, y: rowTop + 15,
                        anchor: "end", tooltip: label == full ? nil : full)
            canvas.rect(x: left, y: rowTop + 4, width: x(share) - left, height: rowHeight - 8,
                        fill: field.mandatory ? Palette.orange : Palette.blue, extra: " class=\"bar\"",
                        tooltip: "\(full): \(SVGNumber.grouped(field.records)) records (\(SVGNumber.format(share * 100, decimals: 1))%)")
            canvas.text("\(SVGNumber.format(share * 100, decimals: 1, trimZeros: false))% · \(SVGNumber.grouped(field.records))",
                        x: x(share) + 6, y: rowTop + 15, fill: Palette.mutedText)
        }
        axes.drawX(&canvas, ticks: ticks, scale: x, title: "Share of records",
                   format: { SVGNumber.format($0 * 100, decimals: 0) + "%" })
        return canvas.document(title: title, label: "Horizontal bar chart: share of records having each of \(fields.count) fields")
    }

    /// Small multiples: one mini histogram per series (dimensions) in a grid of `columns`, on one shared x axis so
    /// the panels compare; each panel's bars are scaled to its own largest bin.
    public static func overview(_ series: [NamedSeries], title: String = "Dimensions at a glance", columns: Int = 3,
                                valueLabel: String = "Value") -> String {
        let columns = max(1, min(columns, max(1, series.count)))
        let rows = max(1, (series.count + columns - 1) / columns)
        let panelWidth = 240.0
        let panelHeight = 150.0
        let top = 64.0
        let width = 16 + Double(columns) * panelWidth + 16
        let height = top + Double(rows) * panelHeight + 16
        var canvas = SVGCanvas(width: width, height: height)
        header(&canvas, title: title, subtitle: "\(series.count) series · x axis: \(valueLabel), shared · bars scaled per panel")
        let lows = series.map(\.statistics.histogram.lower)
        let highs = series.map(\.statistics.histogram.upper)
        let ticks = NiceTicks(lower: lows.min() ?? 0, upper: highs.max() ?? 1, count: 3)
        for (index, item) in series.enumerated() {
            let column = index % columns
            let row = index / columns
            let panelLeft = 16 + Double(column) * panelWidth
            let panelTop = top + Double(row) * panelHeight
            let plot = Axes(left: panelLeft + 12, top: panelTop + 44, right: panelLeft + panelWidth - 20, bottom: panelTop + panelHeight - 32)
            let name = shortened(item.name, to: 30)
            canvas.text(name, x: panelLeft + 12, y: panelTop + 18, size: 13, weight: "600",
                        tooltip: name == item.name ? nil : item.name)
            let statistics = item.statistics
            canvas.text("n \(SVGNumber.grouped(statistics.count)) · median \(SVGNumber.format(statistics.median, decimals: 2)) · mean \(SVGNumber.format(statistics.mean, decimals: 2))",
                        x: panelLeft + 12, y: panelTop + 34, size: 11, fill: Palette.mutedText)
            let x = LinearScale(domain: (ticks.lower, ticks.upper), range: (plot.left, plot.right))
            let histogram = statistics.histogram
            let peak = Double(max(1, histogram.counts.max() ?? 1))
            let bins = max(1, histogram.counts.count)
            let degenerate = !(histogram.upper > histogram.lower)
            for (bin, count) in histogram.counts.enumerated() {
                var from = x(histogram.lower + (histogram.upper - histogram.lower) * Double(bin) / Double(bins))
                var to = x(histogram.lower + (histogram.upper - histogram.lower) * Double(bin + 1) / Double(bins))
                if degenerate || to - from < 2 {
                    let centre = (from + to) / 2
                    from = centre - 1.5
                    to = centre + 1.5
                }
                let barHeight = Double(count) / peak * plot.height
                canvas.rect(x: from, y: plot.bottom - barHeight, width: to - from, height: barHeight, fill: Palette.blue,
                            extra: " class=\"bar\"")
            }
            canvas.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
            for value in ticks.values {
                canvas.line(x1: x(value), y1: plot.bottom, x2: x(value), y2: plot.bottom + 4, stroke: Palette.axis)
                canvas.text(ticks.label(value), x: x(value), y: plot.bottom + 17, anchor: "middle", size: 11, fill: Palette.mutedText)
            }
        }
        return canvas.document(title: title, label: "Small multiples: histograms of \(series.count) series on a shared x axis")
    }

    // MARK: - Helpers

    private static func header(_ canvas: inout SVGCanvas, title: String, subtitle: String) {
        canvas.text(title, x: 16, y: 24, size: 16, weight: "600")
        canvas.text(subtitle, x: 16, y: 44, size: 12, fill: Palette.mutedText)
    }

    private static func subtitle(_ statistics: SeriesStatistics) -> String {
        let sd = statistics.standardDeviation.map { " · sd \(SVGNumber.format($0, decimals: 4))" } ?? ""
        return "n = \(SVGNumber.grouped(statistics.count)) · mean \(SVGNumber.format(statistics.mean, decimals: 4))\(sd) · median \(SVGNumber.format(statistics.median, decimals: 4))\(statistics.exact ? "" : " (estimated)")"
    }

    private static func outlierCount(_ box: BoxSummary) -> String {
        SVGNumber.grouped(box.outliers.reduce(0) { $0 + $1.count })
    }

    /// `text` cut in the middle with an ellipsis when longer than `limit` characters (both ends stay readable).
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 3 else { return text }
        let head = (limit - 1) / 2
        let tail = limit - 1 - head
        return String(text.prefix(head)) + "…" + String(text.suffix(tail))
    }

    /// The part of y = slope·x + intercept inside the rectangle, as (x1, y1, x2, y2); nil when it misses it.
    static func clip(slope: Double, intercept: Double, x: (Double, Double), y: (Double, Double)) -> (Double, Double, Double, Double)? {
        guard slope.isFinite, intercept.isFinite else { return nil }
        var x1 = x.0
        var x2 = x.1
        if slope != 0 {
            let xa = (y.0 - intercept) / slope
            let xb = (y.1 - intercept) / slope
            x1 = max(x1, min(xa, xb))
            x2 = min(x2, max(xa, xb))
        } else if intercept < y.0 || intercept > y.1 {
            return nil
        }
        guard x1 < x2 else { return nil }
        return (x1, slope * x1 + intercept, x2, slope * x2 + intercept)
    }
}
