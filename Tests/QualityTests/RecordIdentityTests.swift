import Testing
import JSONPath
@testable import Quality

@Suite struct RecordIdentityTests {
    func identity(_ json: String) throws -> RecordIdentity { RecordIdentity(document: try JSONDocument(parsing: json)) }

    @Test func identifierSetsAndLiteralProvider() throws {
        let i = try identity(#"""
        {"ore:Aggregation": [{"edm:dataProvider": ["Erbario \/ Museo", "second"]}, {"edm:dataProvider": ["other"]}],
         "identifier": "http:\/\/data.europeana.eu\/item\/2023829\/0003BD", "sets": ["2023829_Herbarium", "b"]}
        """#)
        #expect(i == RecordIdentity(recordId: "2023829/0003BD", dataset: "2023829_Herbarium", dataProvider: "Erbario / Museo"))
    }

    @Test func taggedAndResourceProviders() throws {
        #expect(try identity(##"{"ore:Aggregation": [{"edm:dataProvider": [{"@lang": "en", "#value": "Museum"}]}]}"##).dataProvider == "Museum")
        #expect(try identity(#"{"ore:Aggregation": [{"edm:dataProvider": [{"@resource": "http://org/1"}]}]}"#).dataProvider == "http://org/1")
        // A single value instead of an array counts the same.
        #expect(try identity(#"{"ore:Aggregation": {"edm:dataProvider": "Single"}, "sets": "s"}"#) == RecordIdentity(recordId: nil, dataset: "s", dataProvider: "Single"))
    }

    @Test func fallsBackToTheProvidedCHO() throws {
        #expect(try identity(#"{"edm:ProvidedCHO": [{"@about": "http://data.europeana.eu/item/9/x"}]}"#).recordId == "9/x")
        #expect(try identity(#"{"identifier": "oai:other:1", "edm:ProvidedCHO": [{"@about": "http://data.europeana.eu/item/9/x"}]}"#).recordId == "oai:other:1")
        #expect(try identity("{}") == RecordIdentity(recordId: nil, dataset: nil, dataProvider: nil))
    }
}
