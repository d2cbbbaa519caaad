import Foundation
import Quality
import ThresherCore

/// The formats `thresher report` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Every page (index.html, a page per group, record pages) plus index.json and groups.csv.
    case html
    /// index.json and one JSON file per group.
    case json
    /// groups.csv only.
    case csv
}

/// Why a report could not be written.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write the report: \(reason)"
        }
    }
}

/// Writes a report's files under one folder: `index.html`, `index.json`, `groups.csv`, and a folder per kind of group
/// (`dataset/`, `provider/`, `store/`) with a page (and JSON) per group and the record pages (`records/`).
public struct ReportWriter: Sendable {
    public let directory: String
    public let format: ReportFormat

    /// A writer into `directory` (trailing slashes dropped: the paths it prints have one slash between parts).
    public init(directory: String, format: ReportFormat) {
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        self.format = format
    }

    /// Writes every file of `data`; returns the path of the index (index.html, index.json or groups.csv). `progress`,
    /// when given, counts the files (its total set here).
    @discardableResult
    public func write(_ data: ReportData, progress: ProgressReporter? = nil) throws -> String {
        try makeDirectory(directory)
        let kinds = Set(data.groups.map(\.kind))
        for kind in kinds { try makeDirectory(directory + "/" + kind.rawValue) }
        switch format {
        case .csv:
            progress?.setTotal(1)
            try write(ReportTables.csv(data.groups), to: "groups.csv")
            progress?.advance(by: 1)
            return directory + "/groups.csv"
        case .json:
            progress?.setTotal(1 + data.groups.count)
            try write(try ReportTables.indexJSON(data), to: "index.json")
            progress?.advance(by: 1)
            let groups = data.groups
            try inParallel(groups.count) { k in
                try write(try ReportTables.json(groups[k]), to: groups[k].kind.rawValue + "/" + groups[k].fileName + ".json")
                progress?.advance(by: 1)
            }
            return directory + "/index.json"
        case .html:
            // The record pages each kind's groups link to, each written once (the first group naming it decides).
            var pages: [(kind: GroupKind, page: String, identifier: String)] = []
            for kind in kinds {
                try makeDirectory(directory + "/" + kind.rawValue + "/records")
                var written = Set<String>()
                for group in data.groups where group.kind == kind {
                    for ranked in group.best + group.worst where written.insert(ranked.page).inserted {
                        pages.append((kind, ranked.page, ranked.identifier))
                    }
                }
            }
            let groups = data.groups
            let recordPages = pages
            progress?.setTotal(3 + 2 * groups.count + recordPages.count)
            try write(ReportTables.csv(data.groups), to: "groups.csv")
            try write(try ReportTables.indexJSON(data), to: "index.json")
            try write(GroupPages.index(data), to: "index.html")
            progress?.advance(by: 3)
            // Groups and records are independent: their files are written on every core.
            try inParallel(groups.count + recordPages.count) { k in
                if k < groups.count {
                    let group = groups[k]
                    try write(try ReportTables.json(group), to: group.kind.rawValue + "/" + group.fileName + ".json")
                    try write(GroupPages.group(group, data: data), to: group.kind.rawValue + "/" + group.fileName + ".html")
                    progress?.advance(by: 2)
                } else {
                    let page = recordPages[k - groups.count]
                    defer { progress?.advance(by: 1) }
                    guard let record = data.records[page.identifier] else { return }
                    try write(GroupPages.record(record, data: data, kind: page.kind), to: page.kind.rawValue + "/" + page.page)
                }
            }
            return directory + "/index.html"
        }
    }

    /// Calls `body` for every index in `0..<count`, on as many threads as there are cores; rethrows the error of the
    /// lowest index that failed (the serial loop's error).
    private func inParallel(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        try Parallel.forEach(count, threads: ProcessInfo.processInfo.activeProcessorCount, body)
    }

    /// Makes `path` and its missing parents, failing with the system's reason for the first one that cannot be made
    /// (a file in the way says "Not a directory", not Foundation's generic text).
    private func makeDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            guard mkdir(prefix, 0o755) != 0 else { continue }
            let reason = errno
            var status = stat()
            if reason == EEXIST, stat(prefix, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { continue }
            throw ReportError.cannotWrite(path: prefix, reason: String(cString: strerror(reason == EEXIST ? ENOTDIR : reason)))
        }
    }

    private func write(_ text: String, to relative: String) throws {
        var text = text
        try text.withUTF8 { bytes in try write(bytes, to: relative) }
    }

    private func write(_ bytes: [UInt8], to relative: String) throws {
        try bytes.withUnsafeBufferPointer { bytes in try write(bytes, to: relative) }
    }

    /// Writes the file in place from the caller's bytes (a group page is ≈ 1 MB: no copies on the way).
    private func write(_ bytes: UnsafeBufferPointer<UInt8>, to relative: String) throws {
        let path = directory + "/" + relative
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw ReportError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var done = 0
        while done < bytes.count, let base = bytes.baseAddress {
            let written = writeBytes(file, base + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(file)
                throw ReportError.cannotWrite(path: path, reason: reason)
            }
            done += written
        }
        guard close(file) == 0 else { throw ReportError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// The machine-readable forms: JSON (docs/REPORTS.md) and the CSV of headline figures.
enum ReportTables {
    /// A group's JSON: what `JSONEncoder` (sorted keys, slashes unescaped) writes, plus a line feed.
    static func json(_ group: GroupReport) throws -> [UInt8] {
        try ReportJSON.group(group)
    }

    struct IndexEntry: Codable {
        var kind: GroupKind
        var name: String
        var title: String?
        var file: String
        var records: Int
        var total: SeriesStatistics?
    }

    struct Index: Codable {
        var schema: String
        var groups: [IndexEntry]
    }

    /// The index's JSON: what `JSONEncoder` writes for `Index` (sorted keys, slashes unescaped), plus a line feed.
    static func indexJSON(_ data: ReportData) throws -> [UInt8] {
        try ReportJSON.index(schema: data.schema.name, groups: data.groups)
    }

    /// The index's JSON by `JSONEncoder` (the reference `indexJSON` is checked against).
    static func encodedIndexJSON(_ data: ReportData) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let index = Index(schema: data.schema.name, groups: data.groups.map { group in
            IndexEntry(kind: group.kind, name: group.name, title: group.title, file: group.kind.rawValue + "/" + group.fileName + ".json",
                       records: group.records, total: group.series.first { $0.name == "TOTAL" }?.statistics)
        })
        return String(decoding: try encoder.encode(index), as: UTF8.self) + "\n"
    }

    /// One row per group: kind, name, records, then mean, median, min, max and sd of TOTAL and the mean of each dimension.
    static func csv(_ groups: [GroupReport]) -> String {
        let dimensions = groups.first?.series.filter(\.isDimension).map(\.name) ?? []
        var header = ["kind", "name", "records", "TOTAL:mean", "TOTAL:median", "TOTAL:min", "TOTAL:max", "TOTAL:sd"]
        header += dimensions.filter { $0 != "TOTAL" }.map { $0 + ":mean" }
        var lines = [header.map(CSVWriter.quoted).joined(separator: ",")]
        for group in groups {
            let byName = Dictionary(group.series.map { ($0.name, $0.statistics) }, uniquingKeysWith: { a, _ in a })
            let total = byName["TOTAL"]
            var cells = [group.kind.rawValue, group.name, String(group.records)]
            cells += [total?.mean, total?.median, total?.min, total?.max, total?.standardDeviation].map(Self.cell)
            cells += dimensions.filter { $0 != "TOTAL" }.map { Self.cell(byName[$0]?.mean) }
            lines.append(cells.map(CSVWriter.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }
}

/// POSIX `write(2)` (the name is taken inside `ReportWriter`).
private func writeBytes(_ file: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(file, bytes, count)
}
