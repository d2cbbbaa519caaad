import COpenBLAS

/// The arithmetic of unit vectors: SIMD dot products (the cosine of two unit vectors), L2 normalisation, and the
/// stored form (little-endian Float32 bytes).
public enum VectorMath {
    /// The dot product of two vectors of `count` components: SIMD (four 8-lane accumulators) in optimised builds;
    /// OpenBLAS's `cblas_sdot` in debug builds, where generic SIMD code is orders of magnitude slower.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        #if DEBUG
        return cblas_sdot(Int32(count), a, 1, b, 1)
        #else
        return simdDot(a, b, count)
        #endif
    }

    /// The dot product of two vectors of `count` components, in SIMD.
    @inlinable @inline(__always)
    public static func simdDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i + 32 <= count {
            let o = i * 4
            s0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s1 += ra.loadUnaligned(fromByteOffset: o + 32, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: o + 32, as: SIMD8<Float>.self)
            s2 += ra.loadUnaligned(fromByteOffset: o + 64, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: o + 64, as: SIMD8<Float>.self)
            s3 += ra.loadUnaligned(fromByteOffset: o + 96, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: o + 96, as: SIMD8<Float>.self)
            i += 32
        }
        while i + 8 <= count {
            s0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `vector` scaled to unit length (unchanged when it is all zeros).
    public static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    /// The stored form of `vector`: its components as little-endian Float32.
    public static func bytes(_ vector: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: vector.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (index, value) in vector.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return out
    }

    /// The components of a stored vector.
    public static func floats(_ bytes: UnsafeRawBufferPointer) -> [Float] {
        [Float](unsafeUninitializedCapacity: bytes.count / 4) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            copy(bytes, to: base, count: bytes.count / 4)
            count = bytes.count / 4
        }
    }

    /// The components of a stored vector.
    public static func floats(_ bytes: [UInt8]) -> [Float] {
        bytes.withUnsafeBytes { floats($0) }
    }

    /// Copies the first `count` components of a stored vector to `target`.
    @inlinable
    public static func copy(_ bytes: UnsafeRawBufferPointer, to target: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count {
            target[index] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
        }
    }
}
