import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// Links to the record's own contextual entities (`"links": "label"`): replaced by the entity's labels with their
/// language tags, kept as URIs when the field keeps links, the entity is not in the record or has no label.
@Suite struct EntityLabelMappingTests {
    typealias V = CleansedRecord.Value

    /// A hand-made record: a dangling creator link, a subject link to a concept labelled in two languages (one label
    /// also given as a literal, and one twice), a date link to a time span with an untagged label, and a rights link
    /// that names a concept too (the rights field keeps links).
    static let handMade = #"""
        {"ore:Proxy": [{"@about": "http://example.org/proxy/provider/1", "edm:europeanaProxy": ["false"],
                        "dc:creator": [{"@resource": "http://example.org/agent/nobody"}, "Anonymous"],
                        "dc:subject": [{"@resource": "http://example.org/concept/church"}, {"@lang": "de", "#value": "Kirche"}],
                        "dc:date": [{"@resource": " http://example.org/time/1901 "}],
                        "edm:type": ["IMAGE"]},
                       {"@about": "http://example.org/proxy/europeana/1", "edm:europeanaProxy": ["true"],
                        "dc:subject": [{"@resource": "http://example.org/concept/church"}]}],
         "ore:Aggregation": [{"@about": "http://example.org/aggregation/1",
                              "edm:rights": [{"@resource": "http://creativecommons.org/publicdomain/zero/1.0/"}],
                              "edm:isShownBy": [{"@resource": "http://example.org/image/1.jpg"}]}],
         "skos:Concept": [{"@about": "http://example.org/concept/church",
                           "skos:prefLabel": [{"@lang": "en", "#value": "church"}, {"@lang": "de", "#value": "Kirche"},
                                              {"@lang": "en", "#value": "church"}]},
                          {"@about": "http://creativecommons.org/publicdomain/zero/1.0/", "skos:prefLabel": ["CC0"]}],
         "edm:TimeSpan": [{"@about": "http://example.org/time/1901", "skos:prefLabel": "1901"}]}
        """#

    @Test func theBuiltInMappingLabelsDescriptiveLinksAndKeepsAggregationLinks() throws {
        let edm = CleanseMapping.edm
        #expect(edm.linkKey == "@resource" && edm.entities == .edm && edm.resolvesLinks)
        #expect(edm.fields.filter { $0.links == .label }.map(\.name) == ["creator", "subject", "date", "type", "format"])
        var cleanser = RecordCleanser(mapping: edm)
        let fields = try cleanser.fields(json: Array(Self.handMade.utf8)).get()
        #expect(fields == [
            "creator": [V("http://example.org/agent/nobody"), V("Anonymous")],
            "subject": [V("church", lang: "en"), V("Kirche", lang: "de")],
            "date": [V("1901")],
            "type": [V("IMAGE")],
            "rights": [V("http://creativecommons.org/publicdomain/zero/1.0/")],
            "image": [V("http://example.org/image/1.jpg")],
        ])
    }

    @Test func keepLeavesEveryLinkAndLanguagesFalseDropsTheLabelsTags() throws {
        let mapping = try MappingTests.load("""
            {"name": "x", "fields": [
              {"name": "kept", "paths": "$['ore:Proxy'][0]['dc:subject']"},
              {"name": "untagged", "paths": "$['ore:Proxy'][0]['dc:subject']", "links": "label", "languages": false}]}
            """)
        #expect(mapping.fields.map(\.links) == [.keep, .label] && mapping.resolvesLinks)
        var cleanser = RecordCleanser(mapping: mapping)
        let fields = try cleanser.fields(json: Array(Self.handMade.utf8)).get()
        #expect(fields == ["kept": [V("http://example.org/concept/church"), V("Kirche", lang: "de")],
                           "untagged": [V("church"), V("Kirche")]])
    }

    @Test func entitiesAndTheLinkKeyAreConfigurable() throws {
        let mapping = try MappingTests.load("""
            {"name": "x", "values": {"text": ["v", "ref"], "lang": "l", "link": "ref"},
             "entities": {"types": ["people"], "about": "id", "labels": "names"},
             "fields": [{"name": "who", "paths": "$.who", "links": "label"}]}
            """)
        #expect(mapping.entities == .init(types: ["people"], about: "id", labels: "names"))
        var cleanser = RecordCleanser(mapping: mapping)
        let record = #"{"who": [{"ref": "p1"}, {"ref": "p2"}, {"v": "p1"}], "people": [{"id": "p1", "names": [{"v": "Ada", "l": "en"}]}]}"#
        // A `v` text is a literal; a bare string or a `ref` names an entity.
        #expect(try cleanser.fields(json: Array(record.utf8)).get() == ["who": [V("Ada", lang: "en"), V("p2"), V("p1")]])
    }

    @Test func aRealRecordsAgentLinksBecomeNamesAndUnlabelledConceptsStayURIs() throws {
        // 90402/AK_MAK_1163 (Europeana's API shape): the creators are bare strings naming the record's two edm:Agents
        // (one prefLabel an array, one a bare string); the subject and the format name skos:Concepts without
        // prefLabel; dc:type names a concept labelled in six languages (dc:type is not a view field, see below).
        let guid = "http://data.europeana.eu/item/90402/AK_MAK_1163"
        let test = try CleanseTestStore()
        try test.put(guid, json: try Fixtures.string("quality/90402_AK_MAK_1163_issue8.json"), datestamp: "2017-01-01T00:00:00Z")
        _ = try test.run()
        let view = try #require(try test.view(guid))
        #expect(view.fields["creator"] == [V("Kôryûsai, Isoda"), V("Nishimura Yohachi")])
        #expect(view.fields["subject"] == [V("http://iconclass.org/33C521")])
        #expect(view.fields["format"] == [V("http://vocab.getty.edu/aat/300014109")])
        #expect(view.fields["date"] == [V("1778 - 1782")])
        #expect(view.fields["type"] == [V("IMAGE")])

        let mapping = try MappingTests.load("""
            {"name": "x", "fields": [{"name": "kind", "paths": "$['ore:Proxy'][?(@['edm:europeanaProxy'][0] != 'true')]['dc:type']",
                                      "links": "label"}]}
            """)
        var cleanser = RecordCleanser(mapping: mapping)
        #expect(try cleanser.fields(json: Array(try Fixtures.data("quality/90402_AK_MAK_1163_issue8.json"))).get() == ["kind": [
            V("druckgraphischen Blättern", lang: "de"), V("estampa", lang: "ca"), V("gravures (général, œuvres visuelles)", lang: "fr"),
            V("prints (visual works)", lang: "en"), V("estampas", lang: "es"), V("prenten", lang: "nl"),
        ]])
        // 02301 hourglass: a link between two literals is replaced in place; the same cleanser reads the next record's
        // entities afresh.
        #expect(try cleanser.fields(json: Array(try Fixtures.data("quality/02301_urn_imss_instrument_401059_hourglass.json"))).get() == [
            "kind": [V("Clessidra", lang: "it"), V("hourglasses", lang: "en"), V("reloj de las horas", lang: "es"),
                     V("uurglazen", lang: "nl"), V("Hourglass", lang: "en")],
        ])
    }

    @Test func brokenLinkOptionsAreOneLine() {
        #expect(MappingTests.error(#"{"name": "x", "fields": [{"name": "t", "paths": ["$.a"], "links": "labels"}]}"#)
                == "m.json: field \"t\": \"links\" is \"labels\", expected label or keep")
        #expect(MappingTests.error(#"{"name": "x", "entities": [], "fields": [{"name": "t", "paths": ["$.a"]}]}"#)
                == "m.json: mapping: \"entities\" must be an object")
        #expect(MappingTests.error(#"{"name": "x", "entities": {"type": ["a"]}, "fields": [{"name": "t", "paths": ["$.a"]}]}"#)
                == "m.json: entities: unknown key \"type\"")
        #expect(MappingTests.error(#"{"name": "x", "entities": {"types": []}, "fields": [{"name": "t", "paths": ["$.a"]}]}"#)
                == "m.json: entities: \"types\" must be a non-empty array of non-empty strings")
        #expect(MappingTests.error(#"{"name": "x", "values": {"link": 1}, "fields": [{"name": "t", "paths": ["$.a"]}]}"#)
                == "m.json: values: \"link\" must be a string")
    }
}
