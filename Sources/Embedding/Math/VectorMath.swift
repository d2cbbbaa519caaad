import Foundation

/// The element-wise steps of the encoder on contiguous rows of floats, written with SIMD8 so that the sums vectorize.
/// Debug builds take scalar loops instead (unspecialised SIMD generics at -Onone are some 50 times slower, which
/// would make the model tests slow); `exp8` and `erf8` are tested against the C library on their own.
enum VectorMath {
    /// `x[i] = LayerNorm(x[i] + residual[i]) * weight + bias` for each of `rows` rows of `width` (a multiple of 8).
    static func addLayerNorm(_ x: UnsafeMutablePointer<Float>, _ residual: UnsafePointer<Float>?, rows: Int, width: Int,
                             weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float) {
        #if DEBUG
        for row in 0..<rows {
            let v = x + row * width
            if let residual { for k in 0..<width { v[k] += residual[row * width + k] } }
            var sum: Float = 0
            for k in 0..<width { sum += v[k] }
            let mean = sum / Float(width)
            var squares: Float = 0
            for k in 0..<width { squares += (v[k] - mean) * (v[k] - mean) }
            let scale = 1 / (squares / Float(width) + epsilon).squareRoot()
            for k in 0..<width { v[k] = (v[k] - mean) * scale * weight[k] + bias[k] }
        }
        #else
        let lanes = width / 8
        let w = UnsafeRawPointer(weight), b = UnsafeRawPointer(bias)
        for row in 0..<rows {
            let base = UnsafeMutableRawPointer(x + row * width)
            let add = residual.map { UnsafeRawPointer($0 + row * width) }
            var sum = SIMD8<Float>.zero
            for lane in 0..<lanes {
                var v = base.loadUnaligned(fromByteOffset: lane * 32, as: SIMD8<Float>.self)
                if let add { v += add.loadUnaligned(fromByteOffset: lane * 32, as: SIMD8<Float>.self) }
                base.storeBytes(of: v, toByteOffset: lane * 32, as: SIMD8<Float>.self)
                sum += v
            }
            let mean = sum.sum() / Float(width)
            var squares = SIMD8<Float>.zero
            for lane in 0..<lanes {
                let d = base.loadUnaligned(fromByteOffset: lane * 32, as: SIMD8<Float>.self) - mean
                squares += d * d
            }
            let scale = 1 / (squares.sum() / Float(width) + epsilon).squareRoot()
            for lane in 0..<lanes {
                let v = base.loadUnaligned(fromByteOffset: lane * 32, as: SIMD8<Float>.self)
                let g = w.loadUnaligned(fromByteOffset: lane * 32, as: SIMD8<Float>.self)
                let o = b.loadUnaligned(fromByteOffset: lane * 32, as: SIMD8<Float>.self)
                base.storeBytes(of: (v - mean) * scale * g + o, toByteOffset: lane * 32, as: SIMD8<Float>.self)
            }
        }
        #endif
    }

    /// GELU with the exact error function, `x * (1 + erf(x / √2)) / 2`, in place over `count` floats.
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        #if !DEBUG
        while k + 8 <= count {
            let raw = UnsafeMutableRawPointer(x + k)
            let v = raw.loadUnaligned(as: SIMD8<Float>.self)
            raw.storeBytes(of: v * 0.5 * (1 + erf8(v * 0.70710678118654752)), as: SIMD8<Float>.self)
            k += 8
        }
        #endif
        while k < count {
            x[k] = x[k] * 0.5 * (1 + Foundation.erf(x[k] * 0.70710678118654752))
            k += 1
        }
    }

    /// In-place softmax of each of `rows` rows of `width` floats.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let p = x + row * width
            var top = -Float.infinity
            for k in 0..<width { top = max(top, p[k]) }
            var sum: Float = 0
            var k = 0
            #if !DEBUG
            while k + 8 <= width {
                let raw = UnsafeMutableRawPointer(p + k)
                let e = exp8(raw.loadUnaligned(as: SIMD8<Float>.self) - top)
                raw.storeBytes(of: e, as: SIMD8<Float>.self)
                sum += e.sum()
                k += 8
            }
            #endif
            while k < width {
                p[k] = Foundation.exp(p[k] - top)
                sum += p[k]
                k += 1
            }
            let scale = 1 / sum
            for k in 0..<width { p[k] *= scale }
        }
    }

    /// e^x for 8 floats (Cephes' expf: range reduction by ln 2 and a degree-5 polynomial; relative error ~1e-7).
    /// Rounding and the float-to-integer step use the 1.5 × 2²³ trick: the generic SIMD conversions are element by
    /// element and cost more than the polynomial.
    @inline(__always)
    static func exp8(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let x = input.replacing(with: -87.3, where: input .< -87.3).replacing(with: 88.3, where: input .> 88.3)
        let magic: Float = 12_582_912  // 1.5 × 2²³: adding it leaves round(v) in the low mantissa bits
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic
        let r = x - n * 0.693359375 + n * 2.12194440e-4
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r * r + r + 1
        let bits = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    /// erf(x) for 8 floats: Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7) with the sign restored.
    @inline(__always)
    static func erf8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let a = x.replacing(with: -x, where: x .< 0)
        let t = 1 / (1 + 0.3275911 * a)
        var p = SIMD8<Float>(repeating: 1.061405429)
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let y = 1 - p * t * exp8(-a * a)
        return y.replacing(with: -y, where: x .< 0)
    }
}
