import Testing
import JSONPath
@testable import Quality

@Suite struct MultilingualityTests {
    static let schema = #"""
    { "name": "m", "dimensions": [],
      "collections": [
        { "label": "Proxy", "path": "$['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'false')]", "fields": [
            { "label": "Proxy/dc:title", "path": "$['dc:title']" },
            { "label": "Proxy/dc:subject", "path": "$['dc:subject']" },
            { "label": "Proxy/dc:creator", "path": "$['dc:creator']" } ] },
        { "label": "EProxy", "path": "$['ore:Proxy'][?(@['edm:europeanaProxy'][0] == 'true')]", "fields": [
            { "label": "EProxy/dc:title", "path": "$['dc:title']" } ] },
        { "label": "Agent", "path": "$['edm:Agent'][*]", "fields": [
            { "label": "Agent/skos:prefLabel", "path": "$['skos:prefLabel']", "scored": false } ] } ],
      "multilinguality": {
        "fields": ["Proxy/dc:title", "Proxy/dc:subject", "Proxy/dc:creator", "EProxy/dc:title", "Agent/skos:prefLabel"],
        "scopes": [ { "name": "ProviderProxy", "collection": "Proxy" }, { "name": "EuropeanaProxy", "collection": "EProxy" } ] } }
    """#

    static let record = #"""
    {"ore:Proxy": [
       {"edm:europeanaProxy": ["false"],
        "dc:title": ["T", {"@lang": "en", "#value": "a"}, {"@lang": "de", "#value": "b"}, {"@lang": "en", "#value": "c"}],
        "dc:subject": [{"@resource": "http://x"}, {"@resource": "http://y", "@lang": "en"}]},
       {"edm:europeanaProxy": ["true"], "dc:title": [{"@lang": "fr", "#value": "t"}, {"@lang": "", "#value": "u"}]}],
     "edm:Agent": [{"skos:prefLabel": [{"@lang": "en", "#value": "x"}]}, {"skos:prefLabel": {"@lang": "it", "#value": "y"}}]}
    """#

    @Test func languageClassesPerField() throws {
        let m = try measure(Self.schema, Self.record)
        #expect(m.languages(of: "Proxy/dc:title") == [.init("_0", 1), .init("en", 2), .init("de", 1)])
        #expect(m.languages(of: "Proxy/dc:subject") == [.init("_2", 2)])
        #expect(m.languages(of: "Proxy/dc:creator") == [.init("_1", 1)])
        // An empty @lang is no tag.
        #expect(m.languages(of: "EProxy/dc:title") == [.init("fr", 1), .init("_0", 1)])
        #expect(m.languages(of: "Agent/skos:prefLabel") == [.init("en", 1), .init("it", 1)])
    }

    @Test func taggedLiteralsPerScopeAndRecord() throws {
        var scorer = try RecordScorer(schema: try MeasurementSchema(bytes: Array(Self.schema.utf8), file: "m.json"))
        let doc = try JSONDocument(parsing: Self.record)
        for _ in 0..<2 {
            let m = scorer.score(doc)
            #expect(m.scope("ProviderProxy") == LanguageSummary(taggedLiterals: 3, languages: 2))
            #expect(m.scope("ProviderProxy")?.literalsPerLanguage == 1.5)
            #expect(m.scope("EuropeanaProxy") == LanguageSummary(taggedLiterals: 1, languages: 1))
            // en, de (provider), fr (Europeana), en, it (agents): 6 tagged literals, 4 languages.
            #expect(m.record == LanguageSummary(taggedLiterals: 6, languages: 4))
            #expect(m.record.literalsPerLanguage == 1.5)
        }
        let empty = scorer.score(try JSONDocument(parsing: "{}"))
        #expect(empty.languages.allSatisfy { $0 == [.init("_1", 1)] })
        #expect(empty.record == LanguageSummary(taggedLiterals: 0, languages: 0))
        #expect(empty.record.literalsPerLanguage == 0)
    }
}
