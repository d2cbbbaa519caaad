/// A record's measurement as compact bytes, as the store keeps it (`measurements.result`): what `measure` writes
/// again from the store for a record that did not change, and what reports read. Decoding needs the layout of the
/// schema that made it; bytes of another layout (a schema file that changed) are refused, not misread.
public enum MeasurementCodec {
    /// The format's version, first byte of every encoding.
    static let version: UInt8 = 1

    /// `measurement` as bytes.
    public static func encode(_ m: RecordMeasurement) -> [UInt8] {
        var out: [UInt8] = [version]
        out.reserveCapacity(16 + m.completeness.count * 9 + m.cardinality.count * 2 + m.problems.count)
        varint(UInt64(m.completeness.count), &out)
        varint(UInt64(m.existence.count), &out)
        varint(UInt64(m.problems.count), &out)
        varint(UInt64(m.languageCounts.fieldCount), &out)
        varint(UInt64(m.scopes.count), &out)
        for value in m.completeness {
            if let value {
                out.append(1)
                withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            } else {
                out.append(0)
            }
        }
        var bits: UInt8 = 0
        for (k, exists) in m.existence.enumerated() {
            if exists { bits |= 1 << UInt8(k % 8) }
            if k % 8 == 7 { out.append(bits); bits = 0 }
        }
        if m.existence.count % 8 != 0 { out.append(bits) }
        for c in m.cardinality { varint(UInt64(max(0, c)), &out) }
        for p in m.problems { varint(UInt64(max(0, p)), &out) }
        for scope in m.scopes + [m.record] {
            varint(UInt64(max(0, scope.taggedLiterals)), &out)
            varint(UInt64(max(0, scope.languages)), &out)
        }
        // The language counts last, flat, so that readers of the scores stop before them.
        let languages = m.languageCounts
        varint(UInt64(languages.ends.count), &out)
        for end in languages.ends { varint(UInt64(max(0, end)), &out) }
        varint(UInt64(languages.counts.count), &out)
        for entry in languages.counts {
            let name = entry.language.utf8
            varint(UInt64(name.count), &out)
            out.append(contentsOf: name)
            varint(UInt64(max(0, entry.count)), &out)
        }
        return out
    }

    /// The measurement in `bytes`, or nil when they are not an encoding of a measurement with `layout`. Without
    /// `languages`, the per-field language counts are left out (empty): what the CSV and seed rows need is read
    /// several times faster.
    public static func decode(_ bytes: [UInt8], layout: MeasurementLayout, languages: Bool = true) -> RecordMeasurement? {
        bytes.withUnsafeBufferPointer { decode($0, layout: layout, languages: languages) }
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, layout: MeasurementLayout, languages: Bool) -> RecordMeasurement? {
        var figures = MeasurementFigures()
        var counts = LanguageCounts()
        let accepted = read(bytes, layout: layout, languages: languages, into: &figures) { name, count in
            counts.counts.append(LanguageCount(String(decoding: name, as: UTF8.self), count))
        }
        guard accepted, let record = figures.scopes.popLast() else { return nil }
        if languages { counts.ends = figures.languageEnds }
        return RecordMeasurement(layout: layout, completeness: figures.completeness, existence: figures.existence,
                                 cardinality: figures.cardinality, problems: figures.problems, languageCounts: counts,
                                 scopes: figures.scopes, record: record)
    }

    /// Reads the measurement in `bytes` into `figures` (reusing its storage), refusing what `decode` refuses: false
    /// when the bytes are not an encoding of a measurement with `layout`. The per-field language counts are read
    /// (and checked) only when `languages`; each language's name and count then goes to `language`.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, layout: MeasurementLayout, languages: Bool,
                     into figures: inout MeasurementFigures,
                     language: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Bool {
        figures.removeAll()
        var reader = Reader(bytes: bytes)
        guard reader.byte() == version,
              reader.varint() == UInt64(layout.dimensions.count + 1), reader.varint() == UInt64(layout.fields.count),
              reader.varint() == UInt64(layout.problems.count), reader.varint() == UInt64(layout.multilingualFields.count),
              reader.varint() == UInt64(layout.scopes.count) else { return false }
        for _ in 0...layout.dimensions.count {
            switch reader.byte() {
            case 0: figures.completeness.append(nil)
            case 1:
                guard let bits = reader.uint64() else { return false }
                figures.completeness.append(Double(bitPattern: bits))
            default: return false
            }
        }
        let fieldCount = layout.fields.count
        var bits: UInt8 = 0
        for k in 0..<fieldCount {
            if k % 8 == 0 { guard let next = reader.byte() else { return false }; bits = next }
            figures.existence.append(bits & (1 << UInt8(k % 8)) != 0)
        }
        for _ in 0..<fieldCount {
            guard let c = reader.varint() else { return false }
            figures.cardinality.append(Int(truncatingIfNeeded: c))
        }
        for _ in 0..<layout.problems.count {
            guard let p = reader.varint() else { return false }
            figures.problems.append(Int(truncatingIfNeeded: p))
        }
        for _ in 0...layout.scopes.count {
            guard let tagged = reader.varint(), let count = reader.varint() else { return false }
            figures.scopes.append(LanguageSummary(taggedLiterals: Int(truncatingIfNeeded: tagged), languages: Int(truncatingIfNeeded: count)))
        }
        guard let fields = reader.varint(), fields == UInt64(layout.multilingualFields.count) else { return false }
        guard languages else { return true }
        for _ in 0..<fields {
            guard let end = reader.varint() else { return false }
            figures.languageEnds.append(Int(truncatingIfNeeded: end))
        }
        guard let n = reader.varint(), n <= UInt64(bytes.count),
              figures.languageEnds.allSatisfy({ $0 >= 0 && $0 <= Int(n) }) else { return false }
        for _ in 0..<Int(n) {
            guard let length = reader.varint(), let name = reader.bytes(Int(clamping: length)), let count = reader.varint() else { return false }
            // A tag, unless one of the classes `_0`, `_1`, `_2` (an empty name counts as a tag, as it always did).
            figures.languageIsTag.append(name.first != UInt8(ascii: "_"))
            language(name, Int(truncatingIfNeeded: count))
        }
        return reader.isAtEnd
    }

    /// Only the completeness values (TOTAL first) of the measurement in `bytes`, or nil when they are not an encoding
    /// of a measurement with `layout`: what the csv rows without `--fields` and the seed lines need, read without
    /// the rest, which is checked as `decode(_:layout:languages: false)` checks it (the same bytes are refused).
    public static func decodeCompleteness(_ bytes: UnsafeRawBufferPointer, layout: MeasurementLayout,
                                          into completeness: inout [Double?]) -> Bool {
        completeness.removeAll(keepingCapacity: true)
        guard bytes.count > 0, bytes[0] == version else { return false }
        var at = 1
        @inline(__always) func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while at < bytes.count {
                let b = bytes[at]
                at += 1
                guard shift < 64 else { return nil }
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        guard varint() == UInt64(layout.dimensions.count + 1), varint() == UInt64(layout.fields.count),
              varint() == UInt64(layout.problems.count), varint() == UInt64(layout.multilingualFields.count),
              varint() == UInt64(layout.scopes.count) else { return false }
        for _ in 0...layout.dimensions.count {
            guard at < bytes.count else { return false }
            let tag = bytes[at]
            at += 1
            switch tag {
            case 0: completeness.append(nil)
            case 1:
                guard at + 8 <= bytes.count else { return false }
                var value: UInt64 = 0
                for k in 0..<8 { value |= UInt64(bytes[at + k]) << UInt64(8 * k) }
                at += 8
                completeness.append(Double(bitPattern: value))
            default: return false
            }
        }
        // The rest is checked as `decode` without the language counts checks it, and passed over.
        at += (layout.fields.count + 7) / 8
        guard at <= bytes.count else { return false }
        for _ in 0..<(layout.fields.count + layout.problems.count + 2 * (layout.scopes.count + 1)) {
            guard varint() != nil else { return false }
        }
        return varint() == UInt64(layout.multilingualFields.count)
    }

    static func varint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Reads the encoding from the caller's bytes (valid while the reader is used).
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        var isAtEnd: Bool { at == bytes.count }

        mutating func byte() -> UInt8? {
            guard at < bytes.count else { return nil }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func uint64() -> UInt64? {
            guard at + 8 <= bytes.count else { return nil }
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[at + k]) << UInt64(8 * k) }
            at += 8
            return value
        }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let b = byte() {
                guard shift < 64 else { return nil }
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }

        mutating func bytes(_ count: Int) -> UnsafeBufferPointer<UInt8>? {
            guard count >= 0, count <= bytes.count - at else { return nil }
            defer { at += count }
            return UnsafeBufferPointer(rebasing: bytes[at..<(at + count)])
        }
    }
}
