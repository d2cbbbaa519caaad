import ThresherCore

/// Writing JSON text by hand where the values are known strings, numbers and raw JSON.
enum JSONText {
    /// `value` as a JSON string literal, quotes included.
    static func string(_ value: String) -> String { JSONEscaping.quoted(value) }

    /// An array of strings as JSON.
    static func array(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ",") + "]"
    }
}
