import Testing
@testable import XMLSupport
@Suite struct XMLDocumentTests {
@Test func parsesRoot() throws {
    let doc = try XMLDocument(parsing: "<a xmlns:x='urn:x'><x:b q='1'>t</x:b></a>")
    let b = try #require(doc.root?.elementChildren.first)
    #expect(b.namespaceURI == "urn:x")
    #expect(b.outerXML == "<x:b xmlns:x=\"urn:x\" q=\"1\">t</x:b>")
    #expect(throws: XMLError.self) { try XMLDocument(parsing: "<a>", name: "t.xml") }
}
}
