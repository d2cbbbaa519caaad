import Testing
import Foundation
import JSONPath
@testable import Quality

@Suite struct CompletenessTests {
    static let schema = #"""
    { "name": "test", "dimensions": ["MANDATORY", "DESCRIPTIVENESS", "EMPTYDIM"],
      "collections": [
        { "label": "CHO", "path": "$['edm:ProvidedCHO'][0]",
          "fields": [ { "label": "CHO/about", "path": "$['@about']", "dimensions": ["MANDATORY"] } ] },
        { "label": "Proxy", "path": "$['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]",
          "instances": "union", "existence": "value",
          "fields": [
            { "label": "Proxy/dc:title", "path": "$['dc:title']", "dimensions": ["DESCRIPTIVENESS"] },
            { "label": "Proxy/dc:description", "path": "$.['dc:description']", "dimensions": ["DESCRIPTIVENESS"] },
            { "label": "Proxy/dc:subject", "path": "$['dc:subject']", "existence": "nonblank" },
            { "label": "Proxy/dc:type", "path": "$['dc:type']", "existence": "key" } ] },
        { "label": "Agent", "path": "$['edm:Agent'][*]",
          "fields": [ { "label": "Agent/skos:prefLabel", "path": "$['skos:prefLabel']", "dimensions": ["DESCRIPTIVENESS"] } ] }
      ],
      "groups": [ { "label": "title or description", "fields": ["Proxy/dc:title", "Proxy/dc:description"], "dimensions": ["MANDATORY"] } ]
    }
    """#

    static let record = #"""
    {"identifier": "http://data.europeana.eu/item/1/a", "sets": ["1_set"],
     "edm:ProvidedCHO": [{"@about": "http://data.europeana.eu/item/1/a"}],
     "ore:Proxy": [
       {"edm:europeanaProxy": ["false"], "dc:title": ["  "], "dc:subject": ["", "s1"], "dc:type": []},
       {"edm:europeanaProxy": ["false"], "dc:description": [{"@lang": "en", "#value": "d"}], "dc:subject": "s2"},
       {"edm:europeanaProxy": ["true"], "dc:title": ["E"], "dc:creator": ["c"]}],
     "edm:Agent": [{"skos:prefLabel": ["a"]}, {"skos:prefLabel": []}, {"@about": "x"}]}
    """#

    @Test func unionCountsEachFieldOnceAndRulesApply() throws {
        let m = try measure(Self.schema, Self.record)
        #expect(m.layout.fields == ["CHO/about", "Proxy/dc:title", "Proxy/dc:description", "Proxy/dc:subject", "Proxy/dc:type", "Agent/skos:prefLabel"])
        // TOTAL: CHO 1/1, title 1/1 (blank counts under `value`), description 1/1, subject 1/1
        // (nonblank "s1", "s2"), type 1/1 (`key`: the empty array), Agent each: 1 of 3 instances → 6/8.
        // MANDATORY: CHO 1/1 + group 1/1. DESCRIPTIVENESS: title 1 + description 1 + Agent 1/3 → 3/5.
        #expect(m.completeness == [6.0 / 8.0, 1.0, 3.0 / 5.0, nil])
        #expect(m.existence == [true, true, true, true, true, true])
        // Cardinality: subject counts non-blank values only (s1, s2); type's empty array has none.
        #expect(m.cardinality == [1, 1, 1, 2, 0, 1])
        #expect(m.completeness(of: "EMPTYDIM") == nil)
        #expect(m.completeness(of: "TOTAL") == 0.75)
    }

    @Test func eachGivesASlotPerInstance() throws {
        let schema = Self.schema.replacingOccurrences(of: #""instances": "union""#, with: #""instances": "each""#)
        let m = try measure(schema, Self.record)
        // Two provider proxies: title 1/2, description 1/2, subject 2/2, type 1/2; CHO 1/1; Agent 1/3.
        #expect(m.completeness == [7.0 / 12.0, 1.0, 3.0 / 7.0, nil])
        #expect(m.cardinality == [1, 1, 1, 2, 0, 1])
    }

    @Test func absentCollectionsCountOnceWithEveryFieldMissing() throws {
        let m = try measure(Self.schema, #"{"identifier": "x", "sets": []}"#)
        // CHO (each) 1 slot, four Proxy (union) slots, Agent (each) 1 slot: 0/6; group 0/1.
        #expect(m.completeness == [0.0, 0.0, 0.0, nil])
        #expect(m.existence == [false, false, false, false, false, false])
        #expect(m.cardinality == [0, 0, 0, 0, 0, 0])
    }

    @Test func nestedArraysSingleValuesNullAndBlankObjects() throws {
        let record = #"""
        {"edm:ProvidedCHO": [{"@about": "   "}],
         "ore:Proxy": [{"edm:europeanaProxy": ["false"],
                        "dc:title": [["t1", null], null, "t2"],
                        "dc:subject": [" ", {"#value": " "}, {"@lang": "de", "#value": ""}, {"@resource": "r"}, {}],
                        "dc:type": null,
                        "dc:description": "single"}]}
        """#
        let m = try measure(Self.schema, record)
        // about is blank (nonblank rule: missing); title 2 values; description a single value;
        // subject: " ", {"#value": " "} and {} are blank, the tagged and the link are not → 2;
        // type selects null: exists under `key`, no values.
        #expect(m.existence == [false, true, true, true, true, false])
        #expect(m.cardinality == [0, 2, 1, 2, 0, 0])
        // TOTAL 4/6; MANDATORY CHO 0/1 + group 1/1; DESCRIPTIVENESS title + description + Agent 0/1 → 2/3.
        #expect(m.completeness == [4.0 / 6.0, 0.5, 2.0 / 3.0, nil])
    }

    @Test func unscoredFieldsAreNotCounted() throws {
        let schema = #"""
        {"name": "u", "dimensions": ["A"], "collections": [{"label": "r", "path": "$", "fields": [
          {"label": "a", "path": "$.a", "dimensions": ["A"]},
          {"label": "b", "path": "$.b", "scored": false}]}]}
        """#
        let m = try measure(schema, #"{"a": ["x"], "b": ["y"]}"#)
        #expect(m.layout.fields == ["a"])
        #expect(m.completeness == [1.0, 1.0])
        #expect(m.existence == [true])
    }

    @Test func scorerIsReusableAcrossRecords() throws {
        var scorer = try RecordScorer(schema: try MeasurementSchema(bytes: Array(Self.schema.utf8), file: "t.json"))
        let a = scorer.score(try JSONDocument(parsing: Self.record))
        let b = scorer.score(try JSONDocument(parsing: #"{"identifier": "x"}"#))
        let c = scorer.score(try JSONDocument(parsing: Self.record))
        #expect(a == c)
        #expect(b.completeness == [0.0, 0.0, 0.0, nil])
    }
}
