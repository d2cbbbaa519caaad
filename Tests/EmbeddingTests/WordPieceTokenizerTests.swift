import Embedding
import Foundation
import Testing
import TestSupport

/// Token ids identical to the reference tokenizer (Hugging Face `tokenizers`, truncation at 256) on heritage strings.
@Suite struct WordPieceTokenizerTests {
    @Test func goldenSentence() throws {
        let tokenizer = try ReferenceFixtures.tokenizer()
        #expect(tokenizer.tokenize("Portrait of a Young Woman, oil on panel, Rijksmuseum, c. 1632")
                == [101, 6533, 1997, 1037, 2402, 2450, 1010, 3514, 2006, 5997, 1010, 15544, 15992, 6491, 8557, 2819, 1010,
                    1039, 1012, 28216, 102])
    }

    @Test func everyReferenceCaseGivesTheSameIds() throws {
        let tokenizer = try ReferenceFixtures.tokenizer()
        let cases = try ReferenceFixtures.tokens()
        #expect(cases.count == 27)
        for item in cases {
            #expect(tokenizer.tokenize(item.text) == item.ids, "text: \(item.text.debugDescription)")
        }
    }

    @Test func longTextIsCutAt256TokensWithClassAndSeparator() throws {
        let tokenizer = try ReferenceFixtures.tokenizer()
        let ids = tokenizer.tokenize(String(repeating: "museum collection object ", count: 200))
        #expect(ids.count == 256 && ids.first == tokenizer.classID && ids.last == tokenizer.separatorID)
        #expect(tokenizer.tokenize("a b c d e", maxTokens: 4) == [101, 1037, 1038, 102])
        #expect(tokenizer.tokenize("") == [101, 102])
    }

    @Test func tokensAreMatchedByTheirBytesNotByCanonicalEquivalence() throws {
        // "é" composed is a token; the same letter decomposed is not (the reference compares bytes).
        let tokenizer = try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "caf\u{E9}", "caf", "##e"])
        #expect(tokenizer.unknownID == 1 && tokenizer.classID == 2 && tokenizer.separatorID == 3)
        // The normalizer strips the accent of both spellings, so both become "cafe" = caf ##e.
        #expect(tokenizer.tokenize("caf\u{E9} cafe\u{301}") == [2, 5, 6, 5, 6, 3])
        #expect(tokenizer.tokenize("xyz") == [2, 1, 3])
    }

    @Test func aVocabularyWithoutSpecialTokensIsAnError() {
        #expect(throws: EmbeddingError.badVocabulary(path: "(vocabulary)", reason: "no [CLS] token")) {
            try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "a"])
        }
    }
}
