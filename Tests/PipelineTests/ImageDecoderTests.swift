import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// Decoding the committed fixtures (Tests/Fixtures/images, made by make_fixtures.py) and damaged bytes.
@Suite struct ImageDecoderTests {
    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Fixtures.data("images/\(name)")) }

    @Test func sniffsFormatsFromTheBytes() throws {
        #expect(ImageFormat.sniff(try Self.bytes("base-q85.jpg")) == .jpeg)
        #expect(ImageFormat.sniff(try Self.bytes("base-palette.png")) == .png)
        #expect(ImageFormat.sniff(Array("GIF89a....".utf8)) == .gif)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat.sniff(Array("<!DOCTYPE html>".utf8)) == nil)
    }

    @Test func decodesJPEGScaledDownToAtLeast32Pixels() throws {
        // 256×192 decodes at 1/4 (64×48): 1/8 would give 32×24, under 32 on one side.
        let image = try ImageDecoder.decode(bytes: try Self.bytes("base-q85.jpg"))
        #expect(image.width == 64 && image.height == 48)
        let full = try ImageDecoder.decode(bytes: try Self.bytes("base-q85.jpg"), minimumSide: 1000)
        #expect(full.width == 256 && full.height == 192)
        let progressive = try ImageDecoder.decode(bytes: try Self.bytes("base-progressive.jpg"))
        #expect(progressive.width == 64 && progressive.height == 48)
    }

    @Test func decodesGrayAndCMYKJPEGsLikeTheColourOne() throws {
        let colour = try ImageDecoder.decode(bytes: try Self.bytes("base-q85.jpg"))
        for name in ["base-gray.jpg", "base-cmyk.jpg"] {
            let other = try ImageDecoder.decode(bytes: try Self.bytes(name))
            #expect(other.width == colour.width && other.height == colour.height)
            let meanDifference = zip(colour.pixels, other.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / colour.pixels.count
            #expect(meanDifference <= 3, "\(name): mean difference \(meanDifference)")
        }
    }

    @Test func decodesPaletteAnd16BitPNGsToTheSameGray() throws {
        let palette = try ImageDecoder.decode(bytes: try Self.bytes("base-palette.png"))
        let gray16 = try ImageDecoder.decode(bytes: try Self.bytes("base-gray16.png"))
        #expect(palette.width == 128 && palette.height == 96)
        #expect(gray16.width == 128 && gray16.height == 96)
        // The 16-bit file holds the 8-bit gray values × 257: read as sRGB they come back as they were, and the
        // 64-colour palette version stays close to them.
        let meanDifference = zip(palette.pixels, gray16.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / palette.pixels.count
        #expect(meanDifference <= 4)
    }

    @Test func compositesTransparentPixelsOnWhite() throws {
        let image = try ImageDecoder.decode(bytes: try Self.bytes("alpha.png"))
        // Columns 0–31: transparent black → white; 32–39: black at alpha 128 → (255·127 + 127) / 255 = 127.
        #expect(image[0, 0] == 255 && image[31, 95] == 255)
        #expect(image[32, 0] == 127 && image[39, 50] == 127)
    }

    @Test func grayOnWhiteIsLumaComposited() {
        let rgba: [UInt8] = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 0, 200, 200, 200, 128]
        let gray = rgba.withUnsafeBufferPointer { ImageDecoder.grayOnWhite(rgba: $0) }
        // 0.299·255 = 76.2, 0.587·255 = 149.7, 0.114·255 = 29.1; transparent → 255; 200 at 128/255 over white → 227.4.
        #expect(gray == [76, 150, 29, 255, 227])
    }

    @Test func damagedBytesBecomeReasons() throws {
        let jpeg = try Self.bytes("base-q85.jpg")
        let png = try Self.bytes("base-palette.png")
        func failure(_ bytes: [UInt8]) -> ImageError? {
            do throws(ImageError) {
                _ = try ImageDecoder.decode(bytes: bytes)
                return nil
            } catch { return error }
        }
        #expect(failure([]) == .empty)
        #expect(failure(Array("<!DOCTYPE html><html><head><title>Not found".utf8)) == .notAnImage(startsWith: "\"<!DOCTYPE html><html><he…\""))
        #expect(failure(Array("  {\"error\": 1}".utf8)) == .notAnImage(startsWith: "\"{\"error\": 1}\""))
        #expect(failure(Array("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8)) == .unsupportedFormat("GIF"))
        #expect(failure(Array(jpeg.prefix(jpeg.count / 2))) == .truncated(format: "JPEG"))
        #expect(failure(Array(jpeg.prefix(40))) == .truncated(format: "JPEG"))
        #expect(failure([0xFF, 0xD8, 0xFF]) == .truncated(format: "JPEG"))
        // A JPEG whose header is garbage after its start marker.
        if case .corrupt(let format, _)? = failure([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02, 0x99] + Array(repeating: 0x42, count: 200)) {
            #expect(format == "JPEG")
        } else {
            Issue.record("garbage JPEG header: not corrupt")
        }
        var scrambled = jpeg
        for index in stride(from: 700, to: scrambled.count - 2, by: 7) { scrambled[index] = 0xFF }
        _ = failure(scrambled)  // damaged entropy-coded data: decodes (libjpeg resynchronises) or fails, but returns
        #expect(failure(Array(png.prefix(png.count / 2))) != nil)
        if case .corrupt(let format, _)? = failure(Array(png.prefix(8)) + Array(repeating: 0x11, count: 64)) {
            #expect(format == "PNG")
        } else {
            Issue.record("garbage PNG: not corrupt")
        }
    }

    @Test func refusesImagesOverThePixelLimitBeforeDecoding() throws {
        #expect(throws: ImageError.tooManyPixels(format: "JPEG", width: 256, height: 192, limit: 10_000)) {
            try ImageDecoder.decode(bytes: try Self.bytes("base-q85.jpg"), maximumPixels: 10_000)
        }
        #expect(throws: ImageError.tooManyPixels(format: "PNG", width: 128, height: 96, limit: 10_000)) {
            try ImageDecoder.decode(bytes: try Self.bytes("base-palette.png"), maximumPixels: 10_000)
        }
    }

    @Test func everyPrefixOfAJPEGAndAPNGReturns() throws {
        // No prefix may crash or exit: each decodes or throws.
        for name in ["base-q85.jpg", "base-progressive.jpg", "base-palette.png", "alpha.png"] {
            let bytes = try Self.bytes(name)
            var failures = 0
            for length in stride(from: 0, to: bytes.count, by: 97) {
                do throws(ImageError) { _ = try ImageDecoder.decode(bytes: Array(bytes.prefix(length))) } catch { failures += 1 }
            }
            #expect(failures > 0, "\(name)")
        }
    }
}
