import Testing
@testable import XMLSupport

/// The streaming reader: node walk, names and namespaces, attributes, skipping, subtree expansion, errors.
@Suite struct XMLStreamReaderTests {
    static let page = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <list xmlns="urn:list" xmlns:p="urn:p"><item id="1"><p:v>one</p:v></item><skip><deep>x</deep></skip><item id="2"><p:v>two &amp; more</p:v></item></list>
        """.utf8)

    @Test func walksElementsWithNamesNamespacesDepthsAndAttributes() throws {
        let reader = try XMLStreamReader(bytes: Self.page, name: "page.xml")
        var seen: [String] = []
        while try reader.read() {
            switch reader.nodeType {
            case .element:
                let id = reader.attribute("id").map { "#\($0)" } ?? ""
                seen.append("\(reader.depth):\(reader.namespaceURI ?? "-"):\(reader.localName)\(id)")
            case .text: seen.append("text:\(reader.value)")
            default: break
            }
        }
        #expect(seen == [
            "0:urn:list:list", "1:urn:list:item#1", "2:urn:p:v", "text:one",
            "1:urn:list:skip", "2:urn:list:deep", "text:x",
            "1:urn:list:item#2", "2:urn:p:v", "text:two & more",
        ])
    }

    @Test func skipsSubtreesAndExpandsElementsIntoOwnDocuments() throws {
        let reader = try XMLStreamReader(bytes: Self.page, name: "page.xml")
        var copies: [XMLDocument] = []
        var names: [String] = []
        _ = try reader.read()  // <list>
        var more = try reader.read()
        while more {
            guard reader.nodeType == .element else { more = try reader.read(); continue }
            names.append(reader.localName)
            if reader.localName == "item" {
                copies.append(try reader.withExpandedNode { XMLDocument(copying: $0) })
            }
            more = try reader.skipSubtree()
        }
        #expect(names == ["item", "skip", "item"])
        let values = copies.compactMap { $0.root?.elementChildren.first }
        #expect(values.map(\.textContent) == ["one", "two & more"])
        #expect(values.map(\.namespaceURI) == ["urn:p", "urn:p"])
        #expect(copies.map { $0.root?.attribute("id") } == ["1", "2"])
    }

    @Test func malformedInputThrowsWithPosition() throws {
        let reader = try XMLStreamReader(bytes: Array("<a><b></a>".utf8), name: "bad.xml")
        var error: XMLError?
        do { while try reader.read() {} } catch let thrown { error = thrown }
        let message = try #require(error).description
        #expect(message.hasPrefix("bad.xml: malformed XML: line 1, column "))
        #expect(reader.errors.first?.hasPrefix("line 1, column ") == true)
    }
}
