import Testing
@testable import Quality

@Suite struct SchemaLoadingTests {
    static let json = #"""
    { "name": "mini", "title": "a small schema", "dimensions": ["MANDATORY", "VIEWING"], "existence": "value", "instances": "union",
      "collections": [
        { "label": "Proxy", "path": "$.['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]", "existence": "key",
          "fields": [ { "label": "Proxy/dc:title", "path": "$['dc:title']", "dimensions": ["MANDATORY"] },
                      { "label": "Proxy/dc:type", "path": "$['dc:type']", "existence": "nonblank", "scored": false } ] },
        { "label": "Aggregation", "path": "$['ore:Aggregation'][0]", "instances": "each",
          "fields": [ { "label": "Aggregation/edm:isShownBy", "path": "$['edm:isShownBy']", "dimensions": ["VIEWING"] } ] } ],
      "groups": [ { "label": "g", "fields": ["Proxy/dc:title"], "dimensions": ["MANDATORY"] } ],
      "problems": [ { "name": "Long", "kind": "longValue", "fields": ["Proxy/dc:title"], "maxLength": 50 } ],
      "multilinguality": { "fields": ["Proxy/dc:title"], "scopes": [ { "name": "ProviderProxy", "collection": "Proxy" } ] } }
    """#

    static let yaml = """
    name: mini
    title: a small schema
    dimensions: [MANDATORY, VIEWING]
    existence: value
    instances: union
    collections:
      - label: Proxy
        path: "$.['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]"
        existence: key
        fields:
          - label: Proxy/dc:title
            path: "$['dc:title']"
            dimensions: [MANDATORY]
          - {label: Proxy/dc:type, path: "$['dc:type']", existence: nonblank, scored: false}
      - label: Aggregation
        path: "$['ore:Aggregation'][0]"
        instances: each
        fields:
          - label: Aggregation/edm:isShownBy
            path: "$['edm:isShownBy']"
            dimensions: [VIEWING]
    groups:
      - label: g
        fields: [Proxy/dc:title]
        dimensions: [MANDATORY]
    problems:
      - name: Long
        kind: longValue
        fields: [Proxy/dc:title]
        maxLength: 50
    multilinguality:
      fields: [Proxy/dc:title]
      scopes:
        - name: ProviderProxy
          collection: Proxy
    """

    @Test func decodesJSONWithInheritedRules() throws {
        let s = try MeasurementSchema(bytes: Array(Self.json.utf8), file: "mini.json")
        #expect(s.name == "mini")
        #expect(s.title == "a small schema")
        #expect(s.dimensions == ["MANDATORY", "VIEWING"])
        #expect(s.collections.map(\.instances) == [.union, .each])
        #expect(s.fields.map(\.existence) == [.key, .nonblank, .value])
        #expect(s.fields.map(\.scored) == [true, false, true])
        #expect(s.groups == [.init(label: "g", fields: ["Proxy/dc:title"], dimensions: ["MANDATORY"])])
        #expect(s.problems == [.init(name: "Long", kind: .longValue, fields: ["Proxy/dc:title"], maxLength: 50)])
        #expect(s.multilinguality == .init(fields: ["Proxy/dc:title"], scopes: [.init(name: "ProviderProxy", collection: "Proxy")]))
    }

    @Test func yamlGivesTheSameSchema() throws {
        let j = try MeasurementSchema(bytes: Array(Self.json.utf8), file: "mini.json")
        let y = try MeasurementSchema(bytes: Array(Self.yaml.utf8), file: "mini.yaml")
        #expect(y == j)
    }

    @Test func defaultsAreNonblankAndEach() throws {
        let s = try MeasurementSchema(bytes: Array(#"{"name": "d", "collections": [{"label": "r", "path": "$", "fields": [{"label": "a", "path": "$.a"}]}]}"#.utf8), file: "d.json")
        #expect(s.dimensions == [])
        #expect(s.collections[0].instances == .each)
        #expect(s.fields[0].existence == .nonblank)
        #expect(s.multilinguality == nil)
    }

    @Test func badJSONNamesTheFileAndPosition() throws {
        let e = try #require(schemaError(#"{"name": "x", "collections": [],}"#, file: "bad.json"))
        guard case .unreadable(let file, let reason) = e else { Issue.record("\(e)"); return }
        #expect(file == "bad.json")
        #expect(reason.hasPrefix("not valid JSON: "))
        #expect(reason.contains("line 1"))
        #expect(e.description.hasPrefix("bad.json: not valid JSON: "))
    }

    @Test func badYAMLNamesTheLine() throws {
        let e = try #require(schemaError("name: x\ncollections: [\n  - a: b\n", file: "bad.yaml"))
        guard case .unreadable(let file, let reason) = e else { Issue.record("\(e)"); return }
        #expect(file == "bad.yaml")
        #expect(reason.hasPrefix("not valid YAML: line "))
        #expect(!e.description.contains("\n"))
    }

    @Test func unknownKeysAreRefused() throws {
        let field = schemaError(#"{"name": "x", "collections": [{"label": "c", "path": "$", "fields": [{"label": "f", "path": "$.a", "dimension": ["X"]}]}]}"#)
        #expect(field == .unknownKey(file: "s.json", at: "collection \"c\" fields[0]", key: "dimension"))
        #expect(field?.description == #"s.json: collection "c" fields[0]: unknown key "dimension""#)
        let top = schemaError(#"{"name": "x", "colections": []}"#)
        #expect(top == .unknownKey(file: "s.json", at: "schema", key: "colections"))
    }

    @Test func labelsAndDimensionsMustExist() throws {
        let base = #"{"name": "x", "dimensions": ["A"], "collections": [{"label": "c", "path": "$", "fields": [{"label": "f", "path": "$.a", "dimensions": ["A"]}]}]"#
        let group = schemaError(base + #", "groups": [{"label": "g", "fields": ["f", "nope"], "dimensions": ["A"]}]}"#)
        #expect(group == .unknownLabel(file: "s.json", at: "group \"g\"", label: "nope"))
        #expect(group?.description == #"s.json: group "g": no field or collection is labelled "nope""#)
        #expect(schemaError(base + #", "groups": [{"label": "g", "fields": ["f"], "dimensions": ["B"]}]}"#)
                == .unknownDimension(file: "s.json", at: "group \"g\"", dimension: "B"))
        #expect(schemaError(base + #", "problems": [{"name": "p", "kind": "emptyString", "fields": ["g"]}]}"#)
                == .unknownLabel(file: "s.json", at: "problem \"p\"", label: "g"))
        #expect(schemaError(base + #", "problems": [{"name": "p", "kind": "sameValue", "fields": ["f"]}]}"#)
                == .invalidValue(file: "s.json", at: "problem \"p\"", key: "fields", value: "1 labels", expected: "two labels"))
        #expect(schemaError(base + #", "problems": [{"name": "p", "kind": "longValue", "fields": ["f"]}]}"#)
                == .missingKey(file: "s.json", at: "problem \"p\"", key: "maxLength"))
        #expect(schemaError(base + #", "multilinguality": {"fields": ["f"], "scopes": [{"name": "s", "collection": "nope"}]}}"#)
                == .unknownLabel(file: "s.json", at: "multilinguality scope \"s\"", label: "nope"))
        let duplicate = #"{"name": "x", "collections": [{"label": "c", "path": "$", "fields": [{"label": "f", "path": "$.a"}, {"label": "f", "path": "$.b"}]}]}"#
        #expect(schemaError(duplicate) == .duplicateLabel(file: "s.json", at: "field \"f\"", label: "f"))
        let undimensioned = #"{"name": "x", "dimensions": ["A"], "collections": [{"label": "c", "path": "$", "fields": [{"label": "f", "path": "$.a", "dimensions": ["B"]}]}]}"#
        #expect(schemaError(undimensioned) == .unknownDimension(file: "s.json", at: "field \"f\"", dimension: "B"))
        #expect(schemaError(#"{"name": "x", "dimensions": ["TOTAL"], "collections": []}"#)
                == .invalidValue(file: "s.json", at: "schema", key: "dimensions", value: "TOTAL",
                                 expected: "a name of ASCII letters, digits, '_' or '-', not TOTAL"))
    }

    @Test func wrongValuesAndTypes() throws {
        #expect(schemaError(#"{"name": "x", "existence": "some", "collections": []}"#)
                == .invalidValue(file: "s.json", at: "schema", key: "existence", value: "some", expected: "one of key, value, nonblank"))
        #expect(schemaError(#"{"name": "x", "collections": [{"label": "c", "path": "$", "fields": [{"label": "f", "path": "$.a", "scored": "no"}]}]}"#)
                == .wrongType(file: "s.json", at: "field \"f\"", key: "scored", expected: "true or false"))
        #expect(schemaError(#"{"collections": []}"#) == .missingKey(file: "s.json", at: "schema", key: "name"))
        #expect(schemaError(#"{"name": 3, "collections": []}"#) == .wrongType(file: "s.json", at: "schema", key: "name", expected: "a string"))
    }

    @Test func brokenPathNamesFieldAndPosition() throws {
        let yaml = """
        name: custom
        collections:
          - label: Proxy
            path: "$['ore:Proxy'][*]"
            fields:
              - label: Proxy/dc:title
                path: "$['dc:title'"
        """
        let e = try #require(schemaError(yaml, file: "edm-custom.yaml"))
        #expect(e == .invalidPath(file: "edm-custom.yaml", at: "field \"Proxy/dc:title\"", path: "$['dc:title'", position: 12,
                                  reason: "unexpected end of query"))
        #expect(e.description == #"edm-custom.yaml: field "Proxy/dc:title": path "$['dc:title'" at position 12: unexpected end of query"#)
        let collection = schemaError(#"{"name": "x", "collections": [{"label": "c", "path": "$[?@.a ==]", "fields": []}]}"#)
        guard case .invalidPath(_, let at, _, let position, _) = collection else { Issue.record("\(String(describing: collection))"); return }
        #expect(at == "collection \"c\"")
        #expect(position == 9)
    }

    @Test func jaywaySpellingsCompile() throws {
        let s = #"{"name": "j", "collections": [{"label": "c", "path": "$.['ore:Proxy'][?(@.['edm:europeanaProxy'][0] == 'false')]", "fields": [{"label": "f", "path": "$['dc:title'].length()"}, {"label": "g", "path": "$[?(@.x in ['a', 'b'])]"}]}]}"#
        #expect(schemaError(s) == nil)
    }
}
