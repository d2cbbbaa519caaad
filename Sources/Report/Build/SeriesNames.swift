import Quality

/// The numeric series of a layout, by index: TOTAL and the dimensions, the fields' cardinalities, the problems, and
/// the multilinguality figures.
struct SeriesNames: Sendable {
    let names: [String]
    let dimensionCount: Int

    init(layout: MeasurementLayout) {
        var names = ["TOTAL"] + layout.dimensions
        dimensionCount = names.count
        names += layout.fields.map { "cardinality:" + $0 }
        names += layout.problems.map { "problem:" + $0 }
        for scope in layout.scopes + ["record"] {
            names += ["multilinguality:\(scope):taggedLiterals", "multilinguality:\(scope):languages"]
        }
        self.names = names
    }

    /// Appends a measurement's values in the order of `names`, exactly `names.count` of them (`absent` where a
    /// dimension has no slots or the measurement has fewer values than the layout).
    func append(_ m: MeasurementFigures, to values: inout [Double], absent: Double) {
        let start = values.count
        for c in m.completeness { values.append(c ?? absent) }
        for c in m.cardinality { values.append(Double(c)) }
        for p in m.problems { values.append(Double(p)) }
        // The scopes, then the whole record.
        for s in m.scopes {
            values.append(Double(s.taggedLiterals))
            values.append(Double(s.languages))
        }
        let added = values.count - start
        if added < names.count {
            values.append(contentsOf: repeatElement(absent, count: names.count - added))
        } else if added > names.count {
            values.removeLast(added - names.count)
        }
    }
}
