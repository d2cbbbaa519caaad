/// An 8-bit grayscale image: rows top to bottom, `width` bytes each, 0 black and 255 white.
public struct GrayImage: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width × height` values, row after row.
    public let pixels: [UInt8]

    /// An image of `pixels` (exactly `width × height` of them, row after row).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "GrayImage: \(pixels.count) pixels for \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel in column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// The image resampled to `width × height` with a box filter: every new pixel is the area-weighted mean of the
    /// source pixels it covers (fractions of pixels at its edges counted by their share), rounded to the nearest
    /// integer. The same size gives the image back unchanged.
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        precondition(newWidth > 0 && newHeight > 0, "GrayImage.resized: empty target")
        if newWidth == width && newHeight == height { return self }
        let columns = Self.boxWeights(from: width, to: newWidth)
        let rows = Self.boxWeights(from: height, to: newHeight)
        // Horizontal pass: height × newWidth sums in Double, then vertical: newHeight × newWidth.
        var horizontal = [Double](repeating: 0, count: height * newWidth)
        for y in 0..<height {
            let source = y * width
            for (x, taps) in columns.enumerated() {
                var sum = 0.0
                for tap in taps { sum += tap.weight * Double(pixels[source + tap.index]) }
                horizontal[y * newWidth + x] = sum
            }
        }
        var result = [UInt8](repeating: 0, count: newWidth * newHeight)
        for (y, taps) in rows.enumerated() {
            for x in 0..<newWidth {
                var sum = 0.0
                for tap in taps { sum += tap.weight * horizontal[tap.index * newWidth + x] }
                result[y * newWidth + x] = UInt8(min(255, max(0, sum.rounded())))
            }
        }
        return GrayImage(width: newWidth, height: newHeight, pixels: result)
    }

    /// For each of `target` cells along an axis of `source` pixels, the source pixels it covers and their weights
    /// (summing to 1).
    static func boxWeights(from source: Int, to target: Int) -> [[(index: Int, weight: Double)]] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { cell in
            let start = Double(cell) * scale
            let end = Double(cell + 1) * scale
            var taps: [(index: Int, weight: Double)] = []
            var index = Int(start.rounded(.down))
            while Double(index) < end && index < source {
                let covered = min(end, Double(index + 1)) - max(start, Double(index))
                if covered > 0 { taps.append((index, covered / scale)) }
                index += 1
            }
            return taps
        }
    }
}
