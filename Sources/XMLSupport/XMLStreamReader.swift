import CLibXML2

/// A forward-only XML reader over a byte buffer (libxml2's xmlTextReader): the document is never held
/// whole in memory; a subtree can be expanded on demand.
public final class XMLStreamReader {
    /// The kind of node the reader stands on.
    public enum NodeType: Sendable, Equatable {
        case element, endElement, text, whitespace, other
    }

    private let reader: xmlTextReaderPtr
    private let bytes: [UInt8]
    private let collector = XMLErrorCollector()
    private let name: String

    /// A reader over `bytes` (kept alive by the reader). `name` appears in error messages.
    public init(bytes: [UInt8], name: String) throws(XMLError) {
        self.bytes = bytes
        self.name = name
        guard bytes.count < Int(Int32.max) else { throw .malformed(name: name, message: "larger than 2 GB") }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let created: xmlTextReaderPtr? = self.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReaderForMemory(chars.baseAddress, Int32(chars.count), nil, nil, options)
            }
        }
        guard let created else { throw .malformed(name: name, message: "libxml2 could not start a reader") }
        reader = created
        let context = Unmanaged.passUnretained(collector).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue()
            collector.append(error)
        }, context)
    }

    deinit { xmlFreeTextReader(reader) }

    /// Moves to the next node; false at the end of the document. Throws on malformed XML.
    public func read() throws(XMLError) -> Bool {
        let result = xmlTextReaderRead(reader)
        if result == 1 { return true }
        if result == 0 { return false }
        throw .malformed(name: name, message: collector.firstMessage ?? "not well-formed XML")
    }

    /// Skips the current node's subtree and moves to its next sibling (or what follows); false at the end.
    public func skipSubtree() throws(XMLError) -> Bool {
        let result = xmlTextReaderNext(reader)
        if result == 1 { return true }
        if result == 0 { return false }
        throw .malformed(name: name, message: collector.firstMessage ?? "not well-formed XML")
    }

    /// The current node's type.
    public var nodeType: NodeType {
        switch xmlTextReaderNodeType(reader) {
        case 1: return .element
        case 15: return .endElement
        case 3, 4: return .text
        case 13, 14: return .whitespace
        default: return .other
        }
    }

    /// The depth of the current node (the root element is 0).
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// True for `<element/>`.
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// The current node's local name.
    public var localName: String {
        guard let name = xmlTextReaderConstLocalName(reader) else { return "" }
        return String(cString: name)
    }

    /// The current node's namespace URI, if any.
    public var namespaceURI: String? {
        guard let uri = xmlTextReaderConstNamespaceUri(reader) else { return nil }
        return String(cString: uri)
    }

    /// The text of the current text node.
    public var value: String {
        guard let value = xmlTextReaderConstValue(reader) else { return "" }
        return String(cString: value)
    }

    /// An attribute of the current element by name (no namespace).
    public func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { thresher_xmlFree(raw) }
        return String(cString: raw)
    }

    /// Loads the current element's whole subtree and hands it to `body` as a node; the node is valid only
    /// inside `body` (copy what must outlive it, e.g. with `XMLDocument(copying:)`).
    public func withExpandedNode<T>(_ body: (XMLNode) throws -> T) throws -> T {
        guard let node = xmlTextReaderExpand(reader), let doc = xmlTextReaderCurrentDoc(reader) else {
            throw XMLError.malformed(name: name, message: collector.firstMessage ?? "cannot read the element")
        }
        return try body(XMLNode(pointer: node, document: XMLDocument(borrowing: doc)))
    }

    /// Errors libxml2 reported so far (line and column each).
    public var errors: [String] { collector.messages }
}
