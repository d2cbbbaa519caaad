extension JSONDocument {
    /// The elements of an array as a sequence that does not allocate (empty for other kinds).
    @inlinable public func elementSequence(_ node: JSONNode) -> ElementSequence {
        let e = tape[Int(node.index)]
        guard e.kind == JSONKind.array.rawValue else { return ElementSequence(document: self, start: 0, end: 0) }
        return ElementSequence(document: self, start: Int(node.index) + 1, end: Int(e.b))
    }

    /// The elements of one array, in order.
    public struct ElementSequence: Sequence, IteratorProtocol {
        @usableFromInline let document: JSONDocument
        @usableFromInline var i: Int
        @usableFromInline let end: Int

        @inlinable init(document: JSONDocument, start: Int, end: Int) {
            self.document = document; self.i = start; self.end = end
        }

        @inlinable public mutating func next() -> JSONNode? {
            guard i < end else { return nil }
            let node = JSONNode(i)
            i = document.next(i)
            return node
        }
    }

    /// True when a string value contains escapes (its bytes in the input differ from its value).
    @inlinable public func stringHasEscapes(_ node: JSONNode) -> Bool {
        let e = tape[Int(node.index)]
        return e.kind == JSONKind.string.rawValue && e.flags & 1 != 0
    }

    /// Calls `body` with the UTF-8 bytes of a string value, unescaped; nil for other kinds.
    /// Without escapes the bytes are the input's own (no copy).
    @inlinable public func withStringBytes<R>(_ node: JSONNode, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let e = tape[Int(node.index)]
        guard e.kind == JSONKind.string.rawValue else { return nil }
        if e.flags & 1 == 0 {
            return try bytes.withUnsafeBufferPointer {
                try body(UnsafeBufferPointer(rebasing: $0[Int(e.a)..<Int(e.a + e.b)]))
            }
        }
        return try unescapedBytes(at: Int(node.index)).withUnsafeBufferPointer { try body($0) }
    }

    /// Calls `body` with the bytes of a string value as written in the input, escapes included
    /// (no copy); nil for other kinds.
    @inlinable public func withRawStringBytes<R>(_ node: JSONNode, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let e = tape[Int(node.index)]
        guard e.kind == JSONKind.string.rawValue else { return nil }
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[Int(e.a)..<Int(e.a + e.b)])) }
    }

    /// The unescaped UTF-8 bytes of a string value; nil for other kinds.
    public func stringBytes(_ node: JSONNode) -> [UInt8]? {
        withStringBytes(node) { Array($0) }
    }

    /// The value of the first member of an object whose name is `name` (UTF-8 bytes), or nil.
    @inlinable public func member(_ node: JSONNode, utf8 name: UnsafeBufferPointer<UInt8>) -> JSONNode? {
        memberIndex(Int(node.index), name: name).map { JSONNode($0) }
    }

    /// The value of the first member of an object whose name is `name` (UTF-8 bytes), or nil.
    @inlinable public func member(_ node: JSONNode, utf8 name: [UInt8]) -> JSONNode? {
        name.withUnsafeBufferPointer { memberIndex(Int(node.index), name: $0) }.map { JSONNode($0) }
    }
}
