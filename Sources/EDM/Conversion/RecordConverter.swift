import XMLSupport

/// Converts a record's metadata XML into the JSON record shape Europeana quality tools read.
///
/// EDM RDF/XML: every class is a key holding an array of objects (`@about` first), every property an
/// array of values (a string, `{"@resource": …}`, or `{"@lang": …, "#value": …}` with `"@datatype"`
/// when typed); nested nodes become top-level objects referenced by `{"@resource": …}`.
/// oai_dc and other formats: `{"dc:title": [...], …}`. `identifier` and `sets` close every object.
public enum RecordConverter {
    /// The JSON for a parsed metadata root element.
    public static func json(metadata root: XMLNode, identifier: String, sets: [String]) throws(ConversionError) -> String {
        var converter = Converter()
        if root.localName == "RDF", root.namespaceURI == Namespaces.rdf {
            converter.convertRDF(root)
        } else if root.localName == "dc", root.namespaceURI == Namespaces.oaiDC {
            converter.convertFlat(root)
        } else if root.localName == "Description" || root.localName == "ProvidedCHO", root.namespaceURI != nil {
            // A single RDF node without the rdf:RDF wrapper.
            converter.convertRDFNodes([root])
        } else {
            converter.convertFlat(root)
        }
        return converter.render(identifier: identifier, sets: sets)
    }

    /// The JSON for metadata given as XML text (for re-running the conversion on stored raw XML).
    public static func json(metadataXML: String, identifier: String, sets: [String]) throws(ConversionError) -> String {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: metadataXML, name: identifier)
        } catch {
            if case .malformed(_, let message) = error { throw .malformed(identifier: identifier, message: message) }
            throw .malformed(identifier: identifier, message: "\(error)")
        }
        guard let root = document.root else { throw .empty(identifier: identifier) }
        return try json(metadata: root, identifier: identifier, sets: sets)
    }
}

/// One conversion's state: the top-level objects by key, in order of first appearance.
struct Converter {
    /// An object under construction: ordered keys with their rendered JSON values.
    struct Object {
        var entries: [(key: String, values: [Range<Int>])] = []

        mutating func add(_ key: String, _ value: Range<Int>) {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                entries[index].values.append(value)
            } else {
                entries.append((key, [value]))
            }
        }
    }

    /// Top-level keys in order, each with its objects (classes) or values (flat formats).
    private var classes: [(key: String, objects: [Object])] = []
    private var flat = Object()
    private var isFlat = false
    private var keyCache: [XMLNameKey: String] = [:]
    /// Every rendered value, back to back; objects refer to ranges of it.
    private var arena = JSONWriter(capacity: 8192)
    private var blankNodes = 0

    // MARK: RDF

    mutating func convertRDF(_ root: XMLNode) {
        convertRDFNodes(root.elementChildren)
    }

    mutating func convertRDFNodes(_ nodes: [XMLNode]) {
        for node in nodes { _ = addNode(node) }
    }

    /// Adds a class node (and its nested nodes) at the top level; returns its `@about` (or blank-node id).
    private mutating func addNode(_ node: XMLNode) -> String {
        var object = Object()
        let key = self.key(node)
        var about: String?
        for attribute in node.hasAttributes ? node.attributes : [] {
            if attribute.localName == "about", attribute.namespaceURI == Namespaces.rdf {
                about = attribute.value
                continue
            }
            object.add("@" + attributeKey(attribute), quoted(attribute.value))
        }
        if about == nil {
            blankNodes += 1
            about = node.attribute("nodeID", namespace: Namespaces.rdf).map { "_:" + $0 } ?? "_:b\(blankNodes)"
        }
        let id = about ?? ""
        var entries = Object()
        entries.entries.append(("@about", [quoted(id)]))
        entries.entries.append(contentsOf: object.entries)
        for property in node.elementChildren {
            entries.add(self.key(property), value(of: property))
        }
        append(entries, to: key)
        return id
    }

    private mutating func append(_ object: Object, to key: String) {
        if let index = classes.firstIndex(where: { $0.key == key }) {
            classes[index].objects.append(object)
        } else {
            classes.append((key, [object]))
        }
    }

    /// The rendered value of a property element.
    private mutating func value(of property: XMLNode) -> Range<Int> {
        var resource: String?
        var lang: String?
        var datatype: String?
        var parseType: String?
        var extra: [(String, String)] = []
        for attribute in property.hasAttributes ? property.attributes : [] {
            switch (attribute.namespaceURI, attribute.localName) {
            case (Namespaces.rdf, "resource"): resource = attribute.value
            case (Namespaces.xml, "lang"): lang = attribute.value
            case (Namespaces.rdf, "datatype"): datatype = attribute.value
            case (Namespaces.rdf, "parseType"): parseType = attribute.value
            default: extra.append(("@" + attributeKey(attribute), attribute.value))
            }
        }
        let children = property.elementChildren
        if resource == nil, !children.isEmpty, parseType != "Literal" {
            if parseType == "Resource" {
                // The property element is itself an anonymous node.
                blankNodes += 1
                let id = "_:b\(blankNodes)"
                var object = Object()
                object.entries.append(("@about", [quoted(id)]))
                for child in children { object.add(key(child), value(of: child)) }
                append(object, to: "rdf:Description")
                resource = id
            } else {
                // Nested nodes go to the top level; the property refers to the (first) one.
                var ids: [String] = []
                for child in children { ids.append(addNode(child)) }
                resource = ids.first
                for id in ids.dropFirst() { extra.append(("@resource", id)) }
            }
        }
        if let resource {
            var fields: [(String, String)] = [("@resource", resource)]
            if let lang { fields.append(("@lang", lang)) }
            fields.append(contentsOf: extra)
            return object(fields)
        }
        let text = parseType == "Literal" ? children.map(\.outerXML).joined() : property.textContent
        if lang == nil, datatype == nil, extra.isEmpty { return quoted(text) }
        var fields: [(String, String)] = []
        if let lang { fields.append(("@lang", lang)) }
        fields.append(("#value", text))
        if let datatype { fields.append(("@datatype", datatype)) }
        fields.append(contentsOf: extra)
        return object(fields)
    }

    // MARK: Flat formats (oai_dc and others)

    mutating func convertFlat(_ root: XMLNode) {
        isFlat = true
        flat = flatObject(root)
    }

    private mutating func flatObject(_ node: XMLNode) -> Object {
        var object = Object()
        for attribute in node.attributes where attribute.namespaceURI != "http://www.w3.org/2001/XMLSchema-instance" {
            object.add("@" + attributeKey(attribute), quoted(attribute.value))
        }
        for child in node.elementChildren {
            let grandchildren = child.elementChildren
            if grandchildren.isEmpty {
                var fields: [(String, String)] = []
                for attribute in child.attributes {
                    if attribute.namespaceURI == Namespaces.xml, attribute.localName == "lang" {
                        fields.insert(("@lang", attribute.value), at: 0)
                    } else {
                        fields.append(("@" + attributeKey(attribute), attribute.value))
                    }
                }
                if fields.isEmpty {
                    object.add(key(child), quoted(child.textContent))
                } else {
                    let lang = fields.first?.0 == "@lang" ? [fields.removeFirst()] : []
                    object.add(key(child), self.object(lang + [("#value", child.textContent)] + fields))
                }
            } else {
                object.add(key(child), render(flatObject(child)))
            }
        }
        return object
    }

    // MARK: Keys and rendering

    private mutating func key(_ node: XMLNode) -> String {
        let cacheKey = node.nameKey
        if let cached = keyCache[cacheKey] { return cached }
        let local = node.localName
        let prefix = Namespaces.conventional[node.namespaceURI ?? ""] ?? node.prefix ?? ""
        let result = prefix.isEmpty ? local : prefix + ":" + local
        keyCache[cacheKey] = result
        return result
    }

    private func attributeKey(_ attribute: XMLAttribute) -> String {
        let prefix = attribute.namespaceURI.flatMap { Namespaces.conventional[$0] } ?? attribute.prefix ?? ""
        return prefix.isEmpty ? attribute.localName : prefix + ":" + attribute.localName
    }

    private mutating func quoted(_ text: String) -> Range<Int> {
        let start = arena.bytes.count
        arena.string(text)
        return start..<arena.bytes.count
    }

    private mutating func object(_ fields: [(String, String)]) -> Range<Int> {
        let start = arena.bytes.count
        arena.byte(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { arena.byte(UInt8(ascii: ",")) }
            arena.string(field.0)
            arena.byte(UInt8(ascii: ":"))
            arena.string(field.1)
        }
        arena.byte(UInt8(ascii: "}"))
        return start..<arena.bytes.count
    }

    private mutating func render(_ object: Object) -> Range<Int> {
        var writer = JSONWriter(capacity: 256)
        write(object, into: &writer)
        let start = arena.bytes.count
        arena.append(writer.bytes)
        return start..<arena.bytes.count
    }

    private func write(_ object: Object, into writer: inout JSONWriter) {
        writer.byte(UInt8(ascii: "{"))
        writeEntries(object, into: &writer)
        writer.byte(UInt8(ascii: "}"))
    }

    /// `"key":value` pairs: attribute keys (`@…`) with one value as scalars, properties as arrays.
    private func writeEntries(_ object: Object, into writer: inout JSONWriter) {
        for (index, entry) in object.entries.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.string(entry.key)
            writer.byte(UInt8(ascii: ":"))
            if entry.key.hasPrefix("@"), entry.values.count == 1 {
                appendRaw(entry.values[0], into: &writer)
            } else {
                writer.byte(UInt8(ascii: "["))
                for (n, value) in entry.values.enumerated() {
                    if n > 0 { writer.byte(UInt8(ascii: ",")) }
                    appendRaw(value, into: &writer)
                }
                writer.byte(UInt8(ascii: "]"))
            }
        }
    }

    private func appendRaw(_ json: Range<Int>, into writer: inout JSONWriter) {
        writer.append(arena.bytes[json])
    }

    /// The whole record: classes (or flat fields), then `identifier` and `sets`.
    func render(identifier: String, sets: [String]) -> String {
        var writer = JSONWriter(capacity: 4096)
        writer.byte(UInt8(ascii: "{"))
        var first = true
        if isFlat {
            writeEntries(flat, into: &writer)
            first = flat.entries.isEmpty
        } else {
            for entry in classes {
                if !first { writer.byte(UInt8(ascii: ",")) }
                first = false
                writer.string(entry.key)
                writer.byte(UInt8(ascii: ":"))
                writer.byte(UInt8(ascii: "["))
                for (n, object) in entry.objects.enumerated() {
                    if n > 0 { writer.byte(UInt8(ascii: ",")) }
                    write(object, into: &writer)
                }
                writer.byte(UInt8(ascii: "]"))
            }
        }
        if !first { writer.byte(UInt8(ascii: ",")) }
        writer.string("identifier")
        writer.byte(UInt8(ascii: ":"))
        writer.string(identifier)
        writer.byte(UInt8(ascii: ","))
        writer.string("sets")
        writer.raw(":[")
        for (n, set) in sets.enumerated() {
            if n > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.string(set)
        }
        writer.raw("]}")
        return writer.text
    }
}
