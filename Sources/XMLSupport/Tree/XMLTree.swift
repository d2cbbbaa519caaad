/// An element subtree held in a few flat arrays: elements, attributes, text. Cheap to build from a
/// streaming parse (no node allocations) and to walk; what the record converters read.
///
/// Element 0 is the root. Text is kept in document order, so an element's text content (the text of
/// all its descendants) is one contiguous range. Comments and processing instructions are not kept.
public struct XMLTree {
    /// An element of the tree (an index; the root is 0).
    public typealias Element = Int32

    struct Node {
        var name: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var attributeStart: Int32
        var attributeEnd: Int32
        var textStart: Int32
        var textEnd: Int32
    }

    struct Attribute {
        var name: Int32
        var start: Int32
        var end: Int32
    }

    /// The names the tree's elements and attributes refer to (shared by the trees of one parse).
    public let names: XMLNameTable
    var nodes: [Node] = []
    var attributeList: [Attribute] = []
    var text: [UInt8] = []
    var values: [UInt8] = []
    var open: [Int32] = []
    var literals: [Int32: String] = [:]

    /// True when an element carries `rdf:parseType="Literal"`: its children are XML literals, whose
    /// serialization only a tree made from a document (`init(node:)`) keeps.
    public internal(set) var hasXMLLiteral = false
    /// True when the input nested elements deeper than `maximumDepth`: the deeper ones were left out.
    public internal(set) var isTruncated = false
    /// Elements opened below `maximumDepth` and not yet closed (left out of the tree).
    var skippedDepth = 0

    /// The deepest nesting a tree keeps (the root is at depth 1): libxml2's own limit without
    /// `XML_PARSE_HUGE`. Real metadata nests a few dozen elements at most; deeper input is left out, so
    /// that no reader of a tree (the converter, a tree walk) recurses without bound.
    public static let maximumDepth = 256

    /// An empty tree over `names`.
    public init(names: XMLNameTable = XMLNameTable()) {
        self.names = names
        nodes.reserveCapacity(128)
        attributeList.reserveCapacity(128)
        text.reserveCapacity(4096)
        values.reserveCapacity(2048)
    }

    // MARK: - Reading

    /// The root element, nil for an empty tree.
    public var root: Element? { nodes.isEmpty ? nil : 0 }

    /// The number of elements.
    public var count: Int { nodes.count }

    /// The name id of an element (see `names`).
    @inline(__always)
    public func nameID(_ element: Element) -> Int32 { nodes[Int(element)].name }

    /// The name of an element.
    public func name(_ element: Element) -> XMLName { names[nodes[Int(element)].name] }

    /// The element children in document order.
    public func children(_ element: Element) -> Children { Children(tree: self, first: nodes[Int(element)].firstChild) }

    /// True when the element has element children.
    @inline(__always)
    public func hasChildren(_ element: Element) -> Bool { nodes[Int(element)].firstChild >= 0 }

    /// The attributes of an element, in document order, as indices for `attributeName` and `attributeValue`.
    @inline(__always)
    public func attributes(_ element: Element) -> Range<Int> {
        let node = nodes[Int(element)]
        return Int(node.attributeStart)..<Int(node.attributeEnd)
    }

    /// The name id of an attribute.
    @inline(__always)
    public func attributeName(_ attribute: Int) -> Int32 { attributeList[attribute].name }

    /// The value of an attribute (entities resolved).
    public func attributeValue(_ attribute: Int) -> String {
        let item = attributeList[attribute]
        return String(decoding: values[Int(item.start)..<Int(item.end)], as: UTF8.self)
    }

    /// The value of the attribute with this local name and namespace (nil: no namespace), if present.
    public func attribute(_ element: Element, _ localName: String, namespace: String? = nil) -> String? {
        for index in attributes(element) {
            let name = names[attributeList[index].name]
            if name.localName == localName, name.namespaceURI == namespace { return attributeValue(index) }
        }
        return nil
    }

    /// The concatenated text of the element's descendants.
    public func textContent(_ element: Element) -> String {
        let node = nodes[Int(element)]
        return String(decoding: text[Int(node.textStart)..<Int(node.textEnd)], as: UTF8.self)
    }

    /// The serialization of an XML literal (a child of an `rdf:parseType="Literal"` element), when the
    /// tree was made from a document.
    public func literalXML(_ element: Element) -> String? { literals[element] }

    /// Element children, in document order.
    public struct Children: Sequence, IteratorProtocol {
        let nodes: [Node]
        var upcoming: Int32

        init(tree: XMLTree, first: Int32) {
            nodes = tree.nodes
            upcoming = first
        }

        public mutating func next() -> Element? {
            guard upcoming >= 0 else { return nil }
            let current = upcoming
            upcoming = nodes[Int(current)].nextSibling
            return current
        }
    }

    /// Direct access to the tree's storage for the duration of `body` (no copies, no allocations):
    /// what converters that visit every element use.
    public func withStorage<T>(_ body: (Storage) throws -> T) rethrows -> T {
        try nodes.withUnsafeBufferPointer { nodes in
            try attributeList.withUnsafeBufferPointer { attributes in
                try text.withUnsafeBufferPointer { text in
                    try values.withUnsafeBufferPointer { values in
                        try body(Storage(names: names, nodes: nodes, attributes: attributes, text: text, values: values,
                                         literals: literals))
                    }
                }
            }
        }
    }

    /// A tree's storage, valid only inside `withStorage`.
    public struct Storage {
        /// The names the tree refers to.
        public let names: XMLNameTable
        let nodes: UnsafeBufferPointer<Node>
        let attributes: UnsafeBufferPointer<Attribute>
        let text: UnsafeBufferPointer<UInt8>
        let values: UnsafeBufferPointer<UInt8>
        let literals: [Int32: String]

        /// The root element, nil for an empty tree.
        public var root: Element? { nodes.isEmpty ? nil : 0 }

        /// The name id of an element.
        @inline(__always)
        public func nameID(_ element: Element) -> Int32 { nodes[Int(element)].name }

        /// The first element child, -1 for none.
        @inline(__always)
        public func firstChild(_ element: Element) -> Element { nodes[Int(element)].firstChild }

        /// The next element sibling, -1 for none.
        @inline(__always)
        public func nextSibling(_ element: Element) -> Element { nodes[Int(element)].nextSibling }

        /// The element's attributes, as indices for `attributeName` and `attributeValue`.
        @inline(__always)
        public func attributes(_ element: Element) -> Range<Int> {
            Int(nodes[Int(element)].attributeStart)..<Int(nodes[Int(element)].attributeEnd)
        }

        /// The name id of an attribute.
        @inline(__always)
        public func attributeName(_ attribute: Int) -> Int32 { attributes[attribute].name }

        /// The UTF-8 value of an attribute (entities resolved).
        @inline(__always)
        public func attributeValue(_ attribute: Int) -> UnsafeBufferPointer<UInt8> {
            let item = attributes[attribute]
            return UnsafeBufferPointer(rebasing: values[Int(item.start)..<Int(item.end)])
        }

        /// The UTF-8 text content of an element (all its descendants' text).
        @inline(__always)
        public func textContent(_ element: Element) -> UnsafeBufferPointer<UInt8> {
            let node = nodes[Int(element)]
            return UnsafeBufferPointer(rebasing: text[Int(node.textStart)..<Int(node.textEnd)])
        }

        /// The serialization of an XML literal, when the tree was made from a document.
        public func literalXML(_ element: Element) -> String? { literals[element] }
    }

    // MARK: - Building

    /// Empties the tree, keeping its storage and name table.
    public mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
        attributeList.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        literals.removeAll()
        hasXMLLiteral = false
        isTruncated = false
        skippedDepth = 0
    }

    /// True while an element is open (between `startElement` and its `endElement`).
    public var isBuilding: Bool { !open.isEmpty }

    /// Opens an element as the last child of the open one (or as the root); its attributes follow with
    /// `addAttribute`. Returns the new element.
    @discardableResult
    public mutating func startElement(name: Int32) -> Element {
        if skippedDepth > 0 || open.count >= XMLTree.maximumDepth, let deepest = open.last {
            // Too deep: left out, with its attributes, text and descendants; the deepest kept element stands in.
            skippedDepth += 1
            isTruncated = true
            return deepest
        }
        let index = Int32(nodes.count)
        let textCount = Int32(text.count)
        let attributeCount = Int32(attributeList.count)
        nodes.append(Node(name: name, attributeStart: attributeCount, attributeEnd: attributeCount,
                          textStart: textCount, textEnd: textCount))
        if let parent = open.last {
            let previous = nodes[Int(parent)].lastChild
            if previous >= 0 { nodes[Int(previous)].nextSibling = index } else { nodes[Int(parent)].firstChild = index }
            nodes[Int(parent)].lastChild = index
        }
        open.append(index)
        return index
    }

    /// Adds an attribute to the element just opened.
    public mutating func addAttribute(name: Int32, value: UnsafeBufferPointer<UInt8>) {
        guard skippedDepth == 0, let current = open.last else { return }
        let start = Int32(values.count)
        values.append(contentsOf: value)
        attributeList.append(Attribute(name: name, start: start, end: Int32(values.count)))
        nodes[Int(current)].attributeEnd = Int32(attributeList.count)
        if value.count == 7, !hasXMLLiteral, value.elementsEqual("Literal".utf8) {
            let attribute = names[name]
            if attribute.localName == "parseType", attribute.namespaceURI == XMLTree.rdfNamespace { hasXMLLiteral = true }
        }
    }

    /// Appends character data to the open element.
    public mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skippedDepth == 0, !open.isEmpty else { return }
        text.append(contentsOf: bytes)
    }

    /// Closes the open element.
    public mutating func endElement() {
        if skippedDepth > 0 {
            skippedDepth -= 1
            return
        }
        guard let current = open.popLast() else { return }
        nodes[Int(current)].textEnd = Int32(text.count)
    }

    /// The RDF namespace (whose `parseType` attribute marks XML literals).
    public static let rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
}

extension XMLTree: CustomStringConvertible {
    /// A canonical text form: each element as `{namespace}local[@{namespace}name="value" …]"text"(children)`,
    /// with its text content (all descendants' text); equal for trees that hold the same data.
    public var description: String {
        guard let root else { return "" }
        var out = ""
        func write(_ element: Element) {
            let name = self.name(element)
            out += "{\(name.namespaceURI ?? "")}\(name.localName)["
            for index in attributes(element) {
                let attribute = names[attributeName(index)]
                out += "@{\(attribute.namespaceURI ?? "")}\(attribute.localName)=\(attributeValue(index).debugDescription) "
            }
            out += "]" + textContent(element).debugDescription + "("
            for child in children(element) { write(child) }
            out += ")"
        }
        write(root)
        return out
    }
}

extension XMLTree {
    /// The tree of a whole document, read in one streaming pass (no libxml2 document is built). Comments,
    /// processing instructions and the serialization of XML literals are not kept (`hasXMLLiteral` says when
    /// a document has literals; `init(node:)` keeps them). `name` appears in error messages.
    public init(parsing bytes: [UInt8], name: String = "document", names: XMLNameTable = XMLNameTable()) throws(XMLError) {
        let builder = Builder(names: names)
        try XMLEventParser.parse(bytes, name: name, names: names, handler: builder)
        guard builder.tree.root != nil else { throw .malformed(name: name, message: "no root element") }
        self = builder.tree
    }

    /// Builds a tree from a parse's events.
    private final class Builder: XMLEventHandler {
        @exclusivity(unchecked) var tree: XMLTree

        init(names: XMLNameTable) { tree = XMLTree(names: names) }

        func startElement(_ tag: XMLStartTag) -> Bool {
            tree.startElement(tag)
            return true
        }

        func endElement(_ end: XMLEndTag) { tree.endElement() }

        func characters(_ text: UnsafeBufferPointer<UInt8>) { tree.appendText(text) }
    }
}
