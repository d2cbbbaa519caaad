/// An image format, recognised by its first bytes (never by a URL's extension or a Content-Type, which lie).
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg = "JPEG"
    case png = "PNG"
    case gif = "GIF"
    case webp = "WebP"
    case tiff = "TIFF"
    case bmp = "BMP"
    case jpeg2000 = "JPEG 2000"
    case heif = "HEIF/AVIF"
    case pdf = "PDF"

    /// True for the formats `ImageDecoder` decodes.
    public var isDecodable: Bool { self == .jpeg || self == .png }

    /// The format whose signature `bytes` begin with, or nil.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<(offset + signature.count)]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("BM".utf8)) && bytes.count >= 26 { return .bmp }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) { return .jpeg2000 }
        if starts(Array("ftyp".utf8), at: 4) { return .heif }
        if starts(Array("%PDF".utf8)) { return .pdf }
        return nil
    }

    /// The first bytes of something that is no image, quoted and shortened for a failure reason: printable ASCII
    /// kept, anything else shown as `.` (`"<!DOCTYPE html><html><he…"`).
    static func preview(_ bytes: [UInt8], length: Int = 24) -> String {
        var start = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let shown = bytes[start...].prefix(length).map { byte -> Character in
            (0x20..<0x7F).contains(byte) ? Character(Unicode.Scalar(byte)) : "."
        }
        return "\"" + String(shown) + (bytes.count - start > length ? "…" : "") + "\""
    }
}
