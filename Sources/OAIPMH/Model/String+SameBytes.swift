/// OAI-PMH identifiers, setSpecs and resumption tokens are compared as sent, byte for byte: `==` takes canonically
/// equivalent strings (an é composed and decomposed) as equal, which would merge two records or two sets.
extension String {
    /// True when both hold the same UTF-8 bytes.
    public func hasSameBytes(as other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}

extension Sequence<String> {
    /// True when an element holds the same UTF-8 bytes as `value`.
    public func containsSameBytes(as value: String) -> Bool {
        contains { $0.hasSameBytes(as: value) }
    }
}

/// A set of strings told apart by their UTF-8 bytes (see `String.hasSameBytes(as:)`).
public struct SameBytesSet: Sendable {
    private var members = Set<[UInt8]>()

    public init() {}

    /// How many distinct strings it holds.
    public var count: Int { members.count }

    /// Adds `value`; true when it was not there yet.
    @discardableResult
    public mutating func insert(_ value: String) -> Bool {
        members.insert(Array(value.utf8)).inserted
    }

    /// True when it holds `value`.
    public func contains(_ value: String) -> Bool {
        members.contains(Array(value.utf8))
    }

    /// Empties it.
    public mutating func removeAll() {
        members.removeAll()
    }
}
