/// The `csv` format: a header, then one row per record (lines without line terminator).
public enum CSVWriter {
    /// `recordId,dataset,dataProvider,TOTAL,<dimensions>`; with `fields`, then
    /// `existence:<label>` for every scored field, `cardinality:<label>` likewise, `problem:<name>`.
    public static func header(_ layout: MeasurementLayout, fields: Bool = false) -> String {
        var cells = ["recordId", "dataset", "dataProvider", "TOTAL"] + layout.dimensions
        if fields {
            cells += layout.fields.map { "existence:" + $0 }
            cells += layout.fields.map { "cardinality:" + $0 }
            cells += layout.problems.map { "problem:" + $0 }
        }
        return cells.map(quoted).joined(separator: ",")
    }

    /// One record's row: identity, completeness in shortest round-trip form (empty for a
    /// dimension without slots), then with `fields` existence (0/1), cardinality and problems.
    public static func row(_ identity: RecordIdentity, _ m: RecordMeasurement, fields: Bool = false) -> String {
        var out = quoted(identity.recordId ?? "") + "," + quoted(identity.dataset ?? "") + "," + quoted(identity.dataProvider ?? "")
        for value in m.completeness {
            out += ","
            if let value { out += NumberFormatting.shortest(value) }
        }
        if fields {
            for e in m.existence { out += e ? ",1" : ",0" }
            for c in m.cardinality { out += "," + String(c) }
            for p in m.problems { out += "," + String(p) }
        }
        return out
    }

    /// A cell quoted per RFC 4180 when it holds `,`, `"`, CR or LF.
    public static func quoted(_ cell: String) -> String {
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return cell
        }
        var out = "\""
        for ch in cell.unicodeScalars { if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) } }
        return out + "\""
    }
}
