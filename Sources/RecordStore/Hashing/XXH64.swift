/// xxHash64 (XXH64, seed 0): a fast, stable 64-bit hash, used for the content hash of stored metadata
/// (change detection per record; not a cryptographic digest).
public enum XXH64 {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The hash of `text`'s UTF-8 bytes as 16 lower-case hex digits.
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The hash of `bytes` as 16 lower-case hex digits.
    public static func hex(bytes: UnsafeRawBufferPointer) -> String {
        let value = hash(bytes)
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 { out[index] = digits[Int((value >> UInt64(60 - index * 4)) & 0xF)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hash of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var h: UInt64
        @inline(__always) func read64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        @inline(__always) func read32(_ at: Int) -> UInt64 { UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        @inline(__always) func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
            var acc = acc &+ input &* p2
            acc = (acc << 31) | (acc >> 33)
            return acc &* p1
        }
        @inline(__always) func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
            let acc = acc ^ round(0, value)
            return acc &* p1 &+ p4
        }
        if count >= 32 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            while offset + 32 <= count {
                v1 = round(v1, read64(offset))
                v2 = round(v2, read64(offset + 8))
                v3 = round(v3, read64(offset + 16))
                v4 = round(v4, read64(offset + 24))
                offset += 32
            }
            h = ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52)) &+ ((v4 << 18) | (v4 >> 46))
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ p5
        }
        h &+= UInt64(count)
        while offset + 8 <= count {
            h ^= round(0, read64(offset))
            h = ((h << 27) | (h >> 37)) &* p1 &+ p4
            offset += 8
        }
        if offset + 4 <= count {
            h ^= read32(offset) &* p1
            h = ((h << 23) | (h >> 41)) &* p2 &+ p3
            offset += 4
        }
        while offset < count {
            h ^= UInt64(bytes[offset]) &* p5
            h = ((h << 11) | (h >> 53)) &* p1
            offset += 1
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }
}
