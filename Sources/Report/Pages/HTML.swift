import Foundation
import ThresherCore

/// Small pieces of HTML shared by the report's pages. Every value that comes from records (titles, names,
/// identifiers, JSON) goes through `text(_:)` or `attribute(_:)`.
enum HTML {
    /// `value` escaped for element content.
    static func text(_ value: String) -> String { XMLEscaping.escaped(value) }

    /// `value` escaped for a double-quoted attribute.
    static func attribute(_ value: String) -> String { XMLEscaping.escaped(value, attribute: true) }

    /// A number for a table cell: integers as they are, others with up to 4 decimals; an em dash for nil.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = fixed(value, decimals: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A share as a percentage with one decimal.
    static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "—" }
        return fixed(share * 100, decimals: 1) + "%"
    }

    /// `value` with `decimals` (0…9) decimals, as `String(format: "%.Nf")` writes it (C's printf, "C" locale),
    /// without Foundation's format parsing: the report writes a number a table cell.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let decimals = Swift.max(0, Swift.min(9, decimals))
        if let text = fixedFast(value, decimals: decimals) { return text }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([Int32(Swift.max(0, Swift.min(9, decimals))), value]) { arguments in
                vsnprintf(out.baseAddress, out.count, "%.*f", arguments)
            }
        }
        guard length >= 0, length < buffer.count else { return String(format: "%.\(decimals)f", value) }
        return String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `fixed` without printf where the rounding cannot be in doubt: the scaled value is far from a tie (printf rounds
    /// the exact binary value; a product within 1e-6 of x.5 is left to it) and small enough for exact integers.
    /// Nil where printf must decide.
    private static func fixedFast(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite else { return nil }
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = value.magnitude * Double(scale)
        // Below 1e9 the product's rounding error (≤ 2⁻⁵³ relative) stays under 1e-7.
        guard scaled < 1e9 else { return nil }
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        guard abs(fraction - 0.5) > 1e-6 else { return nil }
        let units = UInt64(floor) + (fraction > 0.5 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        SVGNumber.writeDigits(units / scale, to: &bytes, negative: value.sign == .minus)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            SVGNumber.writeDigits(units % scale, padded: decimals, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A whole page: self-contained (inline style, no external assets), printable.
    static func page(title: String, body: String, script: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(text(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        <footer>Made by Thresher from the measurements in its record store.</footer>
        \(script.isEmpty ? "" : "<script>" + script + "</script>")
        </body>
        </html>

        """
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;\
        max-width:75rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
        h3{font-size:1.05rem}.meta{color:#555;margin-top:0}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.88rem}.wide{overflow-x:auto;max-width:100%}
        th,td{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
        table.sortable th{cursor:pointer}table.sortable th:after{content:" \\2195";color:#888}
        .plots{display:flex;flex-wrap:wrap;gap:1rem}.plots figure{margin:0}
        .warn{background:#fff4e5;border-left:4px solid #d55e00;padding:.4rem .8rem}
        code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
        pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
        a{color:#0055aa}footer{margin-top:3rem;color:#666;font-size:.8rem}
        @media print{a{color:inherit;text-decoration:none}.plots figure{break-inside:avoid}table{break-inside:auto}}
        """

    /// The script that sorts a table by the column header clicked (numbers as numbers).
    static let sortScript = """
        document.querySelectorAll("table.sortable").forEach(function(t){t.querySelectorAll("th").forEach(function(th,i){\
        th.addEventListener("click",function(){var b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.d==="a"?-1:1;\
        th.dataset.d=d===1?"a":"d";r.sort(function(x,y){var p=x.cells[i].dataset.v||x.cells[i].textContent,\
        q=y.cells[i].dataset.v||y.cells[i].textContent,m=parseFloat(p),n=parseFloat(q);\
        if(m===m&&n===n)return d*(m-n);return d*p.localeCompare(q);});r.forEach(function(x){b.appendChild(x);});});});});
        """
}
