/// A JSON number kept as its text; equal when numerically equal (`1 == 1.0`).
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number as written.
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The nearest `Double`.
    public var double: Double { Double(text) ?? .nan }

    /// The exact integer value when written as an integer that fits `Int`.
    public var int: Int? { Int(text) }

    public var description: String { text }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        if let x = a.int, let y = b.int { return x == y }
        return a.double == b.double
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(double) }
}

/// A JSON value as a tree, for building expectations and small results.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Reads a JSON text into a tree.
    public init(parsing text: String) throws(JSONReadError) {
        let doc = try JSONDocument(parsing: text)
        self = doc.value(doc.root)
    }
}
