import CLibXML2
import Foundation

/// Receives a document's elements and text as libxml2 reads them (SAX2), without any tree being built.
public protocol XMLEventHandler: AnyObject {
    /// An element starts. Return false to stop the parse (the handler knows why).
    func startElement(_ tag: XMLStartTag) -> Bool
    /// The element that started last and is still open ends (`end.offset`: the byte just after its end tag).
    func endElement(_ end: XMLEndTag)
    /// Character data (entities resolved, CDATA included) inside the open element.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// A start tag, valid only during `XMLEventHandler.startElement`.
public struct XMLStartTag {
    /// The element's name id in the parse's name table.
    public let name: Int32
    /// The byte offset of the `>` (or `/>`) that closes the start tag.
    public var offset: Int { parser.map { Int(xmlByteConsumed($0)) } ?? 0 }
    /// The number of attributes (namespace declarations excluded).
    public let attributeCount: Int
    /// The number of namespace declarations on the element.
    public let namespaceCount: Int
    let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    unowned(unsafe) let table: XMLNameTable
    let parser: xmlParserCtxtPtr?

    /// The name id of attribute `index`.
    public func attributeName(_ index: Int) -> Int32 {
        guard let attributes else { return 0 }
        let base = attributes + 5 * index
        return table.id(local: base[0], prefix: base[1], uri: base[2])
    }

    /// The value of attribute `index` (entities resolved) as UTF-8 bytes, for the duration of `body`.
    public func withAttributeValue<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        guard let attributes, let start = attributes[5 * index + 3], let end = attributes[5 * index + 4] else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let raw = UnsafeBufferPointer(start: start, count: end - start)
        // libxml2 hands `&` in attribute values over as "&#38;" unless it substitutes entities.
        guard raw.contains(UInt8(ascii: "&")) else { return try body(raw) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "&"), index + 5 <= raw.count, raw[index + 1] == UInt8(ascii: "#"),
               raw[index + 2] == UInt8(ascii: "3"), raw[index + 3] == UInt8(ascii: "8"), raw[index + 4] == UInt8(ascii: ";") {
                decoded.append(UInt8(ascii: "&"))
                index += 5
            } else {
                decoded.append(raw[index])
                index += 1
            }
        }
        return try decoded.withUnsafeBufferPointer { try body($0) }
    }

    /// The value of attribute `index` as a String.
    public func attributeValue(_ index: Int) -> String {
        withAttributeValue(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The prefix of namespace declaration `index` (nil for a default namespace).
    public func namespacePrefix(_ index: Int) -> String? {
        namespaces?[2 * index].map { String(cString: $0) }
    }

    /// True when the element declares a namespace for `prefix` (nil: the default namespace).
    public func declaresNamespace(prefix: String?) -> Bool {
        guard let namespaces else { return false }
        for index in 0..<namespaceCount {
            let declared = namespaces[2 * index]
            switch (declared, prefix) {
            case (nil, nil): return true
            case (let declared?, let prefix?):
                var prefix = prefix
                let equal = prefix.withUTF8 { bytes in
                    guard let base = bytes.baseAddress else { return declared[0] == 0 }
                    return Int(xmlStrlen(declared)) == bytes.count && memcmp(declared, base, bytes.count) == 0
                }
                if equal { return true }
            default: continue
            }
        }
        return false
    }

    /// The URI of namespace declaration `index`.
    public func namespaceURI(_ index: Int) -> String {
        namespaces?[2 * index + 1].map { String(cString: $0) } ?? ""
    }
}

/// An end tag, valid only during `XMLEventHandler.endElement`.
public struct XMLEndTag {
    let parser: xmlParserCtxtPtr?

    /// The byte offset just after the end tag (`/>` for an empty element); computed when asked for.
    public var offset: Int { parser.map { Int(xmlByteConsumed($0)) } ?? 0 }
}

extension XMLTree {
    /// Opens an element for a start tag, with its attributes (entities resolved). Returns the new element.
    @discardableResult
    public mutating func startElement(_ tag: XMLStartTag) -> Element {
        let element = startElement(name: tag.name)
        for index in 0..<tag.attributeCount {
            let name = tag.attributeName(index)
            tag.withAttributeValue(index) { addAttribute(name: name, value: $0) }
        }
        return element
    }
}

/// Streams a document through libxml2's SAX2 parser into an `XMLEventHandler`.
public enum XMLEventParser {
    /// Parses `bytes` (UTF-8, or as its XML declaration says), reporting to `handler`; names go into
    /// `names`. Throws when the XML is not well-formed (`name` says which input); a parse the handler
    /// stopped ends without an error.
    public static func parse(_ bytes: [UInt8], name: String, names: XMLNameTable,
                             handler: any XMLEventHandler) throws(XMLError) {
        guard bytes.count < Int(Int32.max) else { throw .malformed(name: name, message: "larger than 2 GB") }
        let context = Context(handler: handler, names: names)
        defer { names.forgetPointers() }
        let created: xmlParserCtxtPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count))
            }
        }
        guard let ctxt = created else { throw .malformed(name: name, message: "libxml2 could not start a parser") }
        defer { xmlFreeParserCtxt(ctxt) }
        // XML_PARSE_HUGE lifts libxml2's limits on depth and sizes: a tree the events build stops at
        // `XMLTree.maximumDepth` by itself, and entities are never expanded here (the handler registers no
        // entity declarations, so a reference to an internal entity is an error, not an expansion).
        _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue))
        context.parser = ctxt
        let sax = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
        defer { sax.deallocate() }
        sax.initialize(to: Self.makeHandler())
        let ownSAX = ctxt.pointee.sax
        ctxt.pointee.sax = sax
        ctxt.pointee.userData = Unmanaged.passUnretained(context).toOpaque()
        withExtendedLifetime((context, handler, names)) { _ = xmlParseDocument(ctxt) }
        ctxt.pointee.sax = ownSAX
        ctxt.pointee.userData = UnsafeMutableRawPointer(ctxt)
        if context.stopped { return }
        if ctxt.pointee.wellFormed == 0 {
            throw .malformed(name: name, message: context.firstError ?? "not well-formed XML")
        }
    }

    /// One parse's state, reached from libxml2's callbacks through `userData`.
    final class Context {
        // Unowned: `parse` keeps the handler and the table alive for the whole parse (no reference
        // counting per event).
        unowned(unsafe) let handler: any XMLEventHandler
        unowned(unsafe) let names: XMLNameTable
        @exclusivity(unchecked) var parser: xmlParserCtxtPtr?
        @exclusivity(unchecked) var stopped = false
        @exclusivity(unchecked) var firstError: String?

        init(handler: any XMLEventHandler, names: XMLNameTable) {
            self.handler = handler
            self.names = names
        }

    }

    @inline(__always)
    private static func context(_ pointer: UnsafeMutableRawPointer?) -> Context? {
        pointer.map { Unmanaged<Context>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` with the parse's context, without retaining it (`parse` holds it for the whole parse).
    @inline(__always)
    private static func withContext(_ pointer: UnsafeMutableRawPointer?, _ body: (Context) -> Void) {
        guard let pointer else { return }
        Unmanaged<Context>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    private static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, local, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            XMLEventParser.withContext(user) { context in
                guard !context.stopped else { return }
                let tag = XMLStartTag(name: context.names.id(local: local, prefix: prefix, uri: uri),
                                      attributeCount: Int(attributeCount), namespaceCount: Int(namespaceCount),
                                      attributes: attributes, namespaces: namespaces, table: context.names, parser: context.parser)
                if !context.handler.startElement(tag) {
                    context.stopped = true
                    if let parser = context.parser { xmlStopParser(parser) }
                }
            }
        }
        sax.endElementNs = { user, _, _, _ in
            XMLEventParser.withContext(user) { context in
                guard !context.stopped else { return }
                context.handler.endElement(XMLEndTag(parser: context.parser))
            }
        }
        let characters: charactersSAXFunc = { user, text, length in
            XMLEventParser.withContext(user) { context in
                guard !context.stopped, let text, length > 0 else { return }
                context.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        sax.characters = characters
        sax.ignorableWhitespace = characters
        sax.serror = { user, error in
            guard let context = XMLEventParser.context(user), let error else { return }
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, context.firstError == nil else { return }
            let text = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            context.firstError = "line \(error.pointee.line), column \(error.pointee.int2): "
                + text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return sax
    }
}
