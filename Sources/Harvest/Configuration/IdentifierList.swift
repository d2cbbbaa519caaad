import Foundation

/// Reads a list of OAI-PMH identifiers (`gapfill --ids-file`): one per line (LF, CR LF, CR, VT or FF end a line; a
/// leading byte order mark is ignored), white space around it ignored,
/// blank lines and lines starting with `#` skipped. Europeana's complete list runs to tens of millions of lines,
/// so lines are cut from the file's bytes without a String of the whole file.
public enum IdentifierList {
    /// The identifiers listed in `path`, in order (duplicates kept).
    public static func read(path: String) throws(HarvestError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarvestError.unreadableFile(path: path, reason: "cannot read it")
        }
        return try parse(data, path: path)
    }

    /// The identifiers in `bytes` (`path` names the input in errors).
    public static func parse(_ bytes: Data, path: String) throws(HarvestError) -> [String] {
        var identifiers: [String] = []
        var failure: HarvestError?
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let buffer = raw.bindMemory(to: UInt8.self)
            var line = 1
            // A byte order mark (editors on Windows write one) is not part of the first line.
            var start = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
            while start < buffer.count {
                var end = start
                while end < buffer.count, !isLineEnd(buffer[end]) { end += 1 }
                var first = start
                var last = end
                while first < last, isBlank(buffer[first]) { first += 1 }
                while last > first, isBlank(buffer[last - 1]) { last -= 1 }
                if first < last, buffer[first] != UInt8(ascii: "#") {
                    guard let text = String(validating: UnsafeBufferPointer(rebasing: buffer[first..<last]), as: UTF8.self) else {
                        failure = .unreadableFile(path: path, reason: "line \(line) is not UTF-8 text")
                        return
                    }
                    // Other white space (no-break spaces, say) is rare: trimmed the slow way.
                    let trimmed = text.unicodeScalars.first.map(\.properties.isWhitespace) == true
                        || text.unicodeScalars.last.map(\.properties.isWhitespace) == true
                        ? text.trimmingCharacters(in: .whitespaces) : text
                    if !trimmed.isEmpty, !trimmed.hasPrefix("#") { identifiers.append(trimmed) }
                }
                // CR LF ends one line.
                start = end + (end + 1 < buffer.count && buffer[end] == 0x0D && buffer[end + 1] == 0x0A ? 2 : 1)
                line += 1
            }
        }
        if let failure { throw failure }
        return identifiers
    }

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    @inline(__always)
    private static func isLineEnd(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
