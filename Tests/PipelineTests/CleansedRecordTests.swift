import Testing
@testable import Pipeline

@Suite struct CleansedRecordTests {
    @Test func encodesAndDecodesWithSortedKeys() throws {
        let record = CleansedRecord(guid: "a", datestamp: "2024-01-01T00:00:00Z",
                                    fields: ["title": [.init("Tête", lang: "fr")], "creator": [], "image": [.init("http://x/1.jpg")]])
        let bytes = record.encoded()
        #expect(String(decoding: bytes, as: UTF8.self)
                == #"{"datestamp":"2024-01-01T00:00:00Z","fields":{"image":[{"text":"http://x/1.jpg"}],"title":[{"lang":"fr","text":"Tête"}]},"guid":"a"}"#)
        #expect(CleansedRecord.decoded(bytes) == record)
        #expect(CleansedRecord.decoded(Array("nope".utf8)) == nil)
    }
}
