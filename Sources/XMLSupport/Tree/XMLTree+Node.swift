import CLibXML2

extension XMLTree {
    /// The tree of a document's element (its attributes, element descendants and text, entities resolved);
    /// children of `rdf:parseType="Literal"` elements keep their serialization (`literalXML`).
    public init(node: XMLNode, names: XMLNameTable = XMLNameTable()) {
        self.init(names: names)
        guard node.isElement else { return }
        add(node.pointer, literal: false)
        names.forgetPointers()
    }

    private mutating func add(_ element: xmlNodePtr, literal: Bool) {
        guard open.count < XMLTree.maximumDepth else {
            isTruncated = true
            return
        }
        let ns = element.pointee.ns
        let id = names.id(local: element.pointee.name, prefix: ns?.pointee.prefix, uri: ns?.pointee.href)
        let index = startElement(name: id)
        if literal {
            literals[index] = XMLNode(pointer: element, document: XMLDocument(borrowing: element.pointee.doc)).outerXML
        }
        var childrenAreLiterals = false
        var attribute = element.pointee.properties
        while let current = attribute {
            let attributeNS = current.pointee.ns
            let name = names.id(local: current.pointee.name, prefix: attributeNS?.pointee.prefix, uri: attributeNS?.pointee.href)
            let raw = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
            let length = raw.map { Int(xmlStrlen($0)) } ?? 0
            addAttribute(name: name, value: UnsafeBufferPointer(start: raw, count: length))
            if let raw { thresher_xmlFree(raw) }
            if attributes(index).count > 0, self.names[name].localName == "parseType",
               self.names[name].namespaceURI == XMLTree.rdfNamespace, attributeValue(attributes(index).upperBound - 1) == "Literal" {
                childrenAreLiterals = true
            }
            attribute = current.pointee.next
        }
        var child = element.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                add(current, literal: childrenAreLiterals)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    appendText(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                }
            case XML_ENTITY_REF_NODE:
                if let content = xmlNodeGetContent(current) {
                    appendText(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    thresher_xmlFree(content)
                }
            default:
                break
            }
            child = current.pointee.next
        }
        endElement()
    }
}
