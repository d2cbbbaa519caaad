import Foundation

/// The two 64-bit perceptual hashes of a gray image, defined as Python's `imagehash` (hash_size 8) defines them,
/// so that both give the same bits for the same 32×32 (pHash) or 9×8 (dHash) gray input. Bit order: the 8×8 bits
/// row by row, the first (row 0, column 0) the most significant, as `imagehash`'s hex strings print them:
/// `String(hash, radix: 16)` zero-padded to 16 digits equals `str(imagehash.phash(image))`.
public enum PerceptualHash {
    /// The DCT hash. The image is resized to 32×32 (box filter, `GrayImage.resized`), transformed by a 2-D DCT-II
    /// (rows, then columns), and the top-left 8×8 coefficients (the lowest frequencies, the DC term included) are
    /// compared with their median (the mean of the 32nd and 33rd of the 64): bit set when a coefficient is above
    /// it. The DC term is the largest for any image that is not black, so its bit (the most significant) is
    /// nearly always 1: 63 bits carry information, the price of `imagehash`'s definition. A coefficient within
    /// 10⁻⁹ of the DC term's size of the median counts as equal (not above), so a flat image hashes to
    /// 0x8000000000000000 instead of rounding noise.
    public static func phash(gray: GrayImage) -> UInt64 {
        let side = 32, low = 8
        let small = gray.resized(width: side, height: side)
        let basis = cosineBasis
        // Rows first: for every row y, its 8 lowest horizontal frequencies.
        var rows = [Double](repeating: 0, count: side * low)
        for y in 0..<side {
            for v in 0..<low {
                var sum = 0.0
                for x in 0..<side { sum += Double(small.pixels[y * side + x]) * basis[v * side + x] }
                rows[y * low + v] = sum
            }
        }
        // Then columns: coefficient (u, v) = Σ_y rows[y][v] · cos(π u (2y + 1) / 64).
        var coefficients = [Double](repeating: 0, count: low * low)
        for u in 0..<low {
            for v in 0..<low {
                var sum = 0.0
                for y in 0..<side { sum += rows[y * low + v] * basis[u * side + y] }
                coefficients[u * low + v] = sum
            }
        }
        let sorted = coefficients.sorted()
        let median = (sorted[31] + sorted[32]) / 2
        let tolerance = 1e-9 * (abs(coefficients[0]) + 1)
        return bits(coefficients.map { $0 - median > tolerance })
    }

    /// The difference hash. The image is resized to 9×8 (box filter); in each of the 8 rows, bit `c` is set when
    /// the pixel in column `c + 1` is brighter than the one in column `c` (left to right: 8 bits a row).
    public static func dhash(gray: GrayImage) -> UInt64 {
        let small = gray.resized(width: 9, height: 8)
        var brighter: [Bool] = []
        brighter.reserveCapacity(64)
        for y in 0..<8 {
            for x in 0..<8 { brighter.append(small[x + 1, y] > small[x, y]) }
        }
        return bits(brighter)
    }

    /// Both hashes of `gray`.
    public static func hashes(gray: GrayImage) -> ImageHashes {
        ImageHashes(phash: phash(gray: gray), dhash: dhash(gray: gray))
    }

    /// The number of bits in which two hashes differ (0 ... 64).
    public static func hammingDistance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// A hash as 16 lower-case hexadecimal digits (`imagehash`'s `str`).
    public static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// 64 flags as bits, the first the most significant.
    private static func bits(_ flags: [Bool]) -> UInt64 {
        var value: UInt64 = 0
        for flag in flags { value = value << 1 | (flag ? 1 : 0) }
        return value
    }

    /// cos(π k (2n + 1) / 64) for k in 0..<8, n in 0..<32: the DCT-II basis (unnormalised: scaling every
    /// coefficient alike changes no comparison with their median).
    private static let cosineBasis: [Double] = (0..<8).flatMap { k in
        (0..<32).map { n in cos(Double.pi * Double(k) * Double(2 * n + 1) / 64) }
    }
}
