import Testing
import Embedding

@Suite struct TextEmbedderTests {
    @Test func protocolIsVisible() {
        let type: (any TextEmbedder.Type)? = nil
        #expect(type == nil)
    }
}
