import EDM
import Foundation
import JSONPath
import OAIPMH

/// One record read from an input file: its JSON, or why it cannot be measured, and where it was.
public struct InputRecord: Sendable {
    /// Where the record is: `file:line` for JSON Lines, `file` or `file#k` otherwise, with the OAI identifier for XML.
    public var position: String
    /// The record as JSON (Thresher's record shape), nil when it could not be read.
    public var json: [UInt8]?
    /// Why it could not be read.
    public var problem: String?

    public init(position: String, json: [UInt8]?, problem: String? = nil) {
        self.position = position
        self.json = json
        self.problem = problem
    }
}

/// Why an input file could not be read at all.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case unreadable(path: String, reason: String)
    /// An XML file that is neither an OAI-PMH response nor a record libxml2 can read.
    case badXML(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read it: \(reason)"
        case .badXML(let path, let reason): return "\(path): not readable as XML: \(reason)"
        }
    }
}

/// Reads records to measure from files: JSON (one record, or an array of records), JSON Lines (bare records or
/// `thresher export` lines, whose `record` is measured and whose deleted records are passed over), and XML (an
/// OAI-PMH response, each record converted as the harvest converts it; or one EDM RDF/XML record). Records come in
/// file order, in batches, so a file of millions needs the memory of one batch beside the mapped file.
public enum InputReader {
    /// Calls `body` with the records of the file at `path`, `batchSize` at a time, in file order.
    public static func read(path: String, batchSize: Int = 2_048, _ body: ([InputRecord]) throws -> Void) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw InputError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let buffer = raw.bindMemory(to: UInt8.self)
            try read(buffer, path: path, batchSize: batchSize, body)
        }
    }

    /// The records of a file's bytes (mapped, not copied: a JSON Lines file of any size needs one batch of memory).
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, path: String, batchSize: Int,
                     _ body: ([InputRecord]) throws -> Void) throws {
        let count = buffer.count
        guard let start = firstByte(buffer) else { return }  // an empty input: no records
        if buffer[start] == UInt8(ascii: "<") {
            try body(try xmlRecords(Array(buffer), path: path))
            return
        }
        if !isJSONLines(buffer) {
            let whole = Array(buffer)
            guard let document = try? JSONDocument(parsing: whole) else {
                if let record = record(whole, position: path) { try body([record]) }  // reports why it is not JSON
                return
            }
            if document.kind(document.root) == .array {
                var batch: [InputRecord] = []
                var k = 0
                for element in document.elementSequence(document.root) {
                    k += 1
                    var bytes: [UInt8] = []
                    document.appendJSON(element, to: &bytes)
                    if let record = record(bytes, position: "\(path)#\(k)") { batch.append(record) }
                    if batch.count >= batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
                }
                if !batch.isEmpty { try body(batch) }
            } else if let record = record(whole, position: path) {
                try body([record])
            }
            return
        }
        var batch: [InputRecord] = []
        batch.reserveCapacity(batchSize)
        var lineStart = 0
        var line = 0
        while lineStart < count {
            var end = lineStart
            while end < count, buffer[end] != 0x0A { end += 1 }
            line += 1
            var last = end
            if last > lineStart, buffer[last - 1] == 0x0D { last -= 1 }
            let slice = UnsafeBufferPointer(rebasing: buffer[lineStart..<last])
            if slice.contains(where: { !isSpace($0) }), let record = record(Array(slice), position: "\(path):\(line)") {
                batch.append(record)
                if batch.count >= batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
            }
            lineStart = end + 1
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// Where the content starts: after white space and byte-order-mark bytes; nil for an empty input.
    static func firstByte(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        while start < buffer.count, isSpace(buffer[start]) || buffer[start] == 0xEF || buffer[start] == 0xBB || buffer[start] == 0xBF {
            start += 1
        }
        return start < buffer.count ? start : nil
    }

    /// True for JSON Lines: the first line is a whole JSON text and more follows (else the file is one JSON document,
    /// a record or an array of records, or XML).
    static func isJSONLines(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = firstByte(buffer), buffer[start] != UInt8(ascii: "<") else { return false }
        let count = buffer.count
        var firstEnd = start
        while firstEnd < count, buffer[firstEnd] != 0x0A { firstEnd += 1 }
        var rest = firstEnd
        while rest < count, isSpace(buffer[rest]) { rest += 1 }
        return rest < count && (try? JSONDocument(parsing: Array(buffer[start..<firstEnd]))) != nil
    }

    /// True when `bytes` start (after white space) with `{"id"`, as `thresher export` lines do.
    static func looksLikeExportLine(_ bytes: [UInt8]) -> Bool {
        var k = 0
        while k < bytes.count, isSpace(bytes[k]) { k += 1 }
        guard k < bytes.count, bytes[k] == UInt8(ascii: "{") else { return false }
        k += 1
        while k < bytes.count, isSpace(bytes[k]) { k += 1 }
        let key: [UInt8] = Array("\"id\"".utf8)
        return k + key.count <= bytes.count && Array(bytes[k..<(k + key.count)]) == key
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// A JSON text as a record to measure: bad JSON is a problem; an `export` line gives its `record` (nil, passed
    /// over, for a deleted record).
    static func record(_ bytes: [UInt8], position: String) -> InputRecord? {
        // Only an export line (which `thresher export` starts with its "id") is read here; a bare record goes to the
        // scorer as it is, which reads it once (and says so when it is not JSON).
        guard looksLikeExportLine(bytes) else { return InputRecord(position: position, json: bytes) }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            return InputRecord(position: position, json: nil, problem: "not JSON: \(error)")
        }
        let root = document.root
        guard document.kind(root) == .object else {
            return InputRecord(position: position, json: nil, problem: "not a JSON object")
        }
        // An export line: {"id", "set", "sets", "datestamp", "deleted", "record"}.
        if let id = document.member(root, utf8: Array("id".utf8)), document.kind(id) == .string,
           let inner = document.member(root, utf8: Array("record".utf8)) {
            if let deleted = document.member(root, utf8: Array("deleted".utf8)), document.kind(deleted) == .true { return nil }
            guard document.kind(inner) == .object else {
                if document.kind(inner) == .null { return nil }
                return InputRecord(position: position, json: nil, problem: "its \"record\" is not a JSON object")
            }
            var json: [UInt8] = []
            json.reserveCapacity(bytes.count)
            document.appendJSON(inner, to: &json)
            return InputRecord(position: position, json: json)
        }
        return InputRecord(position: position, json: bytes)
    }

    /// The records of an XML file: an OAI-PMH response's live records, converted; or one metadata record.
    static func xmlRecords(_ bytes: [UInt8], path: String) throws -> [InputRecord] {
        let converter: PayloadConverter = { payload, header in
            PayloadText(bytes: try RecordConverter.jsonBytes(tree: payload, identifier: header.identifier, sets: header.setSpecs))
        }
        if let parsed = try? OAIResponseParser.parse(bytes, name: path, converter: converter) {
            return parsed.response.records.compactMap { record -> InputRecord? in
                let header = record.header
                if header.isDeleted { return nil }
                let position = "\(path): \(header.identifier)"
                switch record.converted {
                case .success(let text): return InputRecord(position: position, json: text.bytes)
                case .failure(let failure): return InputRecord(position: position, json: nil, problem: "conversion failed: \(failure)")
                case nil: return InputRecord(position: position, json: nil, problem: "no metadata")
                }
            }
        }
        do {
            let text = String(decoding: bytes, as: UTF8.self)
            let json = try RecordConverter.json(metadataXML: text, identifier: "", sets: [])
            return [InputRecord(position: path, json: Array(json.utf8))]
        } catch {
            throw InputError.badXML(path: path, reason: "\(error)")
        }
    }
}
