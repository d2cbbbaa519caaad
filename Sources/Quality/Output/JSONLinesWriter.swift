/// The `jsonl` format: one JSON object per record (a line without terminator).
public enum JSONLinesWriter {
    /// `{"recordId","dataset","dataProvider","completeness":{TOTAL,…},"existence":{label:0|1},
    /// "cardinality":{label:n},"problems":{name:n},"multilinguality":{"fields":{label:{tag:n}},
    /// "scopes":{name:{"taggedLiterals","languages","literalsPerLanguage"}},"record":{…}}}`.
    public static func line(_ identity: RecordIdentity, _ m: RecordMeasurement) -> String {
        let layout = m.layout
        var out = "{\"recordId\":" + string(identity.recordId) + ",\"dataset\":" + string(identity.dataset)
            + ",\"dataProvider\":" + string(identity.dataProvider) + ",\"completeness\":{"
        for (k, value) in m.completeness.enumerated() {
            if k > 0 { out += "," }
            out += string(k == 0 ? "TOTAL" : layout.dimensions[k - 1]) + ":" + (value.map(NumberFormatting.shortest) ?? "null")
        }
        out += "},\"existence\":{"
        for (k, e) in m.existence.enumerated() { out += (k > 0 ? "," : "") + string(layout.fields[k]) + (e ? ":1" : ":0") }
        out += "},\"cardinality\":{"
        for (k, c) in m.cardinality.enumerated() { out += (k > 0 ? "," : "") + string(layout.fields[k]) + ":" + String(c) }
        out += "},\"problems\":{"
        for (k, p) in m.problems.enumerated() { out += (k > 0 ? "," : "") + string(layout.problems[k]) + ":" + String(p) }
        out += "},\"multilinguality\":{\"fields\":{"
        for k in 0..<m.languageCounts.fieldCount {
            let counts = m.languageCounts[k]
            out += (k > 0 ? "," : "") + string(layout.multilingualFields[k]) + ":{"
            for (j, c) in counts.enumerated() { out += (j > 0 ? "," : "") + string(c.language) + ":" + String(c.count) }
            out += "}"
        }
        out += "},\"scopes\":{"
        for (k, s) in m.scopes.enumerated() { out += (k > 0 ? "," : "") + string(layout.scopes[k]) + ":" + summary(s) }
        out += "},\"record\":" + summary(m.record) + "}}"
        return out
    }

    private static func summary(_ s: LanguageSummary) -> String {
        "{\"taggedLiterals\":\(s.taggedLiterals),\"languages\":\(s.languages),\"literalsPerLanguage\":\(NumberFormatting.shortest(s.literalsPerLanguage))}"
    }

    /// A JSON string literal (or `null`).
    static func string(_ value: String?) -> String {
        guard let value else { return "null" }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
