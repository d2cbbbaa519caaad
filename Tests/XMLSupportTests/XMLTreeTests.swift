import ThresherCore
import Testing
import XMLSupport

/// Builds an `XMLTree` from a document's events, as the OAI-PMH page reader does for payloads.
final class TreeBuilder: XMLEventHandler {
    var tree: XMLTree
    var starts: [Int] = []
    var ends: [Int] = []
    var stopAt: String?
    init(names: XMLNameTable) { tree = XMLTree(names: names) }

    func startElement(_ tag: XMLStartTag) -> Bool {
        if tree.names[tag.name].localName == stopAt { return false }
        tree.startElement(tag)
        starts.append(tag.offset)
        return true
    }
    func endElement(_ end: XMLEndTag) {
        tree.endElement()
        ends.append(end.offset)
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) { tree.appendText(text) }
}

@Suite struct XMLTreeTests {
    static let document = """
        <r:root xmlns:r="urn:r" xmlns:s="urn:s" r:k="a&amp;b" plain='&#38;&lt;'>one<s:child s:n="1">two<![CDATA[<three>]]>\
        </s:child><!-- no --><?pi no?>four<s:child/><s:deep><s:deeper>five &#233;</s:deeper></s:deep></r:root>
        """

    static func events(_ text: String, stopAt: String? = nil) throws -> TreeBuilder {
        let builder = TreeBuilder(names: XMLNameTable())
        builder.stopAt = stopAt
        try XMLEventParser.parse(Array(text.utf8), name: "doc", names: builder.tree.names, handler: builder)
        return builder
    }

    @Test func eventsAndDocumentsMakeTheSameTree() throws {
        let fromEvents = try Self.events(Self.document).tree
        let document = try XMLDocument(parsing: Self.document)
        let fromNode = XMLTree(node: try #require(document.root))
        #expect(fromEvents.description == fromNode.description)
        #expect(try XMLTree(parsing: Array(Self.document.utf8)).description == fromNode.description)
        #expect(throws: XMLError.self) { try XMLTree(parsing: Array("<a><b></a>".utf8)) }
        #expect(fromEvents.description == #"{urn:r}root[@{urn:r}k="a&b" @{}plain="&<" ]"onetwo<three>fourfive é"("#
            + #"{urn:s}child[@{urn:s}n="1" ]"two<three>"(){urn:s}child[]""(){urn:s}deep[]"five é"({urn:s}deeper[]"five é"()))"#)
    }

    @Test func treesKeepElementsDownToTheirMaximumDepthOnly() throws {
        let depth = 10_000
        let text = "<r>" + String(repeating: "<a k='v'>x", count: depth) + String(repeating: "</a>", count: depth) + "<b/></r>"
        for tree in [try XMLTree(parsing: Array(text.utf8)), try Self.events(text).tree] {
            #expect(tree.isTruncated)
            // r, then a at depths 2...256, then b beside the first a.
            #expect(tree.count == XMLTree.maximumDepth + 1)
            let root = try #require(tree.root)
            #expect(Array(tree.children(root)).map { tree.name($0).localName } == ["a", "b"])
            #expect(tree.textContent(root) == String(repeating: "x", count: XMLTree.maximumDepth - 1))
        }
        #expect(!(try Self.events(Self.document).tree.isTruncated))
        var reused = try Self.events(text).tree
        reused.removeAll()
        #expect(!reused.isTruncated)
        // A document's tree stops descending at the same depth (libxml2 itself refuses much deeper documents).
        let document = try XMLDocument(parsing: "<r>" + String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200) + "</r>")
        #expect(!XMLTree(node: try #require(document.root)).isTruncated)
        #expect(throws: XMLError.self) {
            try XMLDocument(parsing: String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000))
        }
    }

    @Test func documentsRefuseEntityExpansionBombs() {
        var entities = #"<!ENTITY a "aaaaaaaaaa">"#
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            entities += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = name
        }
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [\(entities)]><r>" + String(repeating: "&i;", count: 10) + "</r>"
        #expect(throws: XMLError.self) { try XMLDocument(parsing: bomb) }
        #expect(throws: XMLError.self) { try XMLTree(parsing: Array(bomb.utf8)) }
    }

    @Test func treesAreWalkedByIndex() throws {
        let tree = try Self.events(Self.document).tree
        let root = try #require(tree.root)
        let children = Array(tree.children(root))
        #expect(tree.count == 5 && children.count == 3)
        #expect(children.map { tree.name($0).qualifiedName } == ["s:child", "s:child", "s:deep"])
        #expect(tree.attribute(children[0], "n", namespace: "urn:s") == "1")
        #expect(tree.attribute(root, "plain") == "&<" && tree.attribute(root, "k") == nil)
        #expect(tree.textContent(children[2]) == "five é" && !tree.hasChildren(children[1]))
        tree.withStorage { storage in
            #expect(storage.firstChild(root) == children[0] && storage.nextSibling(children[2]) == -1)
            #expect(Array(storage.textContent(children[0])) == Array("two<three>".utf8))
        }
    }

    @Test func offsetsPointAtTheEndsOfTags() throws {
        let text = #"<a><b x=">"/><c>t</c></a>"#
        let bytes = Array(text.utf8)
        let builder = try Self.events(text)
        // A start tag's offset is its closing ">" (or the "/" of "/>"); an end offset is just after the end tag.
        #expect(builder.starts.map { bytes[$0] } == [UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: ">")])
        #expect(builder.ends.map { String(decoding: bytes[..<$0], as: UTF8.self) } == [#"<a><b x=">"/>"#, #"<a><b x=">"/><c>t</c>"#, text])
    }

    @Test func malformedInputNamesLineAndColumn() throws {
        do {
            _ = try Self.events("<a>\n<b></a>")
            Issue.record("a mismatched end tag is malformed")
        } catch {
            #expect("\(error)".hasPrefix("doc: malformed XML: line 2, column"))
        }
        #expect(throws: XMLError.self) { try Self.events("") }
        #expect(throws: XMLError.self) { try Self.events("<a>&undefined;</a>") }
    }

    @Test func aHandlerCanStopTheParse() throws {
        let builder = try Self.events("<a><b/><stop/><c>never well-formed", stopAt: "stop")
        #expect(builder.tree.count == 2)
    }

    @Test func nameTablesInternAndDerive() {
        let names = XMLNameTable()
        let title = names.id(of: XMLName(localName: "title", prefix: "dc", namespaceURI: "urn:dc"))
        let other = names.id(of: XMLName(localName: "title", prefix: "D", namespaceURI: "urn:dc"))
        #expect(title != other && names.id(of: XMLName(localName: "title", prefix: "dc", namespaceURI: "urn:dc")) == title)
        let key: (XMLName) -> String = { "dc:" + $0.localName }
        #expect(names.derivedID(title, key) == names.derivedID(other, key))
        #expect(names.derivedString(names.derivedID(title, key)) == "dc:title" && names.derivedID(for: "dc:title") == names.derivedID(other, key))
        final class Box {}
        let box = names.attachment { Box() }
        #expect(names.attachment { Box() } === box)
    }
}

@Suite struct WordScanTests {
    /// The word-at-a-time answers equal byte-by-byte ones, on words built around the edge values.
    @Test func wordAnswersEqualByteAnswers() {
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x26, 0x5C, 0x7F, 0x80, 0xC3, 0xFF]
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 59)
                bytes.append(pick < interesting.count ? interesting[pick] : UInt8(truncatingIfNeeded: state >> 40))
            }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(WordScan.hasByte(below: 0x20, in: word) == bytes.contains { $0 < 0x20 })
            #expect(WordScan.hasByte(0x22, in: word) == bytes.contains(0x22))
            #expect(WordScan.hasByte(0x26, in: word) == bytes.contains(0x26))
            #expect(WordScan.hasNonASCII(word) == bytes.contains { $0 >= 0x80 })
        }
    }
}
