import Testing
import JSONPath
import TestSupport
@testable import Quality

@Suite struct ProblemTests {
    static let schema = #"""
    { "name": "p", "dimensions": [],
      "collections": [
        { "label": "Proxy", "path": "$['ore:Proxy'][*]", "fields": [
            { "label": "title", "path": "$['dc:title']" },
            { "label": "description", "path": "$['dc:description']" },
            { "label": "subject", "path": "$['dc:subject']" } ] },
        { "label": "Concept", "path": "$['skos:Concept'][*]", "fields": [
            { "label": "prefLabel", "path": "$['skos:prefLabel']", "scored": false } ] } ],
      "problems": [
        { "name": "LongSubject", "kind": "longValue", "fields": ["subject"], "maxLength": 5 },
        { "name": "Same", "kind": "sameValue", "fields": ["title", "description"] },
        { "name": "Empty", "kind": "emptyString", "fields": ["title", "description", "subject"] },
        { "name": "Duplicated", "kind": "duplicatedString", "fields": ["title", "description", "subject"] },
        { "name": "Ambiguous", "kind": "ambiguousLabel", "fields": ["prefLabel"] } ] }
    """#

    func problems(_ record: String) throws -> [String: Int] {
        let m = try measure(Self.schema, record)
        return Dictionary(uniqueKeysWithValues: zip(m.layout.problems, m.problems))
    }

    @Test func longValueCountsUTF16CodeUnits() throws {
        // "abcdef" 6 > 5; "😀😀😀" is 6 UTF-16 code units (3 scalars); "ééééé" is 5 (10 bytes);
        // "abcde" is 5; a link has no text.
        let p = try problems(#"""
        {"ore:Proxy": [{"dc:subject": ["abcde", "abcdef", {"@lang": "en", "#value": "😀😀😀"}, "ééééé",
                                       {"@resource": "http://a-very-long-uri.example/x"}]},
                       {"dc:subject": "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}]}
        """#)
        #expect(p["LongSubject"] == 3)
    }

    @Test func sameValueNeedsSameTextLanguageAndResource() throws {
        let same = try problems(#"""
        {"ore:Proxy": [{"dc:title": ["Same", {"@lang": "en", "#value": "Lang"}, ""]},
                       {"dc:description": ["same", "", {"#value": "Lang", "@lang": "en"}]}]}
        """#)
        #expect(same["Same"] == 1)
        let differentLanguage = try problems(#"""
        {"ore:Proxy": [{"dc:title": ["A", ""], "dc:description": [{"@lang": "en", "#value": "A"}, ""]}]}
        """#)
        #expect(differentLanguage["Same"] == 0)
        let links = try problems(#"""
        {"ore:Proxy": [{"dc:title": [{"@resource": "http://x"}], "dc:description": [{"@resource": "http://x"}]}]}
        """#)
        #expect(links["Same"] == 1)
    }

    @Test func emptyStringsCountBlankValues() throws {
        let p = try problems(#"""
        {"ore:Proxy": [{"dc:title": ["", "t"], "dc:description": [" \n\t", {"#value": " "}, {"@lang": "en", "#value": ""}],
                        "dc:subject": ["\u00a0", "s"]}]}
        """#)
        // "", " \n\t", {"#value": " "}, and U+00A0 (Unicode white space); the tagged empty literal is not blank.
        #expect(p["Empty"] == 4)
    }

    @Test func duplicatedStrings() throws {
        let p = try problems(#"""
        {"ore:Proxy": [{"dc:title": ["Rome Rome", "Rome; Rome", "Rome, Rome", "RomeRome", "Rome\nRome", " Rome  Rome "],
                        "dc:description": ["Rome - Rome", "a a", "Rome Roma", "Rome;; Rome", "Rome", "", {"@lang": "it", "#value": "Città Città"}],
                        "dc:subject": ["bonbon", "Baden-Baden", "éé"]}]}
        """#)
        // Six in title; "Città Città" in description; "bonbon" in subject. Not: "Rome - Rome" (not a
        // separator), "a a" (X shorter than two scalars), "Rome Roma", "Rome;; Rome" (two
        // punctuation marks), "Baden-Baden", "éé" (X is one scalar).
        #expect(p["Duplicated"] == 8)
    }

    @Test func ambiguousLabelsPerInstanceAndLanguage() throws {
        let p = try problems(#"""
        {"skos:Concept": [
          {"skos:prefLabel": [{"@lang": "en", "#value": "a"}, {"@lang": "en", "#value": "b"},
                              {"@lang": "de", "#value": "c"}, {"@lang": "de", "#value": "d"}, {"@lang": "fr", "#value": "e"}]},
          {"skos:prefLabel": [{"@lang": "en", "#value": "a"}, "x", "y", {"@resource": "http://r"}]},
          {"skos:prefLabel": [{"@lang": "fr", "#value": "f"}]}]}
        """#)
        // First concept: en and de twice → 2; second: two untagged literals belong to no language
        // → 0; "en" in two concepts is not ambiguous.
        #expect(p["Ambiguous"] == 2)
        let untagged = try problems(#"""
        {"skos:Concept": [{"skos:prefLabel": ["x", "y", {"#value": "z"}, {"@lang": "", "#value": "w"}, {"@lang": "en", "#value": "a"}]}]}
        """#)
        #expect(untagged["Ambiguous"] == 0)
    }

    @Test func duplicatedStringSeparators() throws {
        // White space on both sides of the one `;` or `,`, none at all, or a line break.
        let p = try problems(#"""
        {"ore:Proxy": [{"dc:title": ["ab , ab", "ab ; ab", "ab,ab", "ab;ab", "ab\r\nab", "ab \t;\n ab", "ab ,; ab", "ab . ab"]}]}
        """#)
        #expect(p["Duplicated"] == 6)
    }

    // MARK: - Upstream values (Tests/Fixtures/quality/UPSTREAM-EXPECTED.md), `edm` schema

    func edmProblems(_ fixture: String) throws -> [String: Int] {
        var scorer = try RecordScorer(schema: try MeasurementSchema.builtin(named: "edm"))
        let m = scorer.score(try JSONDocument(parsing: try Fixtures.string("quality/" + fixture)))
        return Dictionary(uniqueKeysWithValues: zip(m.layout.problems, m.problems))
    }

    /// metadata-qa-api AmbiguousPrefLabelTest.testAmbiguousPrefLabels: 21 (24 if untagged labels formed a language).
    @Test func upstreamAmbiguousPrefLabel() throws {
        let p = try edmProblems("2023702_35D943DF60D779EC9EF31F5DFF4E337385AC7C37_same-title-and-description.json")
        #expect(p["AmbiguousPrefLabel"] == 21)
    }

    /// metadata-qa-api DuplicatedStringsTest.test: 8 of the 9 provider-proxy titles.
    @Test func upstreamDuplicatedStrings() throws {
        let p = try edmProblems("07602_5CFC6E149961A1630BAD5C65CE3A683DEB6285A0_duplicated-string_MODIFIED.json")
        #expect(p["DuplicatedStrings"] == 8)
    }

    /// metadata-qa-api LongSubjectTest.test: 1 (the literal of 782 characters; links are not measured).
    @Test func upstreamLongSubject() throws {
        let p = try edmProblems("07602_5CFC6E149961A1630BAD5C65CE3A683DEB6285A0_long-subject.json")
        #expect(p["LongSubject"] == 1)
    }

    /// metadata-qa-api SameTitleAndDescriptionTest.hello: 1.
    @Test func upstreamTitleAndDescriptionAreSame() throws {
        let p = try edmProblems("2023702_35D943DF60D779EC9EF31F5DFF4E337385AC7C37_same-title-and-description.json")
        #expect(p["TitleAndDescriptionAreSame"] == 1)
    }

    @Test func noValuesNoProblems() throws {
        #expect(try problems("{}") == ["LongSubject": 0, "Same": 0, "Empty": 0, "Duplicated": 0, "Ambiguous": 0])
    }
}
