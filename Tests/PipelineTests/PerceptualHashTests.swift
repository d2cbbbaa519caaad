import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// pHash and dHash: exact values against Python's imagehash 4.3.2, and distances between variants of one picture.
@Suite struct PerceptualHashTests {
    /// The gray pattern make_fixtures.py hands imagehash: ((37x + 91y + 13xy) xor xy) mod 256.
    static func pattern(width: Int, height: Int) -> GrayImage {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { pixels.append(UInt8(((x * 37 + y * 91 + x * y * 13) ^ (x * y)) % 256)) }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    static func hashes(_ name: String) throws -> ImageHashes {
        PerceptualHash.hashes(gray: try ImageDecoder.decode(bytes: [UInt8](try Fixtures.data("images/\(name)"))))
    }

    @Test func matchesImagehashBitForBitWithoutResizing() {
        // imagehash.phash of the 32×32 pattern and imagehash.dhash of the 9×8 one (sizes at which neither side
        // resizes), printed by `make_fixtures.py --reference`.
        #expect(PerceptualHash.hex(PerceptualHash.phash(gray: Self.pattern(width: 32, height: 32))) == "c67461594e67392d")
        #expect(PerceptualHash.hex(PerceptualHash.dhash(gray: Self.pattern(width: 9, height: 8))) == "fdefbbedb66bb5aa")
    }

    @Test func dhashBitsByHand() {
        // Rows alternate: a rising ramp (every bit set) and a falling one (none); the first row is the top byte.
        var pixels: [UInt8] = []
        for y in 0..<8 {
            for x in 0..<9 { pixels.append(UInt8(y % 2 == 0 ? x * 20 : 200 - x * 20)) }
        }
        #expect(PerceptualHash.dhash(gray: GrayImage(width: 9, height: 8, pixels: pixels)) == 0xFF00_FF00_FF00_FF00)
    }

    @Test func flatImagesHashWithoutNoise() {
        let gray = GrayImage(width: 40, height: 30, pixels: Array(repeating: 128, count: 1200))
        let black = GrayImage(width: 40, height: 30, pixels: Array(repeating: 0, count: 1200))
        #expect(PerceptualHash.phash(gray: gray) == 0x8000_0000_0000_0000)
        #expect(PerceptualHash.phash(gray: black) == 0)
        #expect(PerceptualHash.dhash(gray: gray) == 0)
    }

    @Test func boxFilterAveragesAreas() {
        let image = GrayImage(width: 4, height: 2, pixels: [0, 100, 200, 255, 10, 20, 30, 40])
        #expect(image.resized(width: 2, height: 1).pixels == [33, 131])  // (0+100+10+20)/4 = 32.5, (200+255+30+40)/4 = 131.25
        #expect(image.resized(width: 4, height: 2) == image)
        // 3 → 2: each new pixel covers 1.5 source pixels.
        let row = GrayImage(width: 3, height: 1, pixels: [0, 90, 180])
        #expect(row.resized(width: 2, height: 1).pixels == [30, 150])  // (0 + 0.5·90)/1.5, (0.5·90 + 180)/1.5
    }

    @Test func variantsOfOnePictureStayWithinSixBits() throws {
        let base = try Self.hashes("base-q85.jpg")
        for name in ["base-q40.jpg", "base-half.jpg", "base-progressive.jpg", "base-gray.jpg", "base-cmyk.jpg",
                     "base-palette.png", "base-gray16.png"] {
            let variant = try Self.hashes(name)
            let p = PerceptualHash.hammingDistance(base.phash, variant.phash)
            let d = PerceptualHash.hammingDistance(base.dhash, variant.dhash)
            #expect(p <= 6 && d <= 6, "\(name): pHash \(p) bits, dHash \(d) bits apart")
        }
    }

    @Test func anotherPictureIsFarther() throws {
        let base = try Self.hashes("base-q85.jpg")
        let other = try Self.hashes("other-q85.jpg")
        #expect(PerceptualHash.hammingDistance(base.phash, other.phash) > 6)
        #expect(PerceptualHash.hammingDistance(base.dhash, other.dhash) > 6)
    }

    @Test func hammingDistanceAndHex() {
        #expect(PerceptualHash.hammingDistance(0, 0) == 0)
        #expect(PerceptualHash.hammingDistance(0, .max) == 64)
        #expect(PerceptualHash.hammingDistance(0b1011, 0b0110) == 3)
        #expect(PerceptualHash.hex(0x00ab) == "00000000000000ab")
    }
}
