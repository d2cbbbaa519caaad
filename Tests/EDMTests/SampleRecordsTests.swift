import Foundation
import Testing
@testable import EDM

/// The generated sample records look like Europeana's: two proxies, contextual entities, several languages.
@Suite struct SampleRecordsTests {
    static let seeds: [UInt64] = [1, 7, 11, 2024]

    static func converted(_ record: SampleRecord) throws -> [String: Any] {
        try jsonObject(try RecordConverter.json(metadataXML: record.metadataXML, identifier: record.identifier, sets: record.sets))
    }

    static func objects(_ json: [String: Any], _ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }

    static func flag(_ proxy: [String: Any]) -> String? { (proxy["edm:europeanaProxy"] as? [Any])?.first as? String }

    @Test(arguments: seeds) func everyLiveRecordHasAProviderAndAEuropeanaProxy(seed: UInt64) throws {
        for record in SampleRecords.make(count: 200, seed: seed) where !record.deleted {
            let json = try Self.converted(record)
            let proxies = Self.objects(json, "ore:Proxy")
            #expect(proxies.count == 2, "\(record.identifier)")
            #expect(proxies.filter { Self.flag($0) == "false" }.count == 1, "\(record.identifier)")
            #expect(proxies.filter { Self.flag($0) == "true" }.count == 1, "\(record.identifier)")
            for proxy in proxies {
                #expect(proxy["ore:proxyFor"] != nil && proxy["ore:proxyIn"] != nil, "\(record.identifier)")
            }
            #expect(Self.objects(json, "edm:ProvidedCHO").count == 1)
            #expect(Self.objects(json, "ore:Aggregation").count == 1)
            #expect(Self.objects(json, "edm:EuropeanaAggregation").count == 1)
            #expect(json["identifier"] as? String == record.identifier)
        }
    }

    @Test(arguments: seeds) func richRecordsHaveContextualEntitiesAndSparseOnesExist(seed: UInt64) throws {
        let records = SampleRecords.make(count: 300, seed: seed).filter { !$0.deleted }
        var rich = 0, sparse = 0, withoutRights = 0
        for record in records {
            let json = try Self.converted(record)
            let entities = ["edm:Agent", "edm:Place", "edm:TimeSpan", "skos:Concept"].map { Self.objects(json, $0).count }
            let provider = Self.objects(json, "ore:Proxy").first { Self.flag($0) == "false" } ?? [:]
            if entities.allSatisfy({ $0 > 0 }) {
                rich += 1
                // A rich record's Europeana proxy links to its entities.
                let europeana = Self.objects(json, "ore:Proxy").first { Self.flag($0) == "true" } ?? [:]
                #expect(europeana["dc:subject"] != nil && europeana["dcterms:spatial"] != nil && europeana["edm:year"] != nil)
            }
            if entities.allSatisfy({ $0 == 0 }) && (provider["dc:title"] == nil || provider["dc:description"] == nil) { sparse += 1 }
            if Self.objects(json, "ore:Aggregation").first?["edm:rights"] == nil { withoutRights += 1 }
        }
        #expect(rich > records.count / 4 && sparse > records.count / 20)
        #expect(withoutRights > 0 && withoutRights < records.count / 10)
    }

    @Test func severalLanguagesOccurAndSomeValuesAreUntagged() throws {
        let xml = SampleRecords.make(count: 300, seed: 11).map(\.metadataXML).joined()
        for lang in ["en", "de", "fr", "nl", "it", "pl", "sv", "hu", "el", "la"] {
            #expect(xml.contains("<dc:title xml:lang=\"\(lang)\">"), "dc:title in \(lang)")
        }
        #expect(xml.contains("<dc:title>") && xml.contains("<dc:description>"))
        // The awkward values, escaped.
        #expect(xml.contains("&lt;script&gt;") && xml.contains("&amp;") && xml.contains(" &lt; 30 cm"))
        #expect(xml.contains("<dc:description></dc:description>"))
    }

    @Test(arguments: seeds) func sizesStayWithinBounds(seed: UInt64) {
        let sizes = SampleRecords.make(count: 1_000, seed: seed).filter { !$0.deleted }.map(\.metadataXML.utf8.count)
        #expect((sizes.min() ?? 0) >= 2_000 && (sizes.max() ?? .max) <= 20_000)
        #expect(sizes.filter { $0 > 10_000 }.count > sizes.count / 10)
    }

    @Test(arguments: seeds) func recordsAreDeterministicPerSeed(seed: UInt64) {
        let records = SampleRecords.make(count: 500, seed: seed)
        #expect(records == SampleRecords.make(count: 500, seed: seed))
        #expect(records != SampleRecords.make(count: 500, seed: seed + 1))
        #expect(SampleRecords.make(count: 100, seed: seed) == Array(records.prefix(100)))
        #expect(records.map(\.identifier) == (1...500).map { "oai:thresher.sample:\($0)" })
        let deleted = records.filter(\.deleted).count
        #expect(deleted > 0 && deleted < 30)
        #expect(records.allSatisfy { $0.datestamp.count == 20 && $0.datestamp.hasSuffix("Z") })
    }
}
