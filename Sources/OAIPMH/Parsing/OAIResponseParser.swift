import Foundation
import XMLSupport

/// Reads an OAI-PMH response record by record with a streaming reader.
public enum OAIResponseParser {
    /// The OAI-PMH 2.0 namespace.
    public static let namespace = "http://www.openarchives.org/OAI/2.0/"

    /// What a body turned out to be.
    public enum Failure: Error, Equatable, Sendable {
        /// Not an OAI-PMH response.
        case notOAIPMH(String)
        /// Unreadable XML, with libxml2's first message.
        case malformed(String)
    }

    /// How a page is read.
    public enum Method: Sendable {
        /// Streaming events when there is a converter and the page allows it (UTF-8 or ISO-8859-1, no DOCTYPE),
        /// else the tree reader.
        case automatic
        /// libxml2's tree reader, a subtree expanded per record.
        case treeReader
    }

    /// Parses one response body. OAI-PMH errors in it are returned in `errors`, in document order.
    /// With a `converter`, each payload is kept as its standalone XML and converted while the page is
    /// read; without one, each record keeps its payload as an `XMLDocument`.
    public static func parse(_ body: [UInt8], name: String = "response", converter: PayloadConverter? = nil,
                             method: Method = .automatic) throws(Failure) -> (response: OAIResponse, errors: [OAIError]) {
        // Nearly every page is well-formed as sent: it is read as it is (past a byte-order mark or leading white
        // space), and only a page that fails is repaired and read again. Repairing after a failure only also
        // leaves alone what is legal where it stands (a bare "&" in a CDATA section or a comment).
        // A page in UTF-16 (rare, but legal) is read as the same text in UTF-8.
        let body = PageEncoding.utf8(fromUTF16: body) ?? body
        let (trimmed, leading) = PageRepair.trimmingLeadingBytes(body)
        do {
            return try read(trimmed, repairs: leading, name: name, converter: converter, method: method)
        } catch {
            let (bytes, repairs) = PageRepair.repair(body)
            guard repairs.count > leading.count else { throw error }
            return try read(bytes, repairs: repairs, name: name, converter: converter, method: method)
        }
    }

    /// Reads a page (repaired or not) that starts at its first markup.
    private static func read(_ bytes: [UInt8], repairs: [OAIRepair], name: String, converter: PayloadConverter?,
                             method: Method) throws(Failure) -> (response: OAIResponse, errors: [OAIError]) {
        guard let first = bytes.first else { throw .notOAIPMH("empty body") }
        guard first == UInt8(ascii: "<") else {
            throw .notOAIPMH("the body starts with \(describe(bytes.prefix(40)))")
        }
        if let converter, method == .automatic {
            let page = PageEncoding.utf8(fromLatin1: bytes) ?? bytes
            if isStreamable(page), var parsed = try parseEvents(page, name: name, converter: converter) {
                parsed.response.repairs = repairs
                return parsed
            }
        }
        var response = OAIResponse()
        response.repairs = repairs
        var errors: [OAIError] = []
        do {
            let reader = try XMLStreamReader(bytes: bytes, name: name)
            var sawRoot = false
            var advanced = try reader.read()
            while advanced {
                guard reader.nodeType == .element else {
                    advanced = try reader.read()
                    continue
                }
                let depth = reader.depth
                let local = reader.localName
                if depth == 0 {
                    guard local == "OAI-PMH", reader.namespaceURI == namespace else {
                        throw Failure.notOAIPMH("the root element is <\(local)>"
                            + (reader.namespaceURI.map { " in namespace \($0)" } ?? " in no namespace"))
                    }
                    sawRoot = true
                    advanced = try reader.read()
                    continue
                }
                if depth == 1 {
                    switch local {
                    case "responseDate":
                        response.responseDate = try text(reader)
                        advanced = try reader.skipSubtree()
                    case "error":
                        let code = reader.attribute("code") ?? ""
                        errors.append(OAIError(code: code, message: try text(reader).trimmingOAIWhitespace()))
                        advanced = try reader.skipSubtree()
                    case "Identify":
                        response.identify = try reader.withExpandedNode(identify)
                        advanced = try reader.skipSubtree()
                    case "ListRecords", "GetRecord", "ListIdentifiers", "ListSets", "ListMetadataFormats":
                        advanced = try reader.read()  // into the list
                    default:
                        advanced = try reader.skipSubtree()  // request, and anything unknown
                    }
                    continue
                }
                if depth == 2 {
                    switch local {
                    case "record":
                        response.records.append(try reader.withExpandedNode { record($0, converter: converter) })
                    case "header":
                        response.headers.append(try reader.withExpandedNode(header))
                    case "set":
                        response.sets.append(try reader.withExpandedNode(set))
                    case "metadataFormat":
                        response.metadataFormats.append(try reader.withExpandedNode(metadataFormat))
                    case "resumptionToken":
                        response.resumptionToken = OAIResumptionToken(
                            value: try text(reader).trimmingOAIWhitespace(),
                            cursor: OAIResumptionToken.number(reader.attribute("cursor"), minimum: 0),
                            completeListSize: OAIResumptionToken.number(reader.attribute("completeListSize"), minimum: 1),
                            expirationDate: reader.attribute("expirationDate"))
                    default:
                        break
                    }
                    advanced = try reader.skipSubtree()
                    continue
                }
                advanced = try reader.skipSubtree()
            }
            if !sawRoot { throw Failure.notOAIPMH("no root element") }
        } catch let failure as Failure {
            throw failure
        } catch let error as XMLError {
            if case .malformed(_, let message) = error {
                if ForeignAnswer.kind(of: bytes) == .html { throw .notOAIPMH("an HTML page") }
                throw .malformed(message)
            }
            throw .malformed("\(error)")
        } catch {
            throw .malformed("\(error)")
        }
        return (response, errors)
    }

    /// One streaming pass over the page; nil when the page needs the tree reader after all.
    private static func parseEvents(_ bytes: [UInt8], name: String,
                                    converter: @escaping PayloadConverter) throws(Failure) -> (response: OAIResponse, errors: [OAIError])? {
        let names = XMLNameTable()
        let reader = OAIPageReader(bytes: bytes, converter: converter, names: names)
        do {
            try XMLEventParser.parse(bytes, name: name, names: names, handler: reader)
        } catch {
            if case .malformed(_, let message) = error {
                if ForeignAnswer.kind(of: bytes) == .html { throw .notOAIPMH("an HTML page") }
                throw .malformed(message)
            }
        }
        switch reader.stop {
        case .notOAIPMH(let detail)?: throw .notOAIPMH(detail)
        case .needsTreeReader?: return nil
        case nil: break
        }
        if !reader.sawRoot { throw .notOAIPMH("no root element") }
        return (reader.response, reader.errors)
    }

    /// True for pages the event reader handles: UTF-8 (declared or by default) and no DOCTYPE.
    static func isStreamable(_ bytes: [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        if bytes.starts(with: Array("<?xml".utf8)) {
            guard let end = bytes.firstIndex(of: UInt8(ascii: ">")) else { return false }
            if let encoding = PageEncoding.declaredEncoding(bytes[..<end]), encoding != "utf-8", encoding != "utf8" {
                return false
            }
            index = end + 1
        }
        // The prolog: white space, comments and processing instructions up to the root element.
        while index < count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < count else { return false }
            if bytes[index + 1] == UInt8(ascii: "?") || bytes[(index + 1)...].starts(with: Array("!--".utf8)) {
                // Skip to the end of the comment or processing instruction.
                guard let end = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: ">")) else { return false }
                index = end + 1
                continue
            }
            return bytes[index + 1] != UInt8(ascii: "!")
        }
        return false
    }

    // MARK: - Elements

    /// The text content of the current element (reads its subtree).
    private static func text(_ reader: XMLStreamReader) throws -> String {
        if reader.isEmptyElement { return "" }
        return try reader.withExpandedNode { $0.textContent }
    }

    private static func header(_ node: XMLNode) -> OAIHeader {
        var header = OAIHeader(identifier: "", datestamp: "", isDeleted: node.attribute("status") == "deleted")
        for child in node.elementChildren { header.set(field: child.localName, to: child.textContent.trimmingOAIWhitespace()) }
        return header
    }

    private static func record(_ node: XMLNode, converter: PayloadConverter?) -> OAIRecord {
        var result = OAIRecord(header: OAIHeader(identifier: "", datestamp: ""), metadata: nil)
        var payload: XMLNode?
        for child in node.elementChildren {
            switch child.localName {
            case "header": result.header = header(child)
            case "metadata": payload = child.elementChildren.first
            default: break
            }
        }
        guard let payload else { return result }
        guard let converter else {
            result.metadata = XMLDocument(copying: payload)
            return result
        }
        payload.declareInheritedNamespaces()
        result.metadataXML = payload.serializedInPlace
        do {
            result.converted = .success(try converter(XMLTree(node: payload), result.header))
        } catch {
            result.converted = .failure(PayloadConversionFailure(message: "\(error)"))
        }
        return result
    }

    private static func set(_ node: XMLNode) -> OAISet {
        var set = OAISet(spec: "", name: "")
        for child in node.elementChildren { set.set(field: child.localName, to: child.textContent.trimmingOAIWhitespace()) }
        return set
    }

    private static func metadataFormat(_ node: XMLNode) -> OAIMetadataFormat {
        var format = OAIMetadataFormat(prefix: "", schema: "", namespace: "")
        for child in node.elementChildren { format.set(field: child.localName, to: child.textContent.trimmingOAIWhitespace()) }
        return format
    }

    private static func identify(_ node: XMLNode) -> OAIIdentify {
        var identify = OAIIdentify()
        for child in node.elementChildren { identify.set(field: child.localName, to: child.textContent.trimmingOAIWhitespace()) }
        return identify
    }

    // MARK: - Diagnostics

    private static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return "\"\(text)\""
    }
}
