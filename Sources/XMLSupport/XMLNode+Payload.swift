import CLibXML2

extension XMLNode {
    /// Declares on this element every namespace it or its descendants use that is declared only on an
    /// ancestor, so that `serializedInPlace` is a standalone document (what `XMLDocument(copying:)` does,
    /// without copying). Changes this node's document.
    public func declareInheritedNamespaces() {
        guard isElement else { return }
        // Namespaces in scope from ancestors, by prefix, unless this element redeclares the prefix.
        var own = Set<String?>()
        var definition = pointer.pointee.nsDef
        while let ns = definition {
            own.insert(ns.pointee.prefix.map { String(cString: $0) })
            definition = ns.pointee.next
        }
        var inherited: [UnsafeMutablePointer<xmlNs>] = []
        var seen = own
        var ancestor = pointer.pointee.parent
        while let node = ancestor, node.pointee.type == XML_ELEMENT_NODE {
            var ns = node.pointee.nsDef
            while let current = ns {
                let prefix = current.pointee.prefix.map { String(cString: $0) }
                if seen.insert(prefix).inserted { inherited.append(current) }
                ns = current.pointee.next
            }
            ancestor = node.pointee.parent
        }
        guard !inherited.isEmpty else { return }
        var used = Set<UnsafeMutablePointer<xmlNs>>()
        func walk(_ node: xmlNodePtr) {
            if let ns = node.pointee.ns, inherited.contains(ns) { used.insert(ns) }
            var attribute = node.pointee.properties
            while let current = attribute {
                if let ns = current.pointee.ns, inherited.contains(ns) { used.insert(ns) }
                attribute = current.pointee.next
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { walk(current) }
                child = current.pointee.next
            }
        }
        walk(pointer)
        for ns in inherited where used.contains(ns) {
            xmlNewNs(pointer, ns.pointee.href, ns.pointee.prefix)
        }
    }

    /// The node serialized where it stands (namespaces declared on ancestors are not repeated:
    /// call `declareInheritedNamespaces()` first for a standalone result).
    public var serializedInPlace: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, document.pointer, pointer, 0, 0)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}
