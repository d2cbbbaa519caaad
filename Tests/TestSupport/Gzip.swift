/// A gzip writer for tests: stored (uncompressed) deflate blocks with a real CRC-32, which any gzip
/// reader (libcurl's zlib) decodes.
public enum Gzip {
    /// `bytes` as a gzip member.
    public static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let chunk = min(65535, bytes.count - offset)
            let final: UInt8 = offset + chunk >= bytes.count ? 1 : 0
            out.append(final)
            out.append(UInt8(chunk & 0xFF))
            out.append(UInt8(chunk >> 8))
            out.append(UInt8(~chunk & 0xFF))
            out.append(UInt8((~chunk >> 8) & 0xFF))
            out.append(contentsOf: bytes[offset..<(offset + chunk)])
            offset += chunk
        } while offset < bytes.count
        let crc = crc32(bytes)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
        let size = UInt32(truncatingIfNeeded: bytes.count)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((size >> UInt32(shift)) & 0xFF)) }
        return out
    }

    /// CRC-32 (IEEE 802.3), as gzip uses it.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
