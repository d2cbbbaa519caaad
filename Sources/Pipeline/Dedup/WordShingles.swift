import RecordStore

/// The word shingles of a normalised text as a set of 64-bit hashes: every run of `size` consecutive words (XXH64 of
/// the words joined by one space, as they stand in the normalised text); a text of fewer words is one shingle, itself.
public enum WordShingles {
    /// Words per shingle.
    public static let size = 3

    /// The shingles of `normalized` (`KeyNormalizer`'s output), sorted, without repeats; empty for an empty text.
    public static func hashes(_ normalized: [UInt8], size: Int = WordShingles.size) -> [UInt64] {
        guard !normalized.isEmpty else { return [] }
        var starts: [Int] = [0]
        for (index, byte) in normalized.enumerated() where byte == 0x20 { starts.append(index + 1) }
        let words = starts.count
        var out: [UInt64] = []
        normalized.withUnsafeBytes { raw in
            if words < size {
                out.append(XXH64.hash(raw))
                return
            }
            out.reserveCapacity(words - size + 1)
            for first in 0...(words - size) {
                let start = starts[first]
                let end = first + size < words ? starts[first + size] - 1 : normalized.count
                out.append(XXH64.hash(UnsafeRawBufferPointer(rebasing: raw[start..<end])))
            }
        }
        out.sort()
        var unique = 0
        for value in out where unique == 0 || out[unique - 1] != value {
            out[unique] = value
            unique += 1
        }
        out.removeLast(out.count - unique)
        return out
    }

    /// The Jaccard similarity of two sorted shingle sets (0 when both are empty).
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }
}
