/// OAI-PMH identifiers and setSpecs are compared as sent, byte for byte: `==` takes canonically equivalent strings
/// (an é composed and decomposed) as equal, which would merge two records or two sets.
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
