import ThresherCore
import XMLSupport

/// Reads an OAI-PMH response in one streaming pass (libxml2 SAX2) when its payloads are converted:
/// the envelope into an `OAIResponse`, each payload into an `XMLTree` for the converter and, as its
/// standalone XML, the payload's own bytes from the page (with the namespaces it inherits declared).
///
/// Used for UTF-8 pages without a DOCTYPE; `OAIResponseParser` reads the others with the tree reader.
/// Its state is touched only by the parse callbacks, one at a time on one thread: its stored properties skip
/// Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`; they cost ≈25% of the one pass).
final class OAIPageReader: XMLEventHandler {
    /// Why the reader stopped early.
    enum Stop: Error {
        /// Not an OAI-PMH response (the root element says why).
        case notOAIPMH(String)
        /// The page needs the tree reader (a payload's bytes could not be located, or it came before its header).
        case needsTreeReader
    }

    fileprivate enum Role: UInt8 {
        case skip, root, responseDate, error, identify, identifyField, list
        case record, recordHeader, headerField, metadata
        case header, set, setField, metadataFormat, formatField, resumptionToken
    }

    private let bytes: [UInt8]
    private let converter: PayloadConverter
    private let names: XMLNameTable
    @exclusivity(unchecked) private(set) var response = OAIResponse()
    @exclusivity(unchecked) private(set) var errors: [OAIError] = []
    private var errorCode = ""
    @exclusivity(unchecked) private(set) var stop: Stop?
    private(set) var sawRoot = false
    /// True after a root that is not OAI-PMH: the rest is only checked for well-formedness.
    @exclusivity(unchecked) private var ignoring = false

    @exclusivity(unchecked) private var roles: [Role] = []
    @exclusivity(unchecked) private var fieldNames: [String] = []
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var collecting = 0

    // The record being read.
    @exclusivity(unchecked) private var header = OAIHeader(identifier: "", datestamp: "")
    @exclusivity(unchecked) private var record: OAIRecord?
    /// True once the record's header has been read (the converter needs it).
    @exclusivity(unchecked) private var recordHasHeader = false
    @exclusivity(unchecked) private var set = OAISet(spec: "", name: "")
    @exclusivity(unchecked) private var format = OAIMetadataFormat(prefix: "", schema: "", namespace: "")
    private var token: (cursor: String?, size: String?, expiration: String?) = (nil, nil, nil)

    // The payload being read.
    @exclusivity(unchecked) private var tree: XMLTree
    @exclusivity(unchecked) private var payloadDepth = 0
    private var metadataContentStart = 0
    private var payloadStart = 0
    @exclusivity(unchecked) private var payloadDone = false
    /// Namespaces declared on the envelope, innermost last: (prefix, URI, depth of the declaring element).
    @exclusivity(unchecked) private var envelopeNamespaces: [(prefix: String?, uri: String, depth: Int)] = []
    /// The envelope's namespaces a payload may inherit (not redeclared by its root), and which it uses.
    @exclusivity(unchecked) private var inherited: [(prefix: String?, uri: String, used: Bool)] = []
    /// Per name id: the index in `inherited` of the binding the name is in, -1 for none, -2 not yet known.
    @exclusivity(unchecked) private var inheritedByName: [Int16] = []
    /// Prefixes redeclared inside the payload below its root, with the payload depth that declared them.
    @exclusivity(unchecked) private var shadowed: [(prefix: String?, depth: Int)] = []

    init(bytes: [UInt8], converter: @escaping PayloadConverter, names: XMLNameTable) {
        self.bytes = bytes
        self.converter = converter
        self.names = names
        tree = XMLTree(names: names)
    }

    // MARK: - Events

    func startElement(_ tag: XMLStartTag) -> Bool {
        if ignoring { return true }
        if payloadDepth > 0 {
            payloadElement(tag)
            return true
        }
        let depth = roles.count
        let parent = roles.last
        let name = names[tag.name]
        let role: Role
        if depth == 0 {
            guard name.localName == "OAI-PMH", name.namespaceURI == OAIResponseParser.namespace else {
                // Read on without looking: a body that is not even well-formed is malformed (and retried),
                // as with the tree reader.
                stop = .notOAIPMH("the root element is <\(name.localName)>"
                    + (name.namespaceURI.map { " in namespace \($0)" } ?? " in no namespace"))
                ignoring = true
                return true
            }
            sawRoot = true
            role = .root
        } else {
            role = child(of: parent ?? .skip, named: name.localName, depth: depth, tag: tag)
            if role == .skip, parent == .metadata {
                return startPayload(tag)
            }
        }
        for index in 0..<tag.namespaceCount {
            envelopeNamespaces.append((tag.namespacePrefix(index), tag.namespaceURI(index), depth))
        }
        roles.append(role)
        if collecting > 0 || role.collectsText {
            if collecting == 0 { text.removeAll(keepingCapacity: true) }
            collecting += 1
        }
        return true
    }

    func endElement(_ end: XMLEndTag) {
        if ignoring { return }
        if payloadDepth > 0 {
            tree.endElement()
            payloadDepth -= 1
            while let last = shadowed.last, last.depth > payloadDepth { shadowed.removeLast() }
            if payloadDepth == 0 { endPayload(at: end.offset) }
            return
        }
        guard let role = roles.popLast() else { return }
        let depth = roles.count
        while let last = envelopeNamespaces.last, last.depth >= depth { envelopeNamespaces.removeLast() }
        if collecting > 0 { collecting -= 1 }
        switch role {
        case .responseDate: response.responseDate = collected()
        case .error: errors.append(OAIError(code: errorCode, message: trimmed()))
        case .identifyField: response.identify?.set(field: fieldNames.popLast() ?? "", to: trimmed())
        case .headerField: header.set(field: fieldNames.popLast() ?? "", to: trimmed())
        case .recordHeader:
            record?.header = header
            recordHasHeader = true
        case .header: response.headers.append(header)
        case .record: if let record { response.records.append(record) }; record = nil
        case .setField: set.set(field: fieldNames.popLast() ?? "", to: trimmed())
        case .set: response.sets.append(set)
        case .formatField: format.set(field: fieldNames.popLast() ?? "", to: trimmed())
        case .metadataFormat: response.metadataFormats.append(format)
        case .resumptionToken:
            response.resumptionToken = OAIResumptionToken(
                value: trimmed(),
                cursor: OAIResumptionToken.number(token.cursor, minimum: 0),
                completeListSize: OAIResumptionToken.number(token.size, minimum: 1),
                expirationDate: token.expiration)
        default: break
        }
    }

    func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
        if ignoring { return }
        if payloadDepth > 0 {
            tree.appendText(chunk)
        } else if collecting > 0 {
            text.append(contentsOf: chunk)
        }
    }

    // MARK: - Envelope

    /// The role of an element from its parent's role and its local name.
    private func child(of parent: Role, named local: String, depth: Int, tag: XMLStartTag) -> Role {
        switch parent {
        case .root:
            switch local {
            case "responseDate": return .responseDate
            case "error":
                errorCode = attribute(tag, "code") ?? ""
                return .error
            case "Identify":
                response.identify = OAIIdentify()
                return .identify
            case "ListRecords", "GetRecord", "ListIdentifiers", "ListSets", "ListMetadataFormats": return .list
            default: return .skip
            }
        case .identify:
            fieldNames.append(local)
            return .identifyField
        case .list:
            switch local {
            case "record":
                record = OAIRecord(header: OAIHeader(identifier: "", datestamp: ""), metadata: nil)
                recordHasHeader = false
                return .record
            case "header":
                startHeader(tag)
                return .header
            case "set":
                set = OAISet(spec: "", name: "")
                return .set
            case "metadataFormat":
                format = OAIMetadataFormat(prefix: "", schema: "", namespace: "")
                return .metadataFormat
            case "resumptionToken":
                token = (attribute(tag, "cursor"), attribute(tag, "completeListSize"), attribute(tag, "expirationDate"))
                return .resumptionToken
            default: return .skip
            }
        case .record:
            switch local {
            case "header":
                startHeader(tag)
                return .recordHeader
            case "metadata":
                metadataContentStart = tag.offset
                payloadDone = false
                return .metadata
            default: return .skip
            }
        case .recordHeader, .header:
            fieldNames.append(local)
            return .headerField
        case .set:
            fieldNames.append(local)
            return .setField
        case .metadataFormat:
            fieldNames.append(local)
            return .formatField
        default:
            return .skip
        }
    }

    private func attribute(_ tag: XMLStartTag, _ local: String) -> String? {
        for index in 0..<tag.attributeCount {
            let name = names[tag.attributeName(index)]
            if name.localName == local, name.prefix == nil { return tag.attributeValue(index) }
        }
        return nil
    }

    private func collected() -> String {
        String(decoding: text, as: UTF8.self)
    }

    /// The collected text without the white space around it (what `trimmingOAIWhitespace` gives).
    private func trimmed() -> String {
        var start = 0
        var end = text.count
        while start < end, Self.isSpace(text[start]) { start += 1 }
        while end > start, Self.isSpace(text[end - 1]) { end -= 1 }
        return String(decoding: text[start..<end], as: UTF8.self)
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func startHeader(_ tag: XMLStartTag) {
        header = OAIHeader(identifier: "", datestamp: "", isDeleted: attribute(tag, "status") == "deleted")
    }

    // MARK: - Payloads

    /// The first element inside `<metadata>`: the payload. Later siblings are skipped.
    private func startPayload(_ tag: XMLStartTag) -> Bool {
        if payloadDone || record == nil {
            roles.append(.skip)
            if collecting > 0 { collecting += 1 }
            return true
        }
        guard let start = elementStart(from: metadataContentStart, before: tag.offset) else {
            stop = .needsTreeReader
            return false
        }
        payloadStart = start
        tree.removeAll()
        shadowed.removeAll(keepingCapacity: true)
        // What the payload may inherit: the envelope's bindings, innermost first, unless its root redeclares them.
        var candidates: [(prefix: String?, uri: String, used: Bool)] = []
        for binding in envelopeNamespaces.reversed() where !tag.declaresNamespace(prefix: binding.prefix)
            && !candidates.contains(where: { $0.prefix == binding.prefix }) {
            candidates.append((binding.prefix, binding.uri, false))
        }
        if candidates.count != inherited.count
            || zip(candidates, inherited).contains(where: { $0.prefix != $1.prefix || $0.uri != $1.uri }) {
            inheritedByName.removeAll(keepingCapacity: true)  // the names' answers were for other candidates
        }
        inherited = candidates
        payloadDepth = 0
        payloadElement(tag, isRoot: true)
        return true
    }

    private func payloadElement(_ tag: XMLStartTag, isRoot: Bool = false) {
        let element = tree.startElement(tag)
        payloadDepth += 1
        guard !inherited.isEmpty else { return }
        if !isRoot, tag.namespaceCount > 0 {
            for index in 0..<tag.namespaceCount { shadowed.append((tag.namespacePrefix(index), payloadDepth)) }
        }
        use(tag.name)
        for attribute in tree.attributes(element) { use(tree.attributeName(attribute)) }
    }

    /// Marks the inherited binding a name of the payload is in (if any) as used.
    @inline(__always)
    private func use(_ name: Int32) {
        let id = Int(name)
        if id >= inheritedByName.count {
            inheritedByName.append(contentsOf: repeatElement(-2, count: id - inheritedByName.count + 1))
        }
        var index = Int(inheritedByName[id])
        if index == -2 {
            // First sight of this name with these candidates: which binding (by prefix and URI) it is in.
            let qualified = names[name]
            index = qualified.namespaceURI == nil ? -1
                : inherited.firstIndex { $0.prefix == qualified.prefix && $0.uri == qualified.namespaceURI } ?? -1
            inheritedByName[id] = Int16(index)
        }
        guard index >= 0, !inherited[index].used else { return }
        if !shadowed.isEmpty, shadowed.contains(where: { $0.prefix == inherited[index].prefix }) { return }
        inherited[index].used = true
    }

    private func endPayload(at end: Int) {
        payloadDone = true
        // A payload before its header (not what OAI-PMH says, but seen) is left to the tree reader, which
        // reads the whole record first.
        guard var current = record, recordHasHeader, end <= bytes.count, payloadStart < end,
              bytes[end - 1] == UInt8(ascii: ">") else {
            stop = .needsTreeReader
            return
        }
        let xml = standaloneXML(end: end)
        current.metadataBytes = xml
        let header = current.header
        do {
            if tree.hasXMLLiteral {
                // Literals keep their markup only through a document: read this payload as one.
                let document = try XMLDocument(parsing: xml, name: header.identifier)
                guard let root = document.root else { throw PayloadConversionFailure(message: "no root element") }
                current.converted = .success(try converter(XMLTree(node: root, names: XMLNameTable()), header))
            } else {
                current.converted = .success(try converter(tree, header))
            }
        } catch {
            current.converted = .failure(PayloadConversionFailure(message: "\(error)"))
        }
        record = current
    }

    /// The payload's bytes with the envelope namespaces it uses declared on its root.
    private func standaloneXML(end: Int) -> [UInt8] {
        let used = inherited.filter(\.used).reversed()  // in the envelope's order
        if used.isEmpty {
            return Array(bytes[payloadStart..<end])
        }
        // After "<" and the root's qualified name.
        var nameEnd = payloadStart + 1
        while nameEnd < end, !Self.endsName(bytes[nameEnd]) { nameEnd += 1 }
        var output: [UInt8] = []
        output.reserveCapacity(end - payloadStart + 64 * used.count)
        output.append(contentsOf: bytes[payloadStart..<nameEnd])
        for binding in used {
            output.append(contentsOf: (binding.prefix.map { " xmlns:" + $0 } ?? " xmlns").utf8)
            output.append(contentsOf: "=\"".utf8)
            XMLEscaping.append(binding.uri, attribute: true, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        output.append(contentsOf: bytes[nameEnd..<end])
        return output
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    /// The offset of the `<` that starts the next element at or after `from`, skipping character data,
    /// comments, processing instructions and CDATA sections; nil when none starts before `limit`.
    private func elementStart(from: Int, before limit: Int) -> Int? {
        var index = from
        let count = min(limit, bytes.count)
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if matches("<!--", at: index) {
                guard let close = find("-->", from: index + 4) else { return nil }
                index = close + 3
            } else if matches("<![CDATA[", at: index) {
                guard let close = find("]]>", from: index + 9) else { return nil }
                index = close + 3
            } else if matches("<?", at: index) {
                guard let close = find("?>", from: index + 2) else { return nil }
                index = close + 2
            } else {
                return index
            }
        }
        return nil
    }

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        literal.withUTF8Buffer { pattern in
            index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
    }

    private func find(_ literal: StaticString, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(literal, at: index) { return index }
            index += 1
        }
        return nil
    }
}

private extension OAIPageReader.Role {
    /// Roles whose text content is read.
    var collectsText: Bool {
        switch self {
        case .responseDate, .error, .identifyField, .headerField, .setField, .formatField, .resumptionToken: return true
        default: return false
        }
    }
}
