import CLibXML2

/// A node inside an `XMLDocument`: an element, text, or other node. Keeps its document alive.
public struct XMLNode: @unchecked Sendable {
    // @unchecked: read-only view; the document that owns the pointer is retained alongside it.
    let pointer: xmlNodePtr
    /// The document this node belongs to.
    public let document: XMLDocument

    init(pointer: xmlNodePtr, document: XMLDocument) {
        self.pointer = pointer
        self.document = document
    }

    /// What kind of node this is.
    public enum Kind: Sendable, Equatable {
        case element, text, cdata, comment, processingInstruction, other
    }

    /// The node's kind.
    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: return .element
        case XML_TEXT_NODE: return .text
        case XML_CDATA_SECTION_NODE: return .cdata
        case XML_COMMENT_NODE: return .comment
        case XML_PI_NODE: return .processingInstruction
        default: return .other
        }
    }

    /// True for elements.
    public var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    /// The local name (without prefix).
    public var localName: String { string(pointer.pointee.name) ?? "" }

    /// The namespace URI, if the node is in a namespace.
    public var namespaceURI: String? { pointer.pointee.ns.flatMap { string($0.pointee.href) } }

    /// The prefix the document used for this node's namespace, if any.
    public var prefix: String? { pointer.pointee.ns.flatMap { string($0.pointee.prefix) } }

    /// The identity of the node's name and namespace within its document: equal for nodes of the same
    /// name in the same namespace when the document interns names (parsed documents and copies do).
    public var nameKey: XMLNameKey {
        XMLNameKey(name: UnsafeRawPointer(pointer.pointee.name), namespace: pointer.pointee.ns.map { UnsafeRawPointer($0.pointee.href) })
    }

    /// The qualified name as written (`prefix:local` or `local`).
    public var qualifiedName: String {
        if let prefix, !prefix.isEmpty { return prefix + ":" + localName }
        return localName
    }

    /// All child nodes in document order.
    public var children: [XMLNode] {
        var result: [XMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(XMLNode(pointer: current, document: document))
            child = current.pointee.next
        }
        return result
    }

    /// The element children in document order.
    public var elementChildren: [XMLNode] {
        var result: [XMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLNode(pointer: current, document: document))
            }
            child = current.pointee.next
        }
        return result
    }

    /// The first element child with this local name (and namespace, when given).
    public func firstChild(named localName: String, namespace: String? = nil) -> XMLNode? {
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                let node = XMLNode(pointer: current, document: document)
                if node.localName == localName, namespace == nil || node.namespaceURI == namespace { return node }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// The attributes of an element, in document order.
    public var attributes: [XMLAttribute] {
        var result: [XMLAttribute] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            let name = string(current.pointee.name) ?? ""
            let ns = current.pointee.ns
            let value: String
            if let raw = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                value = String(cString: raw)
                thresher_xmlFree(raw)
            } else {
                value = ""
            }
            result.append(XMLAttribute(
                localName: name,
                namespaceURI: ns.flatMap { string($0.pointee.href) },
                prefix: ns.flatMap { string($0.pointee.prefix) },
                value: value))
            attribute = current.pointee.next
        }
        return result
    }

    /// The value of an attribute by local name and namespace URI (nil namespace: no namespace).
    public func attribute(_ localName: String, namespace: String? = nil) -> String? {
        let raw: UnsafeMutablePointer<xmlChar>?
        if let namespace {
            raw = xmlGetNsProp(pointer, localName, namespace)
        } else {
            raw = xmlGetNoNsProp(pointer, localName)
        }
        guard let raw else { return nil }
        defer { thresher_xmlFree(raw) }
        return String(cString: raw)
    }

    /// True when the element has attributes.
    public var hasAttributes: Bool { pointer.pointee.properties != nil }

    /// The concatenated text of this node and its descendants.
    public var textContent: String {
        // Fast path: an element whose only child is one text node (most property values).
        if let child = pointer.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
           let content = child.pointee.content {
            return String(cString: content)
        }
        if pointer.pointee.type == XML_ELEMENT_NODE, pointer.pointee.children == nil { return "" }
        guard let raw = xmlNodeGetContent(pointer) else { return "" }
        defer { thresher_xmlFree(raw) }
        return String(cString: raw)
    }

    /// The node serialized as XML, carrying the namespace declarations it needs.
    public var outerXML: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        if pointer.pointee.parent != nil, pointer.pointee.parent.pointee.type != XML_DOCUMENT_NODE, isElement {
            // Serialize a standalone copy so namespaces declared on ancestors are declared on it.
            return XMLDocument(copying: self).root?.outerXML ?? ""
        }
        xmlNodeDump(buffer, document.pointer, pointer, 0, 0)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}

/// A cheap key for a node's name and namespace (see `XMLNode.nameKey`).
public struct XMLNameKey: Hashable, @unchecked Sendable {
    let name: UnsafeRawPointer?
    let namespace: UnsafeRawPointer?
}

/// An attribute of an element.
public struct XMLAttribute: Sendable, Equatable {
    /// The local name (without prefix).
    public var localName: String
    /// The namespace URI, if any.
    public var namespaceURI: String?
    /// The prefix used in the document, if any.
    public var prefix: String?
    /// The attribute's value, entities resolved.
    public var value: String
}

@inline(__always)
func string(_ chars: UnsafePointer<xmlChar>?) -> String? {
    guard let chars else { return nil }
    return String(cString: chars)
}
