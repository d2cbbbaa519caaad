import ThresherCore

/// Builds compact JSON text into one growing byte buffer. Copies of a writer share its buffer.
struct JSONWriter {
    /// The bytes, in memory this writer manages (appends are copies into it, without the checks of an Array).
    private final class Buffer {
        @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) var count = 0
        @exclusivity(unchecked) var capacity: Int

        init(capacity: Int) {
            self.capacity = max(64, capacity)
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        @inline(__always)
        func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            var grown = capacity * 2
            while grown < count + extra { grown *= 2 }
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.update(from: base, count: count)
            base.deallocate()
            base = moved
            capacity = grown
        }
    }

    private let buffer: Buffer

    init(capacity: Int) {
        buffer = Buffer(capacity: capacity)
    }

    /// The number of bytes written.
    var count: Int { buffer.count }

    /// A copy of the bytes written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)) }

    /// Bytes already written, valid until the next write to this writer.
    @inline(__always)
    func slice(_ range: Range<Int32>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer.base + Int(range.lowerBound), count: range.count)
    }

    mutating func removeAll() {
        buffer.count = 0
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        buffer.reserve(1)
        buffer.base[buffer.count] = value
        buffer.count += 1
    }

    /// Appends JSON text as it is.
    @inline(__always)
    mutating func append(_ json: UnsafeBufferPointer<UInt8>) {
        guard let source = json.baseAddress, !json.isEmpty else { return }
        buffer.reserve(json.count)
        (buffer.base + buffer.count).update(from: source, count: json.count)
        buffer.count += json.count
    }

    /// Appends `text` as a JSON string literal.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string($0) }
    }

    /// Appends UTF-8 `text` as a JSON string literal.
    mutating func string(_ text: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        contents(text)
        byte(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 `text` escaped for the inside of a JSON string literal.
    @inline(__always)
    mutating func contents(_ text: UnsafeBufferPointer<UInt8>) {
        var writer = self
        JSONEscaping.appendContents(text) { writer.append($0) }
    }
}
