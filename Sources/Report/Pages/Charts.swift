/// The SVG charts a group page shows, drawn by `SVGPlots`.
enum Charts {
    static func overview(_ dimensions: [NamedSeries]) -> String { SVGPlots.overview(dimensions) }

    static func fieldFrequency(_ fields: [Frequency]) -> String { SVGPlots.fieldFrequencies(fields) }

    static func histogram(_ series: NamedSeries) -> String {
        SVGPlots.histogram(series.statistics, name: series.name, valueLabel: series.isDimension ? "Score" : "Value")
    }

    static func box(_ series: NamedSeries) -> String {
        guard let box = series.box else { return "" }
        return SVGPlots.boxPlot(box, name: series.name, mean: series.statistics.mean,
                                valueLabel: series.isDimension ? "Score" : "Value")
    }

    static func qq(_ series: NamedSeries) -> String { SVGPlots.qqPlot(series) }
}
