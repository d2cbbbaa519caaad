import Testing
import RecordStore
@testable import Pipeline

@Suite struct DedupKeysTests {
    @Test func normalisationFoldsCasePunctuationDiacriticsAndSpace() {
        #expect(KeyNormalizer.normalize("Le Déjeuner sur l'herbe.") == "le dejeuner sur l herbe")
        #expect(KeyNormalizer.normalize("  LE DEJEUNER SUR L’HERBE ") == "le dejeuner sur l herbe")
        #expect(KeyNormalizer.normalize("Straße — Øresund, Łódź; Æsop") == "strasse oresund lodz aesop")
        #expect(KeyNormalizer.normalize("[no title]") == "no title")
        #expect(KeyNormalizer.normalize("Χωρίς Τίτλο") == "χωρις τιτλο")
        #expect(KeyNormalizer.normalize("...") == "")
    }

    @Test func templateTitlesAreRecognisedAfterNormalisation() {
        for title in ["Untitled", "[Untitled]", "Sans titre", "OHNE TITEL", "[no title]", "Sin título", "o. T."] {
            #expect(TemplateTitles.isTemplate(KeyNormalizer.normalize(title)), "\(title)")
        }
        #expect(!TemplateTitles.isTemplate(KeyNormalizer.normalize("Untitled landscape")))
    }

    @Test func shinglesAreWordTrigramsAndShortTextsOneShingle() {
        let text = Array("a b c d".utf8)
        let shingles = WordShingles.hashes(text)
        #expect(shingles.count == 2)
        #expect(shingles == [RecordKeys.hash(Array("a b c".utf8)), RecordKeys.hash(Array("b c d".utf8))].sorted())
        #expect(WordShingles.hashes(Array("a b".utf8)) == [RecordKeys.hash(Array("a b".utf8))])
        #expect(WordShingles.hashes([]) == [])
        #expect(WordShingles.jaccard(WordShingles.hashes(Array("a b c d e".utf8)), WordShingles.hashes(Array("a b c d f".utf8))) == 0.5)
    }

    @Test func bandsFollowTheThreshold() {
        let lsh = MinHashLSH(threshold: 0.8)
        #expect(lsh.bands == 18 && lsh.rows == 6)
        #expect(MinHashLSH(threshold: 0.9).bands == 11 && MinHashLSH(threshold: 0.9).rows == 9)
        #expect(MinHashLSH.probability(0.8, bands: 18, rows: 6) >= 0.995)
        let a = WordShingles.hashes(Array("the harbour of antwerp with ships at anchor".utf8))
        #expect(lsh.bandKeys(a) == lsh.bandKeys(a) && lsh.bandKeys(a).count == 72)
        #expect(lsh.bandKeys(a) != lsh.bandKeys(WordShingles.hashes(Array("a winter landscape with skaters on ice".utf8))))
    }

    @Test func recordKeysLeaveOutTemplateTitlesAndCreatorOnlyTexts() {
        let untitled = RecordKeys(CleansedRecord(guid: "u", datestamp: nil, fields: [
            "title": [.init("Untitled")], "creator": [.init("Anonymous Painter of Delft")], "date": [.init("1900")]]))
        #expect(untitled.titleCreatorDateKey == nil && untitled.titleKey == nil && untitled.text.isEmpty)
        let titled = RecordKeys(CleansedRecord(guid: "t", datestamp: nil, fields: [
            "title": [.init("View of Delft")], "creator": [.init("Vermeer")], "date": [.init("1660")],
            "image": [.init(" http://i/x.jpg ")]]))
        #expect(titled.text == Array("view of delft vermeer".utf8) && titled.titleCreatorDateKey != nil)
        #expect(titled.imageURL == "http://i/x.jpg")
    }

    @Test func theImageIndexFindsEveryHashWithinTheDistance() {
        let hashes: [UInt64] = [0, 0b111111, 0b1111111, .max, 1 << 63 | 1]
        let index = ImageHashIndex(hashes: hashes, distance: 6)
        #expect(index.neighbours(of: 0).map(\.item) == [1, 4])
        #expect(index.neighbours(of: 0).map(\.distance) == [6, 2])
        #expect(index.neighbours(of: 3).isEmpty)
        #expect(ImageHashIndex(hashes: hashes, distance: 0).neighbours(of: 0).isEmpty)
    }
}
