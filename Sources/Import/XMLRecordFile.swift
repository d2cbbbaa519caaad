import EDM
import Harvest
import OAIPMH
import RecordStore
import XMLSupport

/// The records of one XML file: an OAI-PMH response (many records with headers, stored as a harvest stores a page)
/// or one EDM RDF/XML record (root `rdf:RDF`, identified by its `edm:ProvidedCHO`'s `rdf:about`, as Europeana's
/// dataset dumps hold them).
enum XMLRecordFile {
    /// What a file gave: the records to store and what was reported about single records.
    struct Records {
        var inputs: [RecordInput] = []
        var problems: [String] = []
    }

    static let edmNamespace = "http://www.europeana.eu/schemas/edm/"

    /// The records of the XML in `bytes`. `set` is added to every record's sets; `fallbackDatestamp` (the file's
    /// modification time) is a single record's datestamp; `names` may be shared by the files one thread reads (as a
    /// page's records share one). Throws when the file as a whole cannot be used.
    static func records(_ bytes: [UInt8], location: String, set: String?, fallbackDatestamp: String,
                        names: XMLNameTable = XMLNameTable()) throws(ImportError) -> Records {
        guard let root = rootStart(bytes) else {
            throw .badXML(location: location, reason: "no root element")
        }
        if root.localName == "OAI-PMH" {
            return try oaiResponse(bytes, location: location, set: set)
        }
        return try edmRecord(bytes, root: root, location: location, set: set, datestamp: fallbackDatestamp, names: names)
    }

    /// An OAI-PMH response file: each record converted and checked as the harvest does (`RecordConversion`).
    static func oaiResponse(_ bytes: [UInt8], location: String, set: String?) throws(ImportError) -> Records {
        let parsed: (response: OAIResponse, errors: [OAIError])
        do {
            parsed = try OAIResponseParser.parse(bytes, name: location, converter: RecordConversion.converter)
        } catch {
            switch error {
            case .malformed(let message): throw .badXML(location: location, reason: message)
            case .notOAIPMH(let message): throw .notARecord(location: location, reason: "not an OAI-PMH response: \(message)")
            }
        }
        if let error = parsed.errors.first(where: { $0.code != "noRecordsMatch" }) {
            throw .oaiError(location: location, code: error.code, message: error.message)
        }
        var records = Records()
        records.inputs = RecordConversion.inputs(for: parsed.response.records, harvestedSet: set, problems: &records.problems).inputs
        return records
    }

    /// One EDM RDF/XML record: identifier from its ProvidedCHO, JSON as the harvest converts a payload, the file's
    /// root element (from its start tag on) as the stored XML.
    static func edmRecord(_ bytes: [UInt8], root: RootStart, location: String, set: String?, datestamp: String,
                          names: XMLNameTable) throws(ImportError) -> Records {
        var tree: XMLTree
        do {
            tree = try XMLTree(parsing: bytes, name: location, names: names)
        } catch {
            throw .badXML(location: location, reason: Self.message(error))
        }
        var xml = Array(bytes[root.offset...])
        while let last = xml.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { xml.removeLast() }
        if tree.hasXMLLiteral || !root.isUTF8 {
            // XML literals keep their markup only in a tree made from a document; another encoding is stored as UTF-8.
            do {
                let document = try XMLDocument(parsing: bytes, name: location)
                guard let element = document.root else { throw XMLError.malformed(name: location, message: "no root element") }
                tree = XMLTree(node: element, names: names)
                if !root.isUTF8 { xml = Array(element.outerXML.utf8) }
            } catch {
                throw .badXML(location: location, reason: Self.message(error))
            }
        }
        guard let identifier = providedCHO(tree) else {
            throw .notARecord(location: location, reason: "no edm:ProvidedCHO with an rdf:about (the record's identifier)")
        }
        let sets = set.map { [$0] } ?? []
        var records = Records()
        var json: [UInt8]?
        do {
            json = try RecordConverter.jsonBytes(tree: tree, identifier: identifier, sets: sets)
        } catch {
            records.problems.append("conversion failed: \(identifier): \(error)")
        }
        records.inputs = [RecordInput(identifier: identifier, datestamp: datestamp, deleted: false, sets: sets,
                                      metadataBytes: xml, jsonBytes: json)]
        return records
    }

    /// The `rdf:about` of the first `edm:ProvidedCHO` child of an `rdf:RDF` root (or of the root itself).
    static func providedCHO(_ tree: XMLTree) -> String? {
        guard let root = tree.root else { return nil }
        func about(_ element: XMLTree.Element) -> String? {
            let name = tree.name(element)
            guard name.localName == "ProvidedCHO", name.namespaceURI == edmNamespace,
                  let value = tree.attribute(element, "about", namespace: XMLTree.rdfNamespace), !value.isEmpty else { return nil }
            return value
        }
        if let value = about(root) { return value }
        for child in tree.children(root) {
            if let value = about(child) { return value }
        }
        return nil
    }

    private static func message(_ error: any Error) -> String {
        if let error = error as? XMLError, case .malformed(_, let message) = error { return message }
        return "\(error)"
    }

    /// Where the root element starts, its local name, and whether the document is UTF-8 (no other encoding declared).
    struct RootStart {
        var offset: Int
        var localName: String
        var isUTF8: Bool
    }

    /// Finds the root element's start tag past a byte-order mark, the XML declaration, comments, processing
    /// instructions and a DOCTYPE; nil when there is none.
    static func rootStart(_ bytes: [UInt8]) -> RootStart? {
        var k = 0
        var isUTF8 = true
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { k = 3 }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            guard pattern.count <= bytes.count else { return nil }
            var i = start
            while i + pattern.count <= bytes.count {
                if bytes[i] == pattern[0], bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
                i += 1
            }
            return nil
        }
        while k < bytes.count {
            let byte = bytes[k]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { k += 1; continue }
            guard byte == UInt8(ascii: "<"), k + 1 < bytes.count else { return nil }
            switch bytes[k + 1] {
            case UInt8(ascii: "?"):
                guard let end = find(Array("?>".utf8), from: k + 2) else { return nil }
                let declaration = String(decoding: bytes[k..<end], as: UTF8.self).lowercased()
                if declaration.hasPrefix("<?xml"), let range = declaration.range(of: "encoding") {
                    let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                    isUTF8 = rest.hasPrefix("utf-8") || rest.hasPrefix("utf8") || rest.hasPrefix("us-ascii")
                }
                k = end + 2
            case UInt8(ascii: "!"):
                if bytes[k...].starts(with: Array("<!--".utf8)) {
                    guard let end = find(Array("-->".utf8), from: k + 4) else { return nil }
                    k = end + 3
                } else {
                    // <!DOCTYPE …>, with an internal subset in brackets.
                    var depth = 0
                    var i = k + 2
                    while i < bytes.count {
                        if bytes[i] == UInt8(ascii: "[") { depth += 1 }
                        if bytes[i] == UInt8(ascii: "]") { depth -= 1 }
                        if bytes[i] == UInt8(ascii: ">"), depth <= 0 { break }
                        i += 1
                    }
                    k = i + 1
                }
            default:
                var end = k + 1
                while end < bytes.count {
                    let c = bytes[end]
                    if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "/") || c == UInt8(ascii: ">") { break }
                    end += 1
                }
                let qualified = String(decoding: bytes[(k + 1)..<end], as: UTF8.self)
                let localName = qualified.split(separator: ":").last.map(String.init) ?? qualified
                return RootStart(offset: k, localName: localName, isUTF8: isUTF8)
            }
        }
        return nil
    }
}
