import CImageShim

/// Decodes thumbnails to 8-bit grayscale: JPEG through libjpeg-turbo (scaled down while decoding when the image is
/// large), PNG through libpng (palette, gray, 16-bit and alpha images; transparent pixels composited on white).
/// The format is sniffed from the bytes. Damaged, truncated or hostile data throws; it never stops the process.
public enum ImageDecoder {
    /// The most pixels an image may declare (40 megapixels, e.g. 8000×5000): a larger one is refused before its
    /// pixels are decoded.
    public static let defaultMaximumPixels = 40_000_000

    /// The gray image in `bytes`. A JPEG comes back scaled by 1/2, 1/4 or 1/8 (libjpeg's DCT scaling) as long as
    /// both sides stay at least `minimumSide` pixels, enough for the perceptual hashes' 32×32; a PNG at its size.
    public static func decode(bytes: [UInt8], minimumSide: Int = 32,
                              maximumPixels: Int = defaultMaximumPixels) throws(ImageError) -> GrayImage {
        guard !bytes.isEmpty else { throw .empty }
        guard let format = ImageFormat.sniff(bytes) else { throw .notAnImage(startsWith: ImageFormat.preview(bytes)) }
        guard format.isDecodable else { throw .unsupportedFormat(format.rawValue) }
        var image = thresher_image()
        let status = bytes.withUnsafeBufferPointer { buffer in
            switch format {
            case .jpeg:
                thresher_decode_jpeg(buffer.baseAddress, buffer.count, Int32(clamping: minimumSide), Int64(maximumPixels), &image)
            default:
                thresher_decode_png(buffer.baseAddress, buffer.count, Int64(maximumPixels), &image)
            }
        }
        defer { thresher_image_free(&image) }
        let name = format.rawValue
        switch status {
        case THRESHER_IMAGE_OK:
            break
        case THRESHER_IMAGE_TRUNCATED:
            throw .truncated(format: name)
        case THRESHER_IMAGE_TOO_LARGE:
            throw .tooManyPixels(format: name, width: Int(image.source_width), height: Int(image.source_height), limit: maximumPixels)
        case THRESHER_IMAGE_NO_MEMORY:
            throw .outOfMemory(format: name)
        default:
            throw .corrupt(format: name, detail: message(of: &image))
        }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, let pixels = image.pixels else { throw .noPixels(format: name) }
        let count = width * height
        if image.channels == 1 {
            return GrayImage(width: width, height: height, pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
        }
        return GrayImage(width: width, height: height, pixels: grayOnWhite(rgba: UnsafeBufferPointer(start: pixels, count: count * 4)))
    }

    /// Gray values of straight-alpha RGBA pixels composited on white: luma by ITU-R 601 (0.299 R + 0.587 G +
    /// 0.114 B, as a JPEG's Y channel and PIL's `convert("L")`), then `(luma·α + 255·(255 − α)) / 255`, rounded.
    static func grayOnWhite(rgba: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let count = rgba.count / 4
        return [UInt8](unsafeUninitializedCapacity: count) { gray, initialized in
            for index in 0..<count {
                let r = Int(rgba[4 * index]), g = Int(rgba[4 * index + 1]), b = Int(rgba[4 * index + 2])
                let alpha = Int(rgba[4 * index + 3])
                let luma = r * 299 + g * 587 + b * 114  // 0 ... 255,000
                let composited = luma * alpha + 255_000 * (255 - alpha)  // 0 ... 255,000 · 255
                gray[index] = UInt8((composited + 127_500) / 255_000)
            }
            initialized = count
        }
    }

    private static func message(of image: inout thresher_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.isEmpty ? "unreadable" : text
        }
    }
}
