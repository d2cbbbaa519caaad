extension JSONDocument {
    /// Calls `body` with a view of the tape and the input bytes that reads without retain/release
    /// or bounds-checked array access; the view is valid only inside `body`.
    @inlinable public func withRawView<R>(_ body: (RawView) throws -> R) rethrows -> R {
        try tape.withUnsafeBufferPointer { t in
            try bytes.withUnsafeBufferPointer { b in try body(RawView(tape: t, bytes: b)) }
        }
    }

    /// Unchecked access to a document's values by tape position (`JSONNode.index`): for hot loops
    /// over many values. Positions must come from the same document.
    public struct RawView {
        @usableFromInline let tape: UnsafeBufferPointer<TapeEntry>
        /// The document's UTF-8 input.
        public let bytes: UnsafeBufferPointer<UInt8>

        @inlinable init(tape: UnsafeBufferPointer<TapeEntry>, bytes: UnsafeBufferPointer<UInt8>) {
            self.tape = tape; self.bytes = bytes
        }

        /// The kind of the value at position `i`.
        @inlinable @inline(__always) public func kind(_ i: Int) -> JSONKind {
            JSONKind(rawValue: tape[i].kind) ?? .null
        }

        /// The raw kind byte (`JSONKind.rawValue`) of the value at position `i`.
        @inlinable @inline(__always) public func kindByte(_ i: Int) -> UInt8 { tape[i].kind }

        /// The position following the value at `i` and everything inside it.
        @inlinable @inline(__always) public func next(_ i: Int) -> Int {
            let e = tape[i]
            return e.kind >= JSONKind.array.rawValue ? Int(e.b) : i + 1
        }

        /// For an array or object at `i`: the position just past its last element or member
        /// (its elements start at `i + 1`; an object's members are name, value pairs).
        @inlinable @inline(__always) public func containerEnd(_ i: Int) -> Int { Int(tape[i].b) }

        /// Number of elements (members) of the array (object) at `i`; 0 for scalars.
        @inlinable @inline(__always) public func count(_ i: Int) -> Int {
            let e = tape[i]
            return e.kind >= JSONKind.array.rawValue ? Int(e.a) : 0
        }

        /// True when the string or member name at `i` contains escapes.
        @inlinable @inline(__always) public func hasEscapes(_ i: Int) -> Bool { tape[i].flags & 1 != 0 }

        /// The bytes of the string or member name at `i` as written in the input (escapes not
        /// decoded; equal to its value when `hasEscapes(i)` is false).
        @inlinable @inline(__always) public func rawBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            let e = tape[i]
            return UnsafeBufferPointer(start: bytes.baseAddress! + Int(e.a), count: Int(e.b))
        }

        /// Whether the member name at `i` (escapes decoded) equals `name`.
        @inlinable public func nameEquals(_ i: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
            let e = tape[i]
            if e.flags & 1 == 0 {
                return Int(e.b) == name.count
                    && (name.count == 0 || memcmpEqual(bytes.baseAddress! + Int(e.a), name.baseAddress!, name.count))
            }
            return JSONDocument.unescape(bytes, from: Int(e.a), to: Int(e.a + e.b)).elementsEqual(name)
        }
    }
}

extension JSONDocument {
    /// Unescapes a validated JSON string body held in a buffer.
    @usableFromInline static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [UInt8] {
        unescape(Array(bytes[start..<end]), from: 0, to: end - start)
    }
}

extension JSONNode {
    /// The node at tape position `index` (a `RawView` position or another node's `index`).
    @inlinable public init(tapeIndex index: Int) { self.init(index) }
}
