import Foundation
import RecordStore

/// Why an export failed.
public enum ExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The output file or folder cannot be written.
    case cannotWrite(path: String, reason: String)
    /// Reading the store failed.
    case store(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
        case .store(let message): return message
        }
    }
}

/// Exports stored records as JSON Lines.
public struct RecordExporter: Sendable {
    let store: any RecordStoring

    /// An exporter reading `store`.
    public init(store: any RecordStoring) {
        self.store = store
    }

    /// One line per record: `{"id","set","sets","datestamp","deleted","record"}`, `record` being the converted
    /// JSON (null when deleted); `withXML` adds `"xml"`, the stored metadata XML as a JSON string (null when the
    /// record has none). `set` is the requested set, else the record's first set (null when it has none).
    /// Returns the number of records written.
    @discardableResult
    public func exportJSONLines(set: String?, metadataPrefix: String? = nil, withXML: Bool = false,
                                to sink: (String) throws -> Void) throws(ExportError) -> Int {
        var count = 0
        do {
            try store.forEachRecord(RecordQuery(metadataPrefix: metadataPrefix, set: set, from: nil, until: nil),
                                    content: withXML ? .all : .json) { record in
                try sink(Self.line(for: record, set: set, withXML: withXML))
                count += 1
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw .store("\(error)")
        }
        return count
    }

    /// The export line for one record (without the newline); `withXML` adds `"xml"` after `"record"`.
    public static func line(for record: StoredRecord, set: String?, withXML: Bool = false) -> String {
        let primary = set ?? record.sets.first
        var line = "{\"id\":" + JSONText.string(record.identifier)
        line += ",\"set\":" + (primary.map(JSONText.string) ?? "null")
        line += ",\"sets\":" + JSONText.array(record.sets)
        line += ",\"datestamp\":" + JSONText.string(record.datestamp)
        line += ",\"deleted\":" + (record.deleted ? "true" : "false")
        line += ",\"record\":" + (record.deleted ? "null" : (record.json ?? "null"))
        if withXML { line += ",\"xml\":" + (record.deleted ? "null" : (record.metadataXML.map(JSONText.string) ?? "null")) }
        line += "}"
        return line
    }

    /// Writes one file per set into `directory` (created if needed): bare record JSON, one per line, deleted
    /// records left out. Returns the file names written, by set.
    @discardableResult
    public func exportPerSet(directory: String, metadataPrefix: String? = nil) throws(ExportError) -> [String: String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: error.localizedDescription)
        }
        let counts: [SetCount]
        do { counts = try store.setCounts(metadataPrefix: metadataPrefix) } catch { throw .store("\(error)") }
        var files: [String: String] = [:]
        for count in counts {
            let name = Self.fileName(forSet: count.set)
            let path = (directory as NSString).appendingPathComponent(name)
            let writer = try LineWriter(path: path)
            do {
                try store.forEachRecord(RecordQuery(metadataPrefix: metadataPrefix, set: count.set, from: nil, until: nil,
                                                    includeDeleted: false)) { record in
                    if let json = record.json { try writer.write(json) }
                }
                try writer.close()
            } catch let error as ExportError {
                throw error
            } catch {
                throw .store("\(error)")
            }
            files[count.set] = name
        }
        return files
    }

    /// A file-system-safe, reversible file name for a set: `[A-Za-z0-9._-]` kept, every other byte `%XX`, `.json` added.
    public static func fileName(forSet set: String) -> String {
        var name = ""
        for byte in set.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ".") where !name.isEmpty:
                name += "."
            default:
                name += String(format: "%%%02X", byte)
            }
        }
        return name + ".json"
    }
}

/// Buffered line output to a file or standard output.
public final class LineWriter {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private let ownsHandle: Bool

    /// A writer creating (or truncating) the file at `path`.
    public init(path: String) throws(ExportError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: "cannot create the file")
        }
        self.handle = handle
        self.path = path
        ownsHandle = true
        buffer.reserveCapacity(1 << 16)
    }

    /// A writer to standard output.
    public init(standardOutput: ()) {
        handle = FileHandle.standardOutput
        path = "stdout"
        ownsHandle = false
    }

    /// Writes `line` and a newline.
    public func write(_ line: String) throws(ExportError) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered.
    public func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws(ExportError) {
        try flush()
        if ownsHandle { try? handle.close() }
    }
}
