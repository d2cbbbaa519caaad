import CLibXML2

/// An XML document held in memory by libxml2, owned by this object and freed with it.
///
/// Documents here are small (one OAI-PMH record's metadata, one EDM payload): the protocol
/// layer streams pages and hands out one `XMLDocument` per record.
public final class XMLDocument: @unchecked Sendable {
    // @unchecked: the pointer is owned exclusively by this object and never mutated after init.
    let pointer: xmlDocPtr
    private let owned: Bool

    /// Takes ownership of a libxml2 document.
    init(owning pointer: xmlDocPtr) {
        self.pointer = pointer
        owned = true
    }

    /// A view of a document someone else frees (a streaming reader's current document).
    init(borrowing pointer: xmlDocPtr) {
        self.pointer = pointer
        owned = false
    }

    deinit { if owned { xmlFreeDoc(pointer) } }

    /// Parses a complete XML document from UTF-8 bytes.
    /// - Parameter name: what the bytes are (a file name, a record id), used in error messages.
    public convenience init(parsing bytes: some Collection<UInt8>, name: String = "document") throws(XMLError) {
        let array = Array(bytes)
        guard array.count < Int(Int32.max) else { throw XMLError.malformed(name: name, message: "larger than 2 GB") }
        let collector = XMLErrorCollector()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue)
        let parsed: xmlDocPtr? = array.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                collector.capture {
                    xmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
                }
            }
        }
        guard let parsed else {
            throw XMLError.malformed(name: name, message: collector.firstMessage ?? "not well-formed XML")
        }
        self.init(owning: parsed)
    }

    /// Parses a complete XML document from a string.
    public convenience init(parsing text: String, name: String = "document") throws(XMLError) {
        try self.init(parsing: Array(text.utf8), name: name)
    }

    /// Makes a new document whose root is a deep copy of `node`, keeping every namespace
    /// declaration the copy needs (including those declared on the node's ancestors).
    public convenience init(copying node: XMLNode) {
        self.init(copyingNode: node.pointer)
    }

    /// Makes a new document whose root is a deep copy of a libxml2 node.
    convenience init(copyingNode node: xmlNodePtr) {
        // xmlNewDoc fails only when memory is exhausted.
        guard let doc = xmlNewDoc("1.0") else { fatalError("libxml2: out of memory") }
        // A dictionary interns the copy's names (cheaper copies, and one pointer per distinct name).
        doc.pointee.dict = xmlDictCreate()
        if let copy = xmlDocCopyNode(node, doc, 1) {
            xmlDocSetRootElement(doc, copy)
            xmlReconciliateNs(doc, copy)
        }
        self.init(owning: doc)
    }

    /// The root element, if the document has one.
    public var root: XMLNode? {
        guard let element = xmlDocGetRootElement(pointer) else { return nil }
        return XMLNode(pointer: element, document: self)
    }

    /// The document serialized as UTF-8 XML, without the XML declaration.
    public var xmlString: String {
        root?.outerXML ?? ""
    }
}

/// An error reading XML.
public enum XMLError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The bytes are not well-formed XML; `name` says which input, `message` what libxml2 found and where.
    case malformed(name: String, message: String)

    public var description: String {
        switch self {
        case .malformed(let name, let message): return "\(name): malformed XML: \(message)"
        }
    }
}
