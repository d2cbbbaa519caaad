import Foundation

/// The output formats of `thresher measure`.
public enum MeasurementFormat: String, Sendable, CaseIterable {
    /// A header, then `recordId,dataset,dataProvider,TOTAL,<dimensions>[,existence:…,cardinality:…,problem:…]`.
    case csv
    /// The 2015 tool's line: quoted data-provider label, record id, the values with six decimals; no header.
    case seed
    /// One JSON object per record with every measurement.
    case jsonl
}

/// Where measurement rows go: a file or standard output, written in large blocks.
public final class MeasurementSink {
    private let handle: FileHandle
    private let closesHandle: Bool
    private var buffer: [UInt8] = []
    /// The file written, nil for standard output.
    public let path: String?

    /// Writes to standard output.
    public init() {
        handle = FileHandle.standardOutput
        closesHandle = false
        path = nil
    }

    /// Writes to a new (or truncated) file at `path`.
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw InputError.unreadable(path: path, reason: "cannot create the output file")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError.unreadable(path: path, reason: "cannot open the output file for writing")
        }
        self.handle = handle
        closesHandle = true
        self.path = path
    }

    /// Appends one line (a newline is added).
    public func line(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends bytes as they are (whole lines, each ended by a newline).
    public func append(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes a file.
    public func close() throws {
        try flush()
        if closesHandle { try handle.close() }
    }
}

/// Rows of one format for a layout.
struct RowFormatter: Sendable {
    let format: MeasurementFormat
    let layout: MeasurementLayout
    let fields: Bool

    /// The header line, if the format has one.
    var header: String? {
        format == .csv ? CSVWriter.header(layout, fields: fields) : nil
    }

    /// Appends the row (without its newline) to `out`: the bytes of `row`, numbers spelled through `numbers`.
    func append(_ identity: RecordIdentity, _ m: RecordMeasurement, numbers: inout RowBytes, to out: inout [UInt8]) {
        switch format {
        case .csv:
            numbers.csv(recordId: identity.recordId, dataset: identity.dataset, dataProvider: identity.dataProvider,
                        completeness: m.completeness, to: &out)
            if fields { RowBytes.fields(m, to: &out) }
        case .seed: numbers.seed(identity, completeness: m.completeness, to: &out)
        case .jsonl: out.append(contentsOf: JSONLinesWriter.line(identity, m).utf8)
        }
    }

    /// True when a row needs only the identity and the completeness values (csv without `fields`, seed).
    var needsOnlyCompleteness: Bool { format == .seed || (format == .csv && !fields) }

    /// Appends the row of a measurement of which only the completeness values are known (`needsOnlyCompleteness`).
    func append(_ identity: RecordIdentity, completeness: [Double?], numbers: inout RowBytes, to out: inout [UInt8]) {
        if format == .seed {
            numbers.seed(identity, completeness: completeness, to: &out)
        } else {
            numbers.csv(recordId: identity.recordId, dataset: identity.dataset, dataProvider: identity.dataProvider,
                        completeness: completeness, to: &out)
        }
    }

    func row(_ identity: RecordIdentity, _ measurement: RecordMeasurement) -> String {
        switch format {
        case .csv: return CSVWriter.row(identity, measurement, fields: fields)
        case .seed: return SeedWriter.line(identity, measurement)
        case .jsonl: return JSONLinesWriter.line(identity, measurement)
        }
    }
}
