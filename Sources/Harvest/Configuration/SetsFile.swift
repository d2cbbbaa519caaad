import Foundation
import OAIPMH

/// Reads a sets file: one setSpec per line, `#` starts a comment, blank lines ignored.
public enum SetsFile {
    /// The setSpecs listed in `path`, in order, without duplicates.
    public static func read(path: String) throws(HarvestError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarvestError.unreadableFile(path: path, reason: "cannot read it")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HarvestError.unreadableFile(path: path, reason: "line \(firstLineNotUTF8(data)) is not UTF-8 text")
        }
        return parse(text)
    }

    /// The number of the first line (LF-separated) of `data` that is not valid UTF-8.
    static func firstLineNotUTF8(_ data: Data) -> Int {
        var line = 1
        for bytes in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(data: Data(bytes), encoding: .utf8) == nil { return line }
            line += 1
        }
        return line
    }

    /// The setSpecs listed in `text`.
    public static func parse(_ text: String) -> [String] {
        var seen = SameBytesSet()  // "café" composed and decomposed are two sets
        var specs: [String] = []
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let spec = line.trimmingCharacters(in: .whitespaces)
            if !spec.isEmpty, seen.insert(spec) { specs.append(spec) }
        }
        return specs
    }
}
