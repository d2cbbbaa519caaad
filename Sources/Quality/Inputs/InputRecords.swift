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
        let start = data.firstIndex { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        guard let start else { return }  // an empty input: no records
        if data[start] == UInt8(ascii: "<") {
            try body(try xmlRecords(Array(data), path: path))
            return
        }
        // One JSON document (a record, or an array of them), else JSON Lines.
        let whole = Array(data)
        if let document = try? JSONDocument(parsing: whole) {
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
        try whole.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            var line = 0
            let count = buffer.count
            while lineStart < count {
                var end = lineStart
                while end < count, buffer[end] != 0x0A { end += 1 }
                line += 1
                var last = end
                if last > lineStart, buffer[last - 1] == 0x0D { last -= 1 }
                let bytes = Array(buffer[lineStart..<last])
                if bytes.contains(where: { !($0 == 0x20 || $0 == 0x09) }), let record = record(bytes, position: "\(path):\(line)") {
                    batch.append(record)
                    if batch.count >= batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
                }
                lineStart = end + 1
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// A JSON text as a record to measure: bad JSON is a problem; an `export` line gives its `record` (nil, passed
    /// over, for a deleted record).
    static func record(_ bytes: [UInt8], position: String) -> InputRecord? {
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
