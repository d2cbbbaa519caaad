import Foundation
import ThresherCore

/// Fixed number formatting for SVG output: at most `decimals` decimals, trailing zeros dropped, never "-0",
/// never NaN or infinity (non-finite values are written as 0), so the same input gives the same bytes.
enum SVGNumber {
    static func format(_ value: Double, decimals: Int = 2, trimZeros: Bool = true) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(value, decimals: decimals, trimZeros: trimZeros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends what `format` returns for the same arguments to `bytes` (a plot writes thousands of numbers: no
    /// strings on the way).
    static func write(_ value: Double, decimals: Int = 2, trimZeros: Bool = true, to bytes: inout [UInt8]) {
        guard value.isFinite else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        let decimals = max(0, min(6, decimals))
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 9e15 else {
            // Too large for fixed decimals: the whole number (as Swift writes it beyond 64 bits).
            let whole = value.rounded()
            if abs(whole) < 9e18, let integer = Int64(exactly: whole) {
                writeDigits(integer.magnitude, to: &bytes, negative: integer < 0)
            } else {
                bytes.append(contentsOf: whole.description.utf8)
            }
            return
        }
        let units = Int64(scaled)
        let whole = units / scale
        var fraction = units % scale
        var digits = decimals
        while trimZeros, digits > 0, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        writeDigits(UInt64(whole), to: &bytes, negative: value < 0 && units != 0)
        guard digits > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        writeDigits(UInt64(fraction), padded: digits, to: &bytes)
    }

    /// Appends the last `count` decimal digits of `value`, zeros first where it has fewer (a fraction's digits).
    static func writeDigits(_ value: UInt64, padded count: Int, to bytes: inout [UInt8]) {
        var divisor: UInt64 = 1
        for _ in 1..<Swift.max(1, count) { divisor *= 10 }
        while count > 0, divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (value / divisor) % 10))
            divisor /= 10
        }
    }

    /// Appends the decimal digits of `value` (a minus first when `negative`).
    static func writeDigits(_ value: UInt64, to bytes: inout [UInt8], negative: Bool = false) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (value / divisor) % 10))
            divisor /= 10
        }
    }

/// An integer with thin grouping by commas: 1,234,567.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }
}

/// Axis ticks at "nice" values (1, 2 or 5 × 10ᵏ apart; Heckbert, Graphics Gems, 1990) and their labels.
struct NiceTicks {
    var values: [Double]
    var step: Double
    var lower: Double
    var upper: Double

    /// Ticks covering [lower, upper] (widened to whole steps when `extend`, else only ticks inside).
    init(lower: Double, upper: Double, count: Int = 6, extend: Bool = true) {
        var low = lower.isFinite ? lower : 0
        var high = upper.isFinite ? upper : 1
        if high < low { swap(&low, &high) }
        if high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let range = NiceTicks.nice(high - low, round: false)
        let step = NiceTicks.nice(range / Double(max(1, count - 1)), round: true)
        let first = extend ? (low / step).rounded(.down) : (low / step - 1e-9).rounded(.up)
        let last = extend ? (high / step).rounded(.up) : (high / step + 1e-9).rounded(.down)
        var values: [Double] = []
        var k = first
        while k <= last, values.count < 50 {
            values.append(k * step)
            k += 1
        }
        self.values = values
        self.step = step
        self.lower = extend ? first * step : low
        self.upper = extend ? last * step : high
    }

    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = (log10(x)).rounded(.down)
        let fraction = x / pow10(exponent)
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * pow10(exponent)
    }

    static func pow10(_ exponent: Double) -> Double {
        var result = 1.0
        let n = Int(abs(exponent))
        for _ in 0..<n { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// A tick label: as many decimals as the step needs; thousands as k and millions as M when the step allows.
    func label(_ value: Double) -> String {
        if step >= 1_000_000, abs(value) >= 1_000_000 { return SVGNumber.format(value / 1_000_000, decimals: 3) + "M" }
        if step >= 1000, abs(value) >= 1000 { return SVGNumber.format(value / 1000, decimals: 3) + "k" }
        let decimals = step >= 1 ? 0 : Int((-log10(step) - 1e-9).rounded(.up))
        return SVGNumber.format(value, decimals: decimals)
    }
}

/// A linear map from a data domain to pixels (a degenerate domain maps to the middle of the range).
struct LinearScale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0, span.isFinite, value.isFinite else { return (range.0 + range.1) / 2 }
        return range.0 + (value - domain.0) / span * (range.1 - range.0)
    }
}

/// The palette: Okabe & Ito's colour-blind-safe colours, dark grey text on white (contrast ≥ 4.5:1 for text,
/// ≥ 3:1 for marks).
enum Palette {
    static let blue = "#0072B2"
    static let vermillion = "#D55E00"
    static let orange = "#E69F00"
    static let text = "#1A1A1A"
    static let mutedText = "#595959"
    static let axis = "#4D4D4D"
    static let grid = "#E0E0E0"
    static let band = "#F4F6F8"
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
}

/// Writes one standalone SVG 1.1 document: a title, an accessible label, a viewBox with width and height, and
/// elements whose every text goes through `XMLEscaping`.
struct SVGCanvas {
    let width: Double
    let height: Double
    /// The elements so far, as UTF-8 (a QQ plot has 500 points: appended as bytes, no strings between).
    private var body: [UInt8] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
        body.reserveCapacity(4096)
    }

    static func n(_ value: Double) -> String { SVGNumber.format(value) }

    mutating func raw(_ text: String) {
        append(text)
        body.append(UInt8(ascii: "\n"))
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, extra: String = "",
                       tooltip: String? = nil) {
        append("<rect x=\""); number(x)
        append("\" y=\""); number(y)
        append("\" width=\""); number(max(0, width))
        append("\" height=\""); number(max(0, height))
        append("\" fill=\""); append(fill)
        append("\""); append(extra)
        if let tooltip {
            append("><title>"); append(XMLEscaping.escaped(tooltip)); append("</title></rect>\n")
        } else {
            append("/>\n")
        }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       extra: String = "") {
        append("<line x1=\""); number(x1)
        append("\" y1=\""); number(y1)
        append("\" x2=\""); number(x2)
        append("\" y2=\""); number(y2)
        append("\" stroke=\""); append(stroke)
        append("\" stroke-width=\""); number(width)
        append("\""); append(extra); append("/>\n")
    }

    /// A circle of class `className` and radius `radius` at (x, y), its fill from the group around it
    /// (`raw("<g …>")`).
    mutating func point(x: Double, y: Double, radius: Double, className: String) {
        append("<circle class=\""); append(className)
        append("\" cx=\""); number(x)
        append("\" cy=\""); number(y)
        append("\" r=\""); number(radius)
        append("\"/>\n")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, extra: String = "") {
        append("<circle cx=\""); number(x)
        append("\" cy=\""); number(y)
        append("\" r=\""); number(radius)
        append("\" fill=\""); append(fill)
        append("\""); append(extra); append("/>\n")
    }

    /// Text at (x, y); `anchor` start, middle or end; `rotate` in degrees about (x, y).
    mutating func text(_ string: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
                       weight: String? = nil, fill: String = Palette.text, rotate: Double? = nil, tooltip: String? = nil) {
        textStart(x: x, y: y, size: size, fill: fill, anchor: anchor)
        if let weight { append(" font-weight=\""); append(weight); append("\"") }
        if let rotate {
            append(" transform=\"rotate("); number(rotate)
            append(" "); number(x)
            append(" "); number(y)
            append(")\"")
        }
        append(">")
        if let tooltip { append("<title>"); append(XMLEscaping.escaped(tooltip)); append("</title>") }
        append(XMLEscaping.escaped(string))
        append("</text>\n")
    }

    /// Text in two runs: `muted` in the muted colour, then `main` (e.g. a field's path and its name).
    mutating func text(muted: String, main: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
                       tooltip: String? = nil) {
        textStart(x: x, y: y, size: size, fill: Palette.text, anchor: anchor)
        append(">")
        if let tooltip { append("<title>"); append(XMLEscaping.escaped(tooltip)); append("</title>") }
        if !muted.isEmpty {
            append("<tspan fill=\""); append(Palette.mutedText); append("\">")
            append(XMLEscaping.escaped(muted)); append("</tspan>")
        }
        append("<tspan>"); append(XMLEscaping.escaped(main)); append("</tspan></text>\n")
    }

    /// `<text x=… y=… font-size=… fill=…` and the anchor when it is not `start`.
    private mutating func textStart(x: Double, y: Double, size: Double, fill: String, anchor: String) {
        append("<text x=\""); number(x)
        append("\" y=\""); number(y)
        append("\" font-size=\""); number(size)
        append("\" fill=\""); append(fill); append("\"")
        if anchor != "start" { append(" text-anchor=\""); append(anchor); append("\"") }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { body.append(contentsOf: $0) }
    }

    private mutating func number(_ value: Double) {
        SVGNumber.write(value, to: &body)
    }

    /// The whole document: `title` as its `<title>`, `label` as its `aria-label`.
    func document(title: String, label: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Self.n(width))" height="\(Self.n(height))" \
        viewBox="0 0 \(Self.n(width)) \(Self.n(height))" role="img" aria-label="\(XMLEscaping.escaped(label, attribute: true))" \
        font-family="\(Palette.fontFamily)" font-size="12">
        <title>\(XMLEscaping.escaped(title))</title>
        <rect x="0" y="0" width="\(Self.n(width))" height="\(Self.n(height))" fill="#FFFFFF"/>
        \(String(decoding: body, as: UTF8.self))</svg>

        """
    }

    /// An approximate text width in pixels for a sans-serif font at `size` (for layout only).
    static func textWidth(_ string: String, size: Double = 12) -> Double {
        var units = 0.0
        for character in string {
            switch character {
            // Widths of DejaVu Sans (the widest common fallback), rounded up, so labels are never clipped.
            case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "|", "!", "I", "/", " ": units += 0.40
            case "m", "w", "M", "W": units += 0.98
            case "A"..."Z": units += 0.74
            default: units += 0.64
            }
        }
        return units * size
    }
}

/// The axes of a chart: a frame of plot area with ticks, tick labels, grid lines and axis titles.
struct Axes {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// A horizontal axis along the bottom with `ticks` mapped by `scale`, labelled `title`.
    func drawX(_ canvas: inout SVGCanvas, ticks: NiceTicks, scale: LinearScale, title: String, grid: Bool = false,
               format: ((Double) -> String)? = nil) {
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Palette.axis)
        for value in ticks.values {
            let x = scale(value)
            guard x >= left - 0.5, x <= right + 0.5 else { continue }
            if grid { canvas.line(x1: x, y1: top, x2: x, y2: bottom, stroke: Palette.grid) }
            canvas.line(x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: Palette.axis)
            canvas.text(format?(value) ?? ticks.label(value), x: x, y: bottom + 19, anchor: "middle")
        }
        canvas.text(title, x: (left + right) / 2, y: bottom + 40, anchor: "middle", size: 13, fill: Palette.text)
    }

    /// A vertical axis along the left with `ticks` mapped by `scale`, labelled `title` (rotated).
    func drawY(_ canvas: inout SVGCanvas, ticks: NiceTicks, scale: LinearScale, title: String, grid: Bool = true,
               titleX: Double) {
        for value in ticks.values {
            let y = scale(value)
            guard y >= top - 0.5, y <= bottom + 0.5 else { continue }
            if grid { canvas.line(x1: left, y1: y, x2: right, y2: y, stroke: Palette.grid) }
            canvas.line(x1: left - 5, y1: y, x2: left, y2: y, stroke: Palette.axis)
            canvas.text(ticks.label(value), x: left - 8, y: y + 4, anchor: "end")
        }
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: Palette.axis)
        canvas.text(title, x: titleX, y: (top + bottom) / 2, anchor: "middle", size: 13, rotate: -90)
    }
}
