/// The csv rows and seed lines written straight into bytes, each number spelled once per distinct value and thread
/// (completeness values are ratios of small counts: a few hundred distinct values cover millions of rows). The bytes
/// are those of `CSVWriter.row` and `SeedWriter.line`.
struct RowBytes {
    private var shortest: [UInt64: [UInt8]] = [:]
    private var fixed: [UInt64: [UInt8]] = [:]
    /// Spellings kept at most (a schema of many distinct values forgets and starts again).
    private static let limit = 1 << 16

    /// `CSVWriter.row(identity, m, fields: false)`-like, from the parts: the identity cells, then the completeness values.
    mutating func csv(recordId: String?, dataset: String?, dataProvider: String?, completeness: [Double?],
                      to out: inout [UInt8]) {
        Self.quoted(recordId, &out)
        out.append(UInt8(ascii: ","))
        Self.quoted(dataset, &out)
        out.append(UInt8(ascii: ","))
        Self.quoted(dataProvider, &out)
        for value in completeness {
            out.append(UInt8(ascii: ","))
            if let value { appendShortest(value, &out) }
        }
    }

    /// The per-field cells of `CSVWriter.row(…, fields: true)` after the completeness values.
    static func fields(_ m: RecordMeasurement, to out: inout [UInt8]) {
        for e in m.existence {
            out.append(UInt8(ascii: ","))
            out.append(e ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        }
        for c in m.cardinality { out.append(UInt8(ascii: ",")); integer(c, &out) }
        for p in m.problems { out.append(UInt8(ascii: ",")); integer(p, &out) }
    }

    /// `SeedWriter.line` from the parts.
    mutating func seed(_ identity: RecordIdentity, completeness: [Double?], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: SeedWriter.label(identity).utf8)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ","))
        if let id = identity.recordId { out.append(contentsOf: id.utf8) }
        for value in completeness {
            out.append(UInt8(ascii: ","))
            if let value { appendFixed(value, &out) }
        }
    }

    private mutating func appendShortest(_ x: Double, _ out: inout [UInt8]) {
        if let known = shortest[x.bitPattern] {
            out.append(contentsOf: known)
            return
        }
        let spelled = Array(NumberFormatting.shortest(x).utf8)
        if shortest.count >= Self.limit { shortest.removeAll(keepingCapacity: true) }
        shortest[x.bitPattern] = spelled
        out.append(contentsOf: spelled)
    }

    private mutating func appendFixed(_ x: Double, _ out: inout [UInt8]) {
        if let known = fixed[x.bitPattern] {
            out.append(contentsOf: known)
            return
        }
        let spelled = Array(NumberFormatting.fixed(x, decimals: 6).utf8)
        if fixed.count >= Self.limit { fixed.removeAll(keepingCapacity: true) }
        fixed[x.bitPattern] = spelled
        out.append(contentsOf: spelled)
    }

    /// `CSVWriter.quoted(cell ?? "")` as bytes: quoting per RFC 4180 when the cell holds `,`, `"`, CR or LF.
    static func quoted(_ cell: String?, _ out: inout [UInt8]) {
        guard var cell else { return }
        cell.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
                out.append(contentsOf: bytes)
                return
            }
            out.append(UInt8(ascii: "\""))
            for b in bytes {
                out.append(b)
                if b == UInt8(ascii: "\"") { out.append(b) }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// `String(n)` as bytes.
    static func integer(_ n: Int, _ out: inout [UInt8]) {
        if n >= 0 && n < 10 {
            out.append(UInt8(ascii: "0") + UInt8(n))
            return
        }
        out.append(contentsOf: String(n).utf8)
    }
}
