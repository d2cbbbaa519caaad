import Foundation
import Quality

/// The report's HTML pages: the index of groups, a page per group, a page per record shown.
enum GroupPages {
    /// The index: every group with its headline figures, in a table sorted by clicking a column header.
    static func index(_ data: ReportData) -> String {
        let dimensions = data.groups.first?.series.filter(\.isDimension).map(\.name) ?? []
        var body = "<h1>Metadata quality report</h1>\n<p class=\"meta\">Schema <code>\(HTML.text(data.schema.name))</code>"
        body += data.schema.title.map { " (" + HTML.text($0) + ")" } ?? ""
        body += " · \(data.groups.count) group(s). Click a column header to sort.</p>\n"
        for kind in GroupKind.allCases {
            let groups = data.groups.filter { $0.kind == kind }
            guard !groups.isEmpty else { continue }
            body += "<h2>\(Self.title(kind)) (\(groups.count))</h2>\n<div class=\"wide\"><table class=\"sortable\"><thead><tr><th>\(Self.title(kind, singular: true))</th><th>records</th>"
            for d in dimensions { body += "<th>\(HTML.text(d == "TOTAL" ? "TOTAL (mean)" : d.lowercased()))</th>" }
            body += "<th>TOTAL median</th></tr></thead><tbody>\n"
            for group in groups {
                let byName = Dictionary(group.series.map { ($0.name, $0.statistics) }, uniquingKeysWith: { a, _ in a })
                body += "<tr><td><a href=\"\(HTML.attribute(kind.rawValue + "/" + group.fileName + ".html"))\">\(HTML.text(group.title ?? group.name))</a>"
                if group.title != nil { body += "<br><small><code>\(HTML.text(group.name))</code></small>" }
                body += "</td>"
                body += "<td class=\"n\">\(group.records)</td>"
                for d in dimensions { body += cell(byName[d]?.mean) }
                body += cell(byName["TOTAL"]?.median) + "</tr>\n"
            }
            body += "</tbody></table></div>\n"
        }
        body += "<p>Also as <a href=\"index.json\">JSON</a> and <a href=\"groups.csv\">CSV</a>.</p>\n"
        return HTML.page(title: "Metadata quality report", body: body, script: HTML.sortScript)
    }

    /// A group's page: fields and their frequency, the statistics, the plots, the best and worst records.
    static func group(_ group: GroupReport, data: ReportData) -> String {
        var body = "<p><a href=\"../index.html\">← all groups</a></p>\n"
        body += "<h1>\(HTML.text(group.title ?? group.name))</h1>\n<p class=\"meta\">\(HTML.text(title(group.kind, singular: true)))"
        if group.title != nil { body += " <code>\(HTML.text(group.name))</code>" }
        body += " · "
        body += "\(SVGNumber.grouped(group.records)) record(s) · schema <code>\(HTML.text(group.schema))</code></p>\n"
        let dimensions = group.series.filter(\.isDimension)
        if !dimensions.isEmpty {
            body += "<h2>Overview</h2>\n<div class=\"plots\"><figure>\(Charts.overview(dimensions))</figure></div>\n"
        }
        body += "<h2>Fields</h2>\n"
        if !group.missingMandatory.isEmpty {
            body += "<div class=\"warn\"><strong>Mandatory fields missing in some records:</strong> "
            body += group.missingMandatory.map { "<code>\(HTML.text($0.name))</code> (\(SVGNumber.grouped(group.records - $0.records)) record(s) without it)" }
                .joined(separator: ", ") + "</div>\n"
        }
        body += "<div class=\"plots\"><figure>\(Charts.fieldFrequency(group.fields))</figure></div>\n"
        body += frequencyTable(group.fields, header: "field", showMandatory: true)
        body += "<h2>Statistics</h2>\n<div class=\"wide\"><table class=\"sortable\"><thead><tr><th>measurement</th><th>n</th><th>min</th><th>max</th>"
        body += "<th>range</th><th>mean</th><th>median</th><th>Q1</th><th>Q3</th><th>sd</th><th>se</th><th>cv</th>"
        body += "<th>record with min</th><th>record with max</th></tr></thead><tbody>\n"
        for series in group.series {
            let s = series.statistics
            body += "<tr><td>\(HTML.text(series.name))\(s.exact ? "" : " <small>(estimated quartiles)</small>")</td><td class=\"n\">\(s.count)</td>"
            body += [s.min, s.max, s.range, s.mean, s.median, s.firstQuartile, s.thirdQuartile].map { cell($0) }.joined()
            body += cell(s.standardDeviation) + cell(s.standardError) + cell(s.coefficientOfVariation)
            body += "<td>\(HTML.text(s.minRecord))</td><td>\(HTML.text(s.maxRecord))</td></tr>\n"
        }
        body += "</tbody></table></div>\n"
        if !dimensions.isEmpty {
            body += "<h2>Dimensions</h2>\n"
            for series in dimensions {
                body += "<h3>\(HTML.text(series.name))</h3>\n<div class=\"plots\">"
                body += "<figure>\(Charts.histogram(series))</figure><figure>\(Charts.box(series))</figure>"
                body += "<figure>\(Charts.qq(series))</figure></div>\n"
            }
        }
        body += "<h2>Problem catalogue</h2>\n" + frequencyTable(group.problems, header: "problem", showMandatory: false)
        body += "<h2>Multilinguality</h2>\n" + frequencyTable(group.multilinguality, header: "what", showMandatory: false)
        body += "<h2>Best records by TOTAL</h2>\n" + rankedTable(group.best)
        body += "<h2>Worst records by TOTAL</h2>\n" + rankedTable(group.worst)
        return HTML.page(title: "\(title(group.kind, singular: true)) \(group.title ?? group.name): metadata quality", body: body,
                         script: HTML.sortScript)
    }

    /// A record's page: its scores, existing and missing fields, problems, and its JSON.
    static func record(_ record: RecordDetail, data: ReportData, kind: GroupKind) -> String {
        let m = record.measurement
        var body = "<p><a href=\"../../index.html\">← all groups</a></p>\n<h1>\(HTML.text(record.recordId))</h1>\n"
        body += "<p class=\"meta\">identifier <code>\(HTML.text(record.identifier))</code>"
        if let dataset = record.dataset { body += " · dataset \(HTML.text(dataset))" }
        if let provider = record.dataProvider { body += " · data provider \(HTML.text(provider))" }
        body += "</p>\n<h2>Scores</h2>\n<table><thead><tr><th>dimension</th><th>score</th></tr></thead><tbody>\n"
        for (name, value) in zip(["TOTAL"] + m.layout.dimensions, m.completeness) {
            body += "<tr><td>\(HTML.text(name))</td>\(cell(value))</tr>\n"
        }
        body += "</tbody></table>\n"
        let fields = Array(zip(m.layout.fields, zip(m.existence, m.cardinality)))
        body += "<h2>Fields present (\(fields.filter { $0.1.0 }.count))</h2>\n<table><thead><tr><th>field</th><th>values</th></tr></thead><tbody>\n"
        for (label, (exists, count)) in fields where exists { body += "<tr><td>\(HTML.text(label))</td><td class=\"n\">\(count)</td></tr>\n" }
        body += "</tbody></table>\n<h2>Fields missing (\(fields.filter { !$0.1.0 }.count))</h2>\n<p>"
        body += fields.filter { !$0.1.0 }.map { "<code>\(HTML.text($0.0))</code>" }.joined(separator: " ") + "</p>\n"
        body += "<h2>Problem catalogue</h2>\n<table><thead><tr><th>problem</th><th>count</th></tr></thead><tbody>\n"
        for (name, count) in zip(m.layout.problems, m.problems) { body += "<tr><td>\(HTML.text(name))</td><td class=\"n\">\(count)</td></tr>\n" }
        body += "</tbody></table>\n<h2>Record</h2>\n<pre>\(HTML.text(String(decoding: record.json, as: UTF8.self)))</pre>\n"
        return HTML.page(title: "Record \(record.recordId)", body: body)
    }

    static func frequencyTable(_ rows: [Frequency], header: String, showMandatory: Bool) -> String {
        var out = "<table class=\"sortable\"><thead><tr><th>\(header)</th>" + (showMandatory ? "<th>mandatory</th>" : "")
        out += "<th>records</th><th>share</th></tr></thead><tbody>\n"
        for row in rows {
            out += "<tr><td>\(HTML.text(row.name))</td>" + (showMandatory ? "<td>\(row.mandatory ? "yes" : "")</td>" : "")
            out += "<td class=\"n\">\(row.records)</td><td class=\"n\" data-v=\"\(row.share)\">\(HTML.percent(row.share))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func rankedTable(_ rows: [RankedRecord]) -> String {
        guard !rows.isEmpty else { return "<p>No record has a TOTAL score.</p>\n" }
        var out = "<table><thead><tr><th>record</th><th>TOTAL</th></tr></thead><tbody>\n"
        for row in rows {
            out += "<tr><td><a href=\"\(HTML.attribute(row.page))\">\(HTML.text(row.recordId))</a></td>\(cell(row.total))</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func cell(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "<td class=\"n\">—</td>" }
        return "<td class=\"n\" data-v=\"\(value)\">\(HTML.number(value))</td>"
    }

    static func title(_ kind: GroupKind, singular: Bool = false) -> String {
        switch kind {
        case .dataset: return singular ? "Dataset" : "Datasets"
        case .provider: return singular ? "Data provider" : "Data providers"
        case .store: return singular ? "Whole store" : "Whole store"
        }
    }
}
