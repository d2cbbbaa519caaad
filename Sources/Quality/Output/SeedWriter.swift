/// The `seed` format: the 2015 tool's line, no header.
public enum SeedWriter {
    /// `"<label>",<recordId>,<TOTAL>,<dimensions…>` with six decimals rounded half-up
    /// (an empty cell for a dimension without slots).
    public static func line(_ identity: RecordIdentity, _ m: RecordMeasurement) -> String {
        var out = "\"" + label(identity) + "\"," + (identity.recordId ?? "")
        for value in m.completeness {
            out += ","
            if let value { out += NumberFormatting.fixed(value, decimals: 6) }
        }
        return out
    }

    /// The data-provider label: the first dataProvider value (`sets[0]` when there is none), cut
    /// before the first " / ", double quotes removed, and when longer than 30 UTF-16 code units
    /// its first 27 followed by "...".
    public static func label(_ identity: RecordIdentity) -> String {
        var text = identity.dataProvider ?? identity.dataset ?? ""
        if let cut = text.range(of: " / ") { text = String(text[..<cut.lowerBound]) }
        text.removeAll { $0 == "\"" }
        guard text.utf16.count > 30 else { return text }
        var kept = ""
        var units = 0
        for scalar in text.unicodeScalars {
            units += scalar.utf16.count
            if units > 27 { break }
            kept.unicodeScalars.append(scalar)
        }
        return kept + "..."
    }
}
