import XMLSupport

/// Converts a record's metadata XML into the JSON record shape Europeana quality tools read.
///
/// EDM RDF/XML: every class is a key holding an array of objects (`@about` first), every property an
/// array of values (a string, `{"@resource": …}`, or `{"@lang": …, "#value": …}` with `"@datatype"`
/// when typed); nested nodes become top-level objects referenced by `{"@resource": …}`.
/// oai_dc and other formats: `{"dc:title": [...], …}`. `identifier` and `sets` close every object.
public enum RecordConverter {
    /// The JSON for a metadata tree (its root is the metadata's root element). XML literals
    /// (`rdf:parseType="Literal"`) keep their markup only in trees made from a document (`XMLTree(node:)`).
    public static func json(tree: XMLTree, identifier: String, sets: [String]) throws(ConversionError) -> String {
        String(decoding: try jsonBytes(tree: tree, identifier: identifier, sets: sets), as: UTF8.self)
    }

    /// The JSON for a metadata tree as UTF-8 bytes (what the harvest stores; see `json(tree:identifier:sets:)`).
    public static func jsonBytes(tree: XMLTree, identifier: String, sets: [String]) throws(ConversionError) -> [UInt8] {
        guard let root = tree.root else { throw .empty(identifier: identifier) }
        guard !tree.isTruncated else { throw .tooDeep(identifier: identifier, limit: XMLTree.maximumDepth) }
        let workspace = tree.names.attachment { ConverterWorkspace() }
        return tree.withStorage { storage in
            var converter = Converter(tree: storage, workspace: workspace)
            let name = tree.name(root)
            if name.localName == "RDF", name.namespaceURI == Namespaces.rdf {
                var node = storage.firstChild(root)
                while node >= 0 {
                    _ = converter.addNode(node)
                    node = storage.nextSibling(node)
                }
            } else if name.localName == "dc", name.namespaceURI == Namespaces.oaiDC {
                converter.convertFlat(root)
            } else if name.localName == "Description" || name.localName == "ProvidedCHO", name.namespaceURI != nil {
                // A single RDF node without the rdf:RDF wrapper.
                _ = converter.addNode(root)
            } else {
                converter.convertFlat(root)
            }
            return converter.render(identifier: identifier, sets: sets)
        }
    }

    /// The JSON for a parsed metadata root element.
    public static func json(metadata root: XMLNode, identifier: String, sets: [String]) throws(ConversionError) -> String {
        try json(tree: XMLTree(node: root), identifier: identifier, sets: sets)
    }

    /// The JSON for metadata given as XML text (for re-running the conversion on stored raw XML): read in one
    /// streaming pass, or as a document when it holds XML literals.
    public static func json(metadataXML: String, identifier: String, sets: [String]) throws(ConversionError) -> String {
        let bytes = Array(metadataXML.utf8)
        do {
            let tree = try XMLTree(parsing: bytes, name: identifier)
            if !tree.hasXMLLiteral { return try json(tree: tree, identifier: identifier, sets: sets) }
            let document = try XMLDocument(parsing: bytes, name: identifier)
            guard let root = document.root else { throw ConversionError.empty(identifier: identifier) }
            return try json(metadata: root, identifier: identifier, sets: sets)
        } catch let error as ConversionError {
            throw error
        } catch let error as XMLError {
            if case .malformed(_, let message) = error {
                if message == "no root element" { throw .empty(identifier: identifier) }
                throw .malformed(identifier: identifier, message: message)
            }
            throw .malformed(identifier: identifier, message: "\(error)")
        } catch {
            throw .malformed(identifier: identifier, message: "\(error)")
        }
    }
}

/// One conversion's state. Values are rendered into one arena as they are read; objects are runs of
/// (key, value) entries, grouped by key in order of first appearance when the record is rendered.
struct Converter {
    /// A key: 0 is `@about`; `2d + 2` the element key with derived id `d`; `2d + 3` the attribute key `@` + that key.
    typealias Slot = Int32

    struct Entry {
        var slot: Slot
        var value: Range<Int32>
    }

    /// A finished object: its class (derived key id) and its entries in `finished`.
    struct Object {
        var classKey: Int32
        var entries: Range<Int32>
    }

    /// How a node is named: its rdf:about, `_:` + its rdf:nodeID, or a numbered blank node.
    enum NodeID {
        case about(Int)
        case nodeID(Int)
        case blank(Int)
    }

    /// One field of a value object: an attribute (its slot and index) or an extra `@resource` node.
    enum Field {
        case attribute(slot: Slot, index: Int)
        case resource(NodeID)
    }

    /// What converters need to know about an attribute name.
    enum Kind: UInt8 {
        case other = 0, rdfAbout, rdfResource, rdfDatatype, rdfParseType, rdfNodeID, xmlLang, xsi
    }

    let tree: XMLTree.Storage
    let names: XMLNameTable
    private let workspace: ConverterWorkspace
    private var flatEntries: Range<Int32>?
    private var blankNodes = 0
    private let descriptionKey: Int32

    private var arena: JSONWriter {
        get { workspace.arena }
        _modify { yield &workspace.arena }
    }
    private var open: [Entry] {
        get { workspace.open }
        _modify { yield &workspace.open }
    }
    private var finished: [Entry] {
        get { workspace.finished }
        _modify { yield &workspace.finished }
    }
    private var objects: [Object] {
        get { workspace.objects }
        _modify { yield &workspace.objects }
    }
    private var fields: [Field] {
        get { workspace.fields }
        _modify { yield &workspace.fields }
    }
    private var grouping: Grouping {
        get { workspace.grouping }
        _modify { yield &workspace.grouping }
    }

    init(tree: XMLTree.Storage, workspace: ConverterWorkspace) {
        self.tree = tree
        names = tree.names
        self.workspace = workspace
        workspace.reset()
        descriptionKey = tree.names.derivedID(for: "rdf:Description")
    }

    // MARK: Keys

    @inline(__always)
    private func keyID(_ name: Int32) -> Int32 {
        names.derivedID(name) { name in
            let prefix = Namespaces.conventional[name.namespaceURI ?? ""] ?? name.prefix ?? ""
            return prefix.isEmpty ? name.localName : prefix + ":" + name.localName
        }
    }

    @inline(__always)
    private func elementSlot(_ element: XMLTree.Element) -> Slot { 2 * keyID(tree.nameID(element)) + 2 }

    @inline(__always)
    private func attributeSlot(_ name: Int32) -> Slot { 2 * keyID(name) + 3 }

    @inline(__always)
    private func kind(_ name: Int32) -> Kind {
        Kind(rawValue: names.derivedKind(name) { name in
            switch (name.namespaceURI, name.localName) {
            case (Namespaces.rdf, "about"): return Kind.rdfAbout.rawValue
            case (Namespaces.rdf, "resource"): return Kind.rdfResource.rawValue
            case (Namespaces.rdf, "datatype"): return Kind.rdfDatatype.rawValue
            case (Namespaces.rdf, "parseType"): return Kind.rdfParseType.rawValue
            case (Namespaces.rdf, "nodeID"): return Kind.rdfNodeID.rawValue
            case (Namespaces.xml, "lang"): return Kind.xmlLang.rawValue
            case (Namespaces.xsi, _): return Kind.xsi.rawValue
            default: return Kind.other.rawValue
            }
        }) ?? .other
    }

    // MARK: RDF

    /// Adds a class node (and its nested nodes) as a top-level object; returns how it is named.
    mutating func addNode(_ node: XMLTree.Element) -> NodeID {
        let start = open.count
        open.append(Entry(slot: 0, value: 0..<0))  // @about, once known
        var about: Int?
        var nodeID: Int?
        for attribute in tree.attributes(node) {
            let name = tree.attributeName(attribute)
            switch kind(name) {
            case .rdfAbout:
                about = attribute
                continue
            case .rdfNodeID:
                if nodeID == nil { nodeID = attribute }
            default:
                break
            }
            open.append(Entry(slot: attributeSlot(name), value: quotedAttribute(attribute)))
        }
        let id: NodeID
        if let about {
            id = .about(about)
        } else {
            blankNodes += 1
            id = nodeID.map { .nodeID($0) } ?? .blank(blankNodes)
        }
        open[start].value = quoted(id)
        var property = tree.firstChild(node)
        while property >= 0 {
            let value = value(of: property)
            open.append(Entry(slot: elementSlot(property), value: value))
            property = tree.nextSibling(property)
        }
        finish(from: start, classKey: keyID(tree.nameID(node)))
        return id
    }

    /// Moves the open entries from `start` on into a finished object of class `classKey`.
    private mutating func finish(from start: Int, classKey: Int32) {
        let first = Int32(finished.count)
        finished.append(contentsOf: open[start...])
        open.removeSubrange(start...)
        objects.append(Object(classKey: classKey, entries: first..<Int32(finished.count)))
    }

    /// The rendered value of a property element.
    private mutating func value(of property: XMLTree.Element) -> Range<Int32> {
        var resource: NodeID?
        var lang: Int?
        var datatype: Int?
        var parseType: Int?
        let fieldStart = fields.count
        defer { fields.removeSubrange(fieldStart...) }
        for attribute in tree.attributes(property) {
            let name = tree.attributeName(attribute)
            switch kind(name) {
            case .rdfResource: resource = .about(attribute)
            case .xmlLang: lang = attribute
            case .rdfDatatype: datatype = attribute
            case .rdfParseType: parseType = attribute
            default: fields.append(.attribute(slot: attributeSlot(name), index: attribute))
            }
        }
        let isLiteral = parseType.map { attributeIs($0, "Literal") } ?? false
        if resource == nil, tree.firstChild(property) >= 0, !isLiteral {
            if let parseType, attributeIs(parseType, "Resource") {
                // The property element is itself an anonymous node.
                blankNodes += 1
                let id = NodeID.blank(blankNodes)
                let start = open.count
                open.append(Entry(slot: 0, value: quoted(id)))
                var child = tree.firstChild(property)
                while child >= 0 {
                    let value = value(of: child)
                    open.append(Entry(slot: elementSlot(child), value: value))
                    child = tree.nextSibling(child)
                }
                finish(from: start, classKey: descriptionKey)
                resource = id
            } else {
                // Nested nodes go to the top level; the property refers to the (first) one.
                var child = tree.firstChild(property)
                while child >= 0 {
                    let id = addNode(child)
                    if resource == nil { resource = id } else { fields.append(.resource(id)) }
                    child = tree.nextSibling(child)
                }
            }
        }
        let start = Int32(arena.count)
        if let resource {
            arena.raw(#"{"@resource":"#)
            write(resource)
            if let lang {
                arena.raw(#","@lang":"#)
                writeAttribute(lang)
            }
            writeFields(from: fieldStart)
            arena.byte(UInt8(ascii: "}"))
            return start..<Int32(arena.count)
        }
        let plain = lang == nil && datatype == nil && fields.count == fieldStart
        if !plain { arena.byte(UInt8(ascii: "{")) }
        if let lang {
            arena.raw(#""@lang":"#)
            writeAttribute(lang)
            arena.byte(UInt8(ascii: ","))
        }
        if !plain { arena.raw(##""#value":"##) }
        if isLiteral {
            var markup = ""
            var child = tree.firstChild(property)
            while child >= 0 {
                markup += tree.literalXML(child) ?? ""
                child = tree.nextSibling(child)
            }
            arena.string(markup)
        } else {
            arena.string(tree.textContent(property))
        }
        if let datatype {
            arena.raw(#","@datatype":"#)
            writeAttribute(datatype)
        }
        if !plain {
            writeFields(from: fieldStart)
            arena.byte(UInt8(ascii: "}"))
        }
        return start..<Int32(arena.count)
    }

    private func attributeIs(_ attribute: Int, _ text: StaticString) -> Bool {
        let value = tree.attributeValue(attribute)
        return text.withUTF8Buffer { value.elementsEqual($0) }
    }

    /// `,"key":value` for each field from `start` on.
    private mutating func writeFields(from start: Int) {
        for field in fields[start...] {
            arena.byte(UInt8(ascii: ","))
            switch field {
            case .attribute(let slot, let index):
                writeKey(slot)
                arena.byte(UInt8(ascii: ":"))
                writeAttribute(index)
            case .resource(let id):
                arena.raw(#""@resource":"#)
                write(id)
            }
        }
    }

    // MARK: Flat formats (oai_dc and others)

    mutating func convertFlat(_ root: XMLTree.Element) {
        let start = open.count
        flatObject(root)
        let first = Int32(finished.count)
        finished.append(contentsOf: open[start...])
        open.removeSubrange(start...)
        flatEntries = first..<Int32(finished.count)
    }

    /// Appends the entries of a flat object to `open`.
    private mutating func flatObject(_ node: XMLTree.Element) {
        for attribute in tree.attributes(node) {
            let name = tree.attributeName(attribute)
            if kind(name) == .xsi { continue }
            open.append(Entry(slot: attributeSlot(name), value: quotedAttribute(attribute)))
        }
        var next = tree.firstChild(node)
        while next >= 0 {
            let child = next
            next = tree.nextSibling(child)
            let slot = elementSlot(child)
            if tree.firstChild(child) >= 0 {
                let start = open.count
                flatObject(child)
                let value = renderObject(open[start...])
                open.removeSubrange(start...)
                open.append(Entry(slot: slot, value: value))
                continue
            }
            let attributes = tree.attributes(child)
            if attributes.isEmpty {
                let start = Int32(arena.count)
                arena.string(tree.textContent(child))
                open.append(Entry(slot: slot, value: start..<Int32(arena.count)))
                continue
            }
            // xml:lang first, then the other attributes in document order; a first field named @lang leads.
            let fieldStart = fields.count
            var lang: Int?
            for attribute in attributes {
                let name = tree.attributeName(attribute)
                if kind(name) == .xmlLang { lang = attribute } else { fields.append(.attribute(slot: attributeSlot(name), index: attribute)) }
            }
            let start = Int32(arena.count)
            arena.byte(UInt8(ascii: "{"))
            var rest = fieldStart
            if let lang {
                arena.raw(#""@lang":"#)
                writeAttribute(lang)
                arena.byte(UInt8(ascii: ","))
            } else if case .attribute(let first, let index) = fields[fieldStart], isLangKey(first) {
                writeKey(first)
                arena.byte(UInt8(ascii: ":"))
                writeAttribute(index)
                arena.byte(UInt8(ascii: ","))
                rest += 1
            }
            arena.raw(##""#value":"##)
            arena.string(tree.textContent(child))
            writeFields(from: rest)
            arena.byte(UInt8(ascii: "}"))
            fields.removeSubrange(fieldStart...)
            open.append(Entry(slot: slot, value: start..<Int32(arena.count)))
        }
    }

    private func isLangKey(_ slot: Slot) -> Bool {
        slot > 0 && slot % 2 == 1 && names.derivedString((slot - 3) / 2) == "lang"
    }

    /// Renders entries as one JSON object into the arena.
    private mutating func renderObject(_ entries: ArraySlice<Entry>) -> Range<Int32> {
        var writer = JSONWriter(capacity: 256)
        writeEntries(entries, into: &writer)
        let start = Int32(arena.count)
        arena.byte(UInt8(ascii: "{"))
        arena.append(writer.slice(0..<Int32(writer.count)))
        arena.byte(UInt8(ascii: "}"))
        return start..<Int32(arena.count)
    }

    // MARK: Rendering

    private mutating func quotedAttribute(_ attribute: Int) -> Range<Int32> {
        let start = Int32(arena.count)
        writeAttribute(attribute)
        return start..<Int32(arena.count)
    }

    private mutating func quoted(_ id: NodeID) -> Range<Int32> {
        let start = Int32(arena.count)
        write(id)
        return start..<Int32(arena.count)
    }

    private mutating func writeAttribute(_ attribute: Int) {
        arena.string(tree.attributeValue(attribute))
    }

    private mutating func write(_ id: NodeID) {
        switch id {
        case .about(let attribute):
            writeAttribute(attribute)
        case .nodeID(let attribute):
            arena.raw(#""_:"#)
            arena.contents(tree.attributeValue(attribute))
            arena.byte(UInt8(ascii: "\""))
        case .blank(let number):
            arena.raw(#""_:b"#)
            arena.digits(number)
            arena.byte(UInt8(ascii: "\""))
        }
    }

    private mutating func writeKey(_ slot: Slot) {
        Self.writeKey(slot, workspace: workspace, names: names, into: &arena)
    }

    /// The key of `slot`, quoted, from the workspace's keys (rendered the first time each is written).
    @inline(__always)
    private static func writeKey(_ slot: Slot, workspace: ConverterWorkspace, names: XMLNameTable, into writer: inout JSONWriter) {
        let index = Int(slot)
        if index < workspace.keyRanges.count, !workspace.keyRanges[index].isEmpty {
            writer.append(workspace.keys.slice(workspace.keyRanges[index]))
            return
        }
        if index >= workspace.keyRanges.count {
            workspace.keyRanges.append(contentsOf: repeatElement(0..<0, count: index - workspace.keyRanges.count + 1))
        }
        let start = Int32(workspace.keys.count)
        renderKey(slot, names: names, into: &workspace.keys)
        workspace.keyRanges[index] = start..<Int32(workspace.keys.count)
        writer.append(workspace.keys.slice(workspace.keyRanges[index]))
    }

    private static func renderKey(_ slot: Slot, names: XMLNameTable, into writer: inout JSONWriter) {
        if slot == 0 {
            writer.raw(#""@about""#)
            return
        }
        var key = names.derivedString((slot - 2) / 2)
        writer.byte(UInt8(ascii: "\""))
        if slot % 2 == 1 { writer.byte(UInt8(ascii: "@")) }
        key.withUTF8 { writer.contents($0) }
        writer.byte(UInt8(ascii: "\""))
    }

    /// `"key":value` pairs grouped by key in order of first appearance: attribute keys (`@…`) with one
    /// value as scalars, properties as arrays.
    private func writeEntries(_ entries: ArraySlice<Entry>, into writer: inout JSONWriter) {
        var grouping = Grouping()
        writeEntries(entries, into: &writer, grouping: &grouping)
    }

    private func writeEntries(_ entries: ArraySlice<Entry>, into writer: inout JSONWriter, grouping: inout Grouping) {
        let arena = workspace.arena
        grouping.group(count: entries.count) { entries[entries.startIndex + $0].slot }
        for (n, group) in grouping.order.enumerated() {
            if n > 0 { writer.byte(UInt8(ascii: ",")) }
            let slot = entries[entries.startIndex + Int(grouping.head[Int(group)])].slot
            Self.writeKey(slot, workspace: workspace, names: names, into: &writer)
            writer.byte(UInt8(ascii: ":"))
            let single = grouping.next[Int(grouping.head[Int(group)])] < 0
            let scalar = single && (slot == 0 || slot % 2 == 1)
            if !scalar { writer.byte(UInt8(ascii: "[")) }
            var member = grouping.head[Int(group)]
            var first = true
            while member >= 0 {
                if !first { writer.byte(UInt8(ascii: ",")) }
                first = false
                let value = entries[entries.startIndex + Int(member)].value
                writer.append(arena.slice(value))
                member = grouping.next[Int(member)]
            }
            if !scalar { writer.byte(UInt8(ascii: "]")) }
        }
        grouping.reset()
    }

    /// The whole record: classes (or flat fields), then `identifier` and `sets`.
    mutating func render(identifier: String, sets: [String]) -> [UInt8] {
        var writer = workspace.output  // shares the workspace's buffer
        defer { writer.removeAll() }
        writer.byte(UInt8(ascii: "{"))
        var first = true
        if let flat = flatEntries {
            writeEntries(finished[Int(flat.lowerBound)..<Int(flat.upperBound)], into: &writer, grouping: &grouping)
            first = flat.isEmpty
        } else {
            var classes = workspace.classes
            defer {
                classes.reset()
                workspace.classes = classes
            }
            classes.group(count: objects.count) { objects[$0].classKey }
            for group in classes.order {
                if !first { writer.byte(UInt8(ascii: ",")) }
                first = false
                var member = classes.head[Int(group)]
                Self.writeKey(2 * objects[Int(member)].classKey + 2, workspace: workspace, names: names, into: &writer)
                writer.raw(":[")
                var firstObject = true
                while member >= 0 {
                    if !firstObject { writer.byte(UInt8(ascii: ",")) }
                    firstObject = false
                    let entries = objects[Int(member)].entries
                    writer.byte(UInt8(ascii: "{"))
                    writeEntries(finished[Int(entries.lowerBound)..<Int(entries.upperBound)], into: &writer, grouping: &grouping)
                    writer.byte(UInt8(ascii: "}"))
                    member = classes.next[Int(member)]
                }
                writer.byte(UInt8(ascii: "]"))
            }
        }
        if !first { writer.byte(UInt8(ascii: ",")) }
        writer.raw(#""identifier":"#)
        writer.string(identifier)
        writer.raw(#","sets":["#)
        for (n, set) in sets.enumerated() {
            if n > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.string(set)
        }
        writer.raw("]}")
        return writer.bytes
    }
}

/// The arrays a conversion fills, kept with the parse's name table and reused by every record of the parse.
/// Used by one conversion at a time on the parse's thread: no dynamic exclusivity checks on its arrays.
final class ConverterWorkspace {
    @exclusivity(unchecked) var arena = JSONWriter(capacity: 16384)
    @exclusivity(unchecked) var output = JSONWriter(capacity: 16384)
    @exclusivity(unchecked) var open: [Converter.Entry] = []
    @exclusivity(unchecked) var finished: [Converter.Entry] = []
    @exclusivity(unchecked) var objects: [Converter.Object] = []
    @exclusivity(unchecked) var fields: [Converter.Field] = []
    @exclusivity(unchecked) var grouping = Grouping()
    @exclusivity(unchecked) var classes = Grouping()
    /// JSON keys as written (quoted), rendered once per parse: `keyRanges[slot]` in `keys` (empty: not yet).
    @exclusivity(unchecked) var keys = JSONWriter(capacity: 4096)
    @exclusivity(unchecked) var keyRanges: [Range<Int32>] = []

    init() {
        open.reserveCapacity(64)
        finished.reserveCapacity(256)
        objects.reserveCapacity(32)
        fields.reserveCapacity(16)
    }

    func reset() {
        arena.removeAll()
        open.removeAll(keepingCapacity: true)
        finished.removeAll(keepingCapacity: true)
        objects.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
    }
}

/// Groups items by key in order of first appearance, in linear time: `order` lists the groups (by key),
/// `head[key]` is a group's first item and `next[item]` the item after it in the same group (-1 at the end).
struct Grouping {
    var head: [Int32] = []
    var tail: [Int32] = []
    var next: [Int32] = []
    var order: [Int32] = []

    mutating func group(count: Int, key: (Int) -> Int32) {
        next.removeAll(keepingCapacity: true)
        next.reserveCapacity(count)
        for item in 0..<count {
            let k = Int(key(item))
            if k >= head.count {
                head.append(contentsOf: repeatElement(-1, count: k - head.count + 1))
                tail.append(contentsOf: repeatElement(-1, count: k - tail.count + 1))
            }
            next.append(-1)
            if head[k] < 0 {
                head[k] = Int32(item)
                order.append(Int32(k))
            } else {
                next[Int(tail[k])] = Int32(item)
            }
            tail[k] = Int32(item)
        }
    }

    /// Clears the groups for the next use.
    mutating func reset() {
        for k in order { head[Int(k)] = -1 }
        order.removeAll(keepingCapacity: true)
    }
}

extension JSONWriter {
    /// Appends a non-negative integer's decimal digits.
    mutating func digits(_ number: Int) {
        var digits: [UInt8] = []
        var value = max(0, number)
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
        for digit in digits.reversed() { byte(digit) }
    }
}
