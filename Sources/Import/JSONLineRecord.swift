import EDM
import RecordStore

/// One JSON Lines line as a record to store: `thresher export`'s line `{"id","set","sets","datestamp","deleted",
/// "record"}` (with `"xml"` from `export --with-xml`), or any object with those members (only `id` is required).
/// The `record` value is kept byte for byte, so that export → import → export gives the same lines.
enum JSONLineRecord {
    /// The line's record. `extraSet` (`--set`) is added to its sets; `fallbackDatestamp` is used when the line has no
    /// datestamp. Throws a human reason when the line is not a record.
    static func input(_ line: UnsafeBufferPointer<UInt8>, extraSet: String?,
                      fallbackDatestamp: String) throws(LineFailure) -> RecordInput {
        guard String(validating: line, as: UTF8.self) != nil else { throw LineFailure("not UTF-8") }
        let scanner = JSONScanner(bytes: line)
        var id: String?
        var set: String?
        var sets: [String] = []
        var datestamp: String?
        var deleted = false
        var record: Range<Int>?
        var hasRecord = false
        var xml: [UInt8]?
        do {
            var k = scanner.skipSpace(0)
            guard k < line.count, line[k] == UInt8(ascii: "{") else { throw LineFailure("not a JSON object") }
            k = scanner.skipSpace(k + 1)
            if k < line.count, line[k] == UInt8(ascii: "}") { k += 1 } else {
                while true {
                    guard k < line.count, line[k] == UInt8(ascii: "\"") else {
                        throw JSONScanner.Failure(offset: k, reason: "a member name was expected")
                    }
                    let (name, nameEnd) = try scanner.string(k)
                    k = scanner.skipSpace(nameEnd)
                    guard k < line.count, line[k] == UInt8(ascii: ":") else { throw JSONScanner.Failure(offset: k, reason: "\":\" was expected") }
                    let start = scanner.skipSpace(k + 1)
                    let member = String(decoding: name, as: UTF8.self)
                    // A string is decoded in the pass that finds its end; other values are only checked.
                    var string: (bytes: [UInt8], end: Int)?
                    if start < line.count, line[start] == UInt8(ascii: "\""), ["id", "set", "datestamp", "xml"].contains(member) {
                        string = try scanner.string(start)
                    }
                    let end = try string?.end ?? scanner.valueEnd(start)
                    let text = member == "xml" ? nil : string.map { String(decoding: $0.bytes, as: UTF8.self) }
                    switch member {
                    case "id":
                        guard let text else { throw LineFailure("\"id\" is not a string") }
                        id = text
                    case "set", "datestamp":
                        guard text != nil || line[start] == UInt8(ascii: "n") else { throw LineFailure("\"\(member)\" is not a string") }
                        if member == "set" { set = text } else { datestamp = text }
                    case "sets":
                        sets = try strings(scanner, start, end, member)
                    case "deleted":
                        switch line[start] {
                        case UInt8(ascii: "t"): deleted = true
                        case UInt8(ascii: "f"), UInt8(ascii: "n"): deleted = false
                        default: throw LineFailure("\"deleted\" is not true or false")
                        }
                    case "record":
                        hasRecord = true
                        switch line[start] {
                        case UInt8(ascii: "{"): record = start..<end
                        case UInt8(ascii: "n"): record = nil
                        default: throw LineFailure("\"record\" is not a JSON object or null")
                        }
                    case "xml":
                        guard string != nil || line[start] == UInt8(ascii: "n") else { throw LineFailure("\"xml\" is not a string") }
                        xml = string?.bytes
                    default: break
                    }
                    k = scanner.skipSpace(end)
                    guard k < line.count else { throw JSONScanner.Failure(offset: k, reason: "the object is not closed") }
                    if line[k] == UInt8(ascii: "}") { k += 1; break }
                    guard line[k] == UInt8(ascii: ",") else { throw JSONScanner.Failure(offset: k, reason: "\",\" or \"}\" was expected") }
                    k = scanner.skipSpace(k + 1)
                }
            }
            guard scanner.skipSpace(k) == line.count else { throw JSONScanner.Failure(offset: k, reason: "text after the object") }
        } catch let failure as JSONScanner.Failure {
            throw LineFailure(failure.description)
        } catch let failure as LineFailure {
            throw failure
        } catch {
            throw LineFailure("\(error)")
        }
        guard let id, !id.isEmpty else { throw LineFailure("no \"id\" (the record's identifier)") }
        // An empty or repeated setSpec adds nothing (compared as bytes, as the store compares them).
        var memberships: [String] = []
        for spec in sets + [set, extraSet].compactMap({ $0 }) where !spec.isEmpty {
            if !memberships.contains(where: { $0.utf8.elementsEqual(spec.utf8) }) { memberships.append(spec) }
        }
        sets = memberships
        let stamp = datestamp ?? fallbackDatestamp
        if deleted {
            return RecordInput(identifier: id, datestamp: stamp, deleted: true, sets: sets, metadataBytes: nil, jsonBytes: nil)
        }
        var json = record.map { Array(line[$0]) }
        if !hasRecord, let xml {
            // XML without a "record" member (another tool's line): converted as a harvest converts it; a failure
            // keeps the XML alone, as the harvest does. An export's `"record":null` (its conversion had failed) stays.
            json = try? Array(RecordConverter.json(metadataXML: String(decoding: xml, as: UTF8.self), identifier: id, sets: sets).utf8)
        }
        guard json != nil || xml != nil else {
            throw LineFailure("a live record without \"record\" or \"xml\" (nothing to store)")
        }
        return RecordInput(identifier: id, datestamp: stamp, deleted: false, sets: sets, metadataBytes: xml, jsonBytes: json)
    }

    private static func strings(_ scanner: JSONScanner, _ start: Int, _ end: Int, _ member: String) throws -> [String] {
        if scanner.bytes[start] == UInt8(ascii: "n") { return [] }
        guard scanner.bytes[start] == UInt8(ascii: "[") else { throw LineFailure("\"\(member)\" is not an array of strings") }
        var result: [String] = []
        var k = scanner.skipSpace(start + 1)
        while k < end - 1 {
            guard scanner.bytes[k] == UInt8(ascii: "\"") else { throw LineFailure("\"\(member)\" is not an array of strings") }
            let (bytes, after) = try scanner.string(k)
            result.append(String(decoding: bytes, as: UTF8.self))
            k = scanner.skipSpace(after)
            if k < end - 1, scanner.bytes[k] == UInt8(ascii: ",") { k = scanner.skipSpace(k + 1) }
        }
        return result
    }
}

/// Why a line is not a record to store.
struct LineFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
