/// UTF-8 text made from a payload (a converter's JSON, a payload's XML), kept as the bytes it was made in:
/// no String is built unless someone reads one.
public struct PayloadText: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The UTF-8 bytes.
    public var bytes: [UInt8]

    /// Text from UTF-8 bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Text from a String.
    public init(_ string: String) {
        bytes = Array(string.utf8)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self.init(String(stringInterpolation: stringInterpolation))
    }

    /// The text as a String.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { string }
}
