import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// Mapping files: the built-in EDM mapping, and one line naming file, field and place for a broken one.
@Suite struct MappingTests {
    static func load(_ text: String) throws(PipelineError) -> CleanseMapping {
        try CleanseMapping(bytes: Array(text.utf8), file: "m.json")
    }

    static func error(_ text: String) -> String? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theBuiltInMappingHasTheViewsFields() {
        let edm = CleanseMapping.edm
        #expect(edm.name == "edm" && edm.file == "edm.json")
        #expect(edm.fieldNames == ["guid", "datestamp", "title", "description", "creator", "subject", "date", "language", "type",
                                   "format", "rights", "dataProvider", "provider", "isShownAt", "image"])
        #expect(edm.textKeys == ["#value", "@resource"] && edm.langKey == "@lang")
        let date = edm.fields.first { $0.name == "date" }
        #expect(date?.paths.count == 3 && date?.use == .first)
        #expect(edm.fields.first { $0.name == "image" }?.languages == false)
        #expect(edm.hash.count == 16)
    }

    @Test func aMappingFileIsReadWithItsDefaults() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("mine.json")
        try Data(#"{"name": "mine", "fields": [{"name": "label", "paths": "$['dc:title']"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let mapping = try CleanseMapping.file(path)
        #expect(mapping.file == path && mapping.fields == [.init(name: "label", paths: ["$['dc:title']"], use: .first, languages: true)])
        #expect(mapping.fieldNames == ["guid", "datestamp", "label"])
        #expect(throws: PipelineError.self) { _ = try CleanseMapping.file(dir.path("none.json")) }
        do {
            _ = try CleanseMapping.file(dir.path("none.json"))
        } catch {
            #expect(error.description.hasPrefix("\(dir.path("none.json")): cannot read the mapping: "))
        }
    }

    @Test func customTextAndLanguageKeysAndUnion() throws {
        let mapping = try Self.load("""
            {"name": "x", "values": {"text": ["label"], "lang": "language"},
             "fields": [{"name": "names", "paths": ["$.a", "$.b"], "use": "all"}, {"name": "first", "paths": ["$.a", "$.b"]}]}
            """)
        var cleanser = RecordCleanser(mapping: mapping)
        let fields = try cleanser.fields(json: Array(#"{"a": [{"label": "A", "language": "en"}, "B"], "b": [["B", {"label": " C "}]], "c": null}"#.utf8)).get()
        #expect(fields == ["names": [.init("A", lang: "en"), .init("B"), .init("C")], "first": [.init("A", lang: "en"), .init("B")]])
    }

    @Test func brokenMappingsAreOneLineNamingFileFieldAndPlace() {
        #expect(Self.error("{\"name\": \"x\",\n \"fields\": [}") == "m.json: cannot read the mapping: invalid JSON at line 2, column 13 (byte 26): expected a value")
        #expect(Self.error("[]") == "m.json: mapping: must be a JSON object")
        #expect(Self.error(#"{"fields": [{"name": "t", "paths": ["$.a"]}]}"#) == "m.json: mapping: missing key \"name\"")
        #expect(Self.error(#"{"name": "x", "feilds": []}"#) == "m.json: mapping: unknown key \"feilds\"")
        #expect(Self.error(#"{"name": "x"}"#) == "m.json: mapping: missing key \"fields\"")
        #expect(Self.error(#"{"name": "x", "fields": []}"#) == "m.json: mapping: \"fields\" must be a non-empty array of fields")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "date", "paths": ["$.a", "$['b"]}]}"#)
                == "m.json: field \"date\": path 2 \"$['b\" at position 4: unterminated string literal")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "date", "paths": ["$.a.length()"]}]}"#)
                == "m.json: field \"date\": path 1 \"$.a.length()\" at position 0: a mapping path selects values; a tail function computes one")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "t", "paths": []}]}"#)
                == "m.json: field \"t\": \"paths\" must be a non-empty array of non-empty strings")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "t", "paths": ["$.a"], "use": "any"}]}"#)
                == "m.json: field \"t\": \"use\" is \"any\", expected first or all")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "t", "paths": ["$.a"], "languages": "no"}]}"#)
                == "m.json: field \"t\": \"languages\" must be true or false")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "t", "paths": ["$.a"]}, {"name": "t", "paths": ["$.b"]}]}"#)
                == "m.json: field \"t\": the field is named twice")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "guid", "paths": ["$.a"]}]}"#)
                == "m.json: field \"guid\": \"guid\" is the view's own (the record's identifier or datestamp)")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "a b", "paths": ["$.a"]}]}"#)
                == "m.json: field \"a b\": a field name is ASCII letters, digits, '_' or '-'")
        #expect(Self.error(#"{"name": "x", "fields": [{"name": "t", "path": ["$.a"]}]}"#) == "m.json: field \"t\": unknown key \"path\"")
        #expect(Self.error(#"{"name": "x", "fields": [3]}"#) == "m.json: fields[0]: must be an object")
        #expect(Self.error(##"{"name": "x", "values": {"text": "#value", "langs": "@lang"}, "fields": [{"name": "t", "paths": "$.a"}]}"##)
                == "m.json: values: unknown key \"langs\"")
    }
}
