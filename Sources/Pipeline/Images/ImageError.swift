/// Why bytes could not be decoded into an image. Every case is a property of the bytes, so the same bytes always
/// fail the same way (a thumbnail that fails to decode is not fetched again).
public enum ImageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// The bytes are no image: text, HTML, XML or JSON (an error page served with status 200), or unknown bytes.
    case notAnImage(startsWith: String)
    /// An image in a format Thresher does not decode (GIF, TIFF, BMP, JPEG 2000, HEIF, WebP, SVG, …).
    case unsupportedFormat(String)
    /// The image's data is damaged: the decoder's own message.
    case corrupt(format: String, detail: String)
    /// The data ends before the image does.
    case truncated(format: String)
    /// The image declares more pixels than a thumbnail may have (a decompression bomb, or a full-size scan).
    case tooManyPixels(format: String, width: Int, height: Int, limit: Int)
    /// The image declares no pixels (zero width or height).
    case noPixels(format: String)
    /// Memory for the decoded pixels could not be had.
    case outOfMemory(format: String)

    public var description: String {
        switch self {
        case .empty: return "empty body"
        case .notAnImage(let start): return "not an image (starts with \(start))"
        case .unsupportedFormat(let format): return "unsupported image format \(format)"
        case .corrupt(let format, let detail): return "corrupt \(format): \(detail)"
        case .truncated(let format): return "truncated \(format)"
        case .tooManyPixels(let format, let width, let height, let limit):
            return "\(format) of \(width)x\(height) pixels is over the limit of \(limit) pixels"
        case .noPixels(let format): return "\(format) without pixels"
        case .outOfMemory(let format): return "out of memory decoding \(format)"
        }
    }
}
