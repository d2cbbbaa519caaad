/// Number spellings of the outputs.
public enum NumberFormatting {
    /// Swift's shortest round-trip spelling (`0.3888888888888889`, `1.0`).
    public static func shortest(_ x: Double) -> String { x.description }

    /// `decimals` digits after the point, rounded half-up on the shortest decimal digits of `x`,
    /// as Java's `String.format("%.6f", x)` does (`0.3888888888888889` → `0.388889`,
    /// `0.0078125` → `0.007813`).
    public static func fixed(_ x: Double, decimals: Int = 6) -> String {
        guard x.isFinite else { return x.description }
        var text = Array(Swift.abs(x).description.utf8)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
            text = Array(text[..<e])
        }
        var digits: [UInt8] = []
        var point = text.count
        for (k, c) in text.enumerated() {
            if c == UInt8(ascii: ".") { point = k } else { digits.append(c - UInt8(ascii: "0")) }
        }
        point += exponent
        if point < 0 { digits.insert(contentsOf: repeatElement(0, count: -point), at: 0); point = 0 }
        if point > digits.count { digits.append(contentsOf: repeatElement(0, count: point - digits.count)) }
        let keep = point + decimals
        if digits.count > keep {
            let roundUp = digits[keep] >= 5
            digits.removeSubrange(keep...)
            if roundUp {
                var k = keep - 1
                while k >= 0 {
                    if digits[k] == 9 { digits[k] = 0; k -= 1 } else { digits[k] += 1; break }
                }
                if k < 0 { digits.insert(1, at: 0); point += 1 }
            }
        } else {
            digits.append(contentsOf: repeatElement(0, count: keep - digits.count))
        }
        var out = x < 0 && digits.contains(where: { $0 != 0 }) ? "-" : ""
        out += point == 0 ? "0" : String(decoding: digits[..<point].map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        if decimals > 0 {
            out += "." + String(decoding: digits[point...].map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        }
        return out
    }
}
