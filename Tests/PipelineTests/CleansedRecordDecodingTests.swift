import Foundation
import Testing
@testable import Pipeline

@Suite struct CleansedRecordDecodingTests {
    static func viaFoundation(_ bytes: [UInt8]) -> CleansedRecord? {
        try? JSONDecoder().decode(CleansedRecord.self, from: Data(bytes))
    }

    @Test func readsWhatEncodedWritesExactly() throws {
        let records = [
            CleansedRecord(guid: "a", datestamp: "2024-01-01T00:00:00Z",
                           fields: ["title": [.init("Tête", lang: "fr")], "image": [.init("http://x/1.jpg")]]),
            CleansedRecord(guid: "/oai:x \"q\" \\ b", datestamp: nil,
                           fields: ["title": [.init("tab\there\nline\r\u{08}\u{0C}\u{01}\u{1F} end"), .init("", lang: "")],
                                    "description": [.init("日本語 😀 e\u{301} ﬁ", lang: "ja-Latn")],
                                    "creator": [.init("\u{7F} \u{2028} / \"x\"")]]),
            CleansedRecord(guid: "", datestamp: "", fields: [:]),
        ]
        for record in records {
            let bytes = record.encoded()
            let direct = try #require(CleansedRecord.decodedDirectly(bytes))
            #expect(direct == record)
            #expect(direct == Self.viaFoundation(bytes))
            #expect(direct.fields.keys.sorted() == record.fields.keys.sorted())
            #expect(CleansedRecord.decoded(bytes) == record)
        }
    }

    @Test func readsEscapesAndSpacingLikeJSONDecoder() throws {
        let texts = [
            #"{"fields":{"title":[{"text":"caf\u00e9 \u00E9\/x"}],"subject":[]},"guid":"g","datestamp":null}"#,
            #" { "guid" : "g" , "fields" : { "t" : [ { "lang" : null , "text" : "v" } ] } } "#,
            #"{"guid":"g","fields":{}}"#,
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            let direct = try #require(CleansedRecord.decodedDirectly(bytes))
            #expect(direct == Self.viaFoundation(bytes))
        }
        #expect(CleansedRecord.decodedDirectly(Array(texts[0].utf8))?.fields["subject"] == [])
    }

    @Test func leavesOtherShapesToJSONDecoder() {
        let texts = [
            #"{"guid":"g","fields":{},"extra":1}"#,            // unknown key: JSONDecoder ignores it
            #"{"guid":"g","fields":{"t":[{"text":"\ud83d\ude00"}]}}"#,  // surrogate pair
            #"{"guid":"g","guid":"h","fields":{}}"#,            // repeated key
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            #expect(CleansedRecord.decodedDirectly(bytes) == nil)
            #expect(CleansedRecord.decoded(bytes) == Self.viaFoundation(bytes))
        }
        #expect(CleansedRecord.decoded(Array(texts[1].utf8))?.first("t") == "😀")
        for bad in [#"{"fields":{}}"#, #"{"guid":"g","fields":{"t":[{"lang":"x"}]}}"#, #"{"guid":"g","fields":{}} x"#,
                    "{\"guid\":\"\u{01}\",\"fields\":{}}", "nope", ""] {
            #expect(CleansedRecord.decodedDirectly(Array(bad.utf8)) == nil)
            #expect(CleansedRecord.decoded(Array(bad.utf8)) == Self.viaFoundation(Array(bad.utf8)))
        }
        #expect(CleansedRecord.decoded([0x7B, 0x22, 0xFF, 0x22]) == nil)
    }
}
