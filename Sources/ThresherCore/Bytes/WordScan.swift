/// Questions about all eight bytes of a 64-bit word at once, for scans that skip plain text eight bytes at a time.
public enum WordScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// True when a byte of `word` is below `bound` (`bound` at most 0x80).
    @inlinable @inline(__always)
    public static func hasByte(below bound: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highs != 0
    }

    /// True when a byte of `word` equals `value`.
    @inlinable @inline(__always)
    public static func hasByte(_ value: UInt8, in word: UInt64) -> Bool {
        let difference = word ^ (ones &* UInt64(value))
        return (difference &- ones) & ~difference & highs != 0
    }

    /// True when a byte of `word` is not ASCII.
    @inlinable @inline(__always)
    public static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highs != 0
    }
}
