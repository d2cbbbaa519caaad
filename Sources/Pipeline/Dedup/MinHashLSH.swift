import Foundation
import RecordStore
import ThresherCore

/// MinHash signatures and their LSH band keys for a Jaccard threshold: `bands` bands of `rows` values each
/// (`bands × rows` seeded permutations). Two texts of Jaccard similarity s share at least one band key with
/// probability 1 − (1 − s^rows)^bands (the S-curve, docs/DEDUP.md).
public struct MinHashLSH: Sendable, Equatable {
    /// The Jaccard threshold the bands were chosen for.
    public let threshold: Double
    /// Bands, and values per band.
    public let bands: Int
    public let rows: Int
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    /// The largest number of permutations and of bands considered.
    public static let maximumPermutations = 128
    public static let maximumBands = 32
    /// The least probability that a pair at the threshold becomes a candidate.
    public static let recallAtThreshold = 0.995
    /// The permutations' seed (fixed: stored band keys stay comparable from run to run).
    public static let seed: UInt64 = 0x7468_7265_7368_6572

    /// The bands chosen for `threshold` (in (0, 1]): among bands × rows ≤ 128 and bands ≤ 32 whose S-curve gives a
    /// pair at the threshold at least a 0.995 chance, the one with the least area under the curve below the
    /// threshold (the fewest false candidates). 0.8 gives 18 bands of 6 rows.
    public init(threshold: Double) {
        var best: (area: Double, bands: Int, rows: Int) = (.infinity, Self.maximumBands, 1)
        for rows in 1...Self.maximumPermutations {
            for bands in 1...Self.maximumBands where bands * rows <= Self.maximumPermutations {
                guard Self.probability(threshold, bands: bands, rows: rows) >= Self.recallAtThreshold else { continue }
                var area = 0.0
                for step in 0..<200 { area += Self.probability(threshold * (Double(step) + 0.5) / 200, bands: bands, rows: rows) }
                area *= threshold / 200
                if area < best.area - 1e-12 { best = (area, bands, rows) }
            }
        }
        self.init(threshold: threshold, bands: best.bands, rows: best.rows)
    }

    /// `bands` bands of `rows` rows, whatever the threshold.
    public init(threshold: Double, bands: Int, rows: Int) {
        self.threshold = threshold
        self.bands = max(1, bands)
        self.rows = max(1, rows)
        var random = SplitMix64(seed: Self.seed)
        let count = self.bands * self.rows
        multipliers = (0..<count).map { _ in random.nextUInt64() | 1 }
        increments = (0..<count).map { _ in random.nextUInt64() }
    }

    /// The chance that a pair of Jaccard similarity `s` shares a band key.
    public static func probability(_ s: Double, bands: Int, rows: Int) -> Double {
        1 - pow(1 - pow(s, Double(rows)), Double(bands))
    }

    /// Permutations in a signature.
    public var permutations: Int { bands * rows }

    /// What the stored band keys depend on (a run with other bands computes every record's again).
    public var parameters: String { "k=\(WordShingles.size) bands=\(bands) rows=\(rows)" }

    /// The MinHash signature of a shingle set: for each permutation x ↦ (a·x + c) mod 2⁶⁴ (a odd), the high 32 bits of
    /// the least image.
    public func signature(_ shingles: [UInt64]) -> [UInt32] {
        var signature = [UInt32](repeating: .max, count: permutations)
        multipliers.withUnsafeBufferPointer { a in
            increments.withUnsafeBufferPointer { c in
                signature.withUnsafeMutableBufferPointer { out in
                    for x in shingles {
                        for i in 0..<out.count {
                            let h = UInt32(truncatingIfNeeded: (a[i] &* x &+ c[i]) >> 32)
                            out[i] = min(out[i], h)
                        }
                    }
                }
            }
        }
        return signature
    }

    /// The band keys of a shingle set (`bands` × 4 bytes, little-endian): band j's key is XXH64 (seed j) of its rows.
    public func bandKeys(_ shingles: [UInt64]) -> [UInt8] {
        let signature = signature(shingles)
        var out = [UInt8](repeating: 0, count: bands * 4)
        signature.withUnsafeBytes { raw in
            for band in 0..<bands {
                let slice = UnsafeRawBufferPointer(rebasing: raw[(band * rows * 4)..<((band + 1) * rows * 4)])
                let key = UInt32(truncatingIfNeeded: XXH64.hash(slice, seed: UInt64(band)))
                for byte in 0..<4 { out[band * 4 + byte] = UInt8(truncatingIfNeeded: key >> (8 * UInt32(byte))) }
            }
        }
        return out
    }
}
