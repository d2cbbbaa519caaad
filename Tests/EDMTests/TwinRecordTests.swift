import Foundation
import Testing
import TestSupport
import XMLSupport
@testable import EDM

/// The metadata root, identifier and setSpecs of an OAI-PMH GetRecord fixture.
func getRecordPayload(_ fixture: String) throws -> (root: XMLNode, identifier: String, sets: [String]) {
    let document = try XMLDocument(parsing: try Fixtures.data("edm/" + fixture), name: fixture)
    let record = try #require(document.root?.firstChild(named: "GetRecord")?.firstChild(named: "record"))
    let header = try #require(record.firstChild(named: "header"))
    let identifier = try #require(header.firstChild(named: "identifier")).textContent
    let sets = header.elementChildren.filter { $0.localName == "setSpec" }.map(\.textContent)
    let root = try #require(record.firstChild(named: "metadata")?.elementChildren.first)
    return (root, identifier, sets)
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Differences between two records, per class object (matched by @about) and property.
func differences(reference: [String: Any], converted: [String: Any]) -> [String] {
    var result: [String] = []
    for (classKey, value) in reference.sorted(by: { $0.key < $1.key }) {
        guard let objects = value as? [[String: Any]] else { continue }
        guard let convertedObjects = converted[classKey] as? [[String: Any]] else {
            result.append("missing class \(classKey)")
            continue
        }
        for object in objects {
            let about = object["@about"] as? String ?? ""
            guard let twin = convertedObjects.first(where: { $0["@about"] as? String == about }) else {
                result.append("\(classKey) \(about): missing")
                continue
            }
            for (property, values) in object.sorted(by: { $0.key < $1.key }) where property != "@about" {
                let expected = values as? [Any] ?? [values]
                guard let got = twin[property] as? [Any] else {
                    result.append("\(classKey) \(about) \(property): missing")
                    continue
                }
                if !NSArray(array: expected).isEqual(to: got) {
                    result.append("\(classKey) \(about) \(property): differs")
                }
            }
        }
    }
    return result
}

@Suite struct TwinRecordTests {
    @Test func xmlConvertsToTheReferenceJSONWhereTheDataDidNotChange() throws {
        let payload = try getRecordPayload("oai-pmh-xml/92062_BibliographicResource_1000126015451.xml")
        let json = try RecordConverter.json(metadata: payload.root, identifier: payload.identifier, sets: payload.sets)
        let converted = try jsonObject(json)
        let reference = try jsonObject(try Fixtures.string("edm/oai-pmh-json/92062_BibliographicResource_1000126015451.json"))
        let classes = converted.keys.filter { $0.contains(":") }.sorted()
        #expect(classes == ["dqv:QualityAnnotation", "edm:EuropeanaAggregation", "edm:ProvidedCHO", "edm:WebResource",
                            "ore:Aggregation", "ore:Proxy", "skos:Concept"])
        #expect(converted["identifier"] as? String == "http://data.europeana.eu/item/92062/BibliographicResource_1000126015451")
        #expect(converted["sets"] as? [String] == ["92062"])
        // Known changes between the 2016 JSON and the 2019 XML of the same record.
        #expect(differences(reference: reference, converted: converted) == EXPECTED_TWIN_DIFFERENCES)
    }
}

/// What changed in the data between the two harvests (checked by hand against both files).
let EXPECTED_TWIN_DIFFERENCES: [String] = [
    // Europeana dropped collectionName from its aggregation and moved the portal to https://www.europeana.eu.
    "edm:EuropeanaAggregation http://data.europeana.eu/aggregation/europeana/92062/BibliographicResource_1000126015451 edm:collectionName: missing",
    "edm:EuropeanaAggregation http://data.europeana.eu/aggregation/europeana/92062/BibliographicResource_1000126015451 edm:landingPage: differs",
    // edm:object now points at the preview image instead of the thumbnail.
    "ore:Aggregation http://data.europeana.eu/aggregation/provider/92062/BibliographicResource_1000126015451 edm:object: differs",
    // Enrichment links a different concept (base/106 instead of dbpedia Portrait).
    "ore:Proxy http://data.europeana.eu/proxy/europeana/92062/BibliographicResource_1000126015451 dc:subject: differs",
    "skos:Concept http://dbpedia.org/resource/Portrait: missing",
]
