import Foundation

/// The text a record is embedded from: the values of the chosen fields of its cleansed view, each field's values
/// joined by a space, the fields joined by ". " in the order given (no separator after a field that already ends
/// in `.`, `!`, `?`, `;` or `:`), fields without values left out. Truncation is the tokenizer's (256 tokens for
/// all-MiniLM-L6-v2): the first fields count most.
public enum EmbedText {
    /// The fields embedded by default.
    public static let defaultFields = ["title", "description", "creator", "subject"]

    /// The text of `record` from `fields` (empty when none has a value).
    public static func text(of record: CleansedRecord, fields: [String]) -> String {
        var out = ""
        for field in fields {
            let value = record.text(field).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { continue }
            if !out.isEmpty {
                out += out.last.map { ".!?;:".contains($0) } == true ? " " : ". "
            }
            out += value
        }
        return out
    }
}
