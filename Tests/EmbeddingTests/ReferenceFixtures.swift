import Embedding
import Foundation
import TestSupport

/// The reference token ids and vectors (Tests/Fixtures/embedding, made by scripts/embedding-reference.py).
enum ReferenceFixtures {
    struct TokenCase: Decodable { var text: String; var ids: [Int32] }
    struct TokenFile: Decodable { var cases: [TokenCase] }
    struct VectorCase: Decodable { var text: String; var vector: [Float] }
    struct VectorFile: Decodable { var cases: [VectorCase] }

    static func tokens() throws -> [TokenCase] {
        try JSONDecoder().decode(TokenFile.self, from: Fixtures.data("embedding/tokens.json")).cases
    }

    static func vectors() throws -> [VectorCase] {
        try JSONDecoder().decode(VectorFile.self, from: Fixtures.data("embedding/embeddings.json")).cases
    }

    /// The tokenizer over the committed copy of the model's vocab.txt.
    static func tokenizer() throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabularyPath: Fixtures.url("embedding/vocab.txt").path)
    }

    struct ModelMissing: Error, CustomStringConvertible {
        var description: String
    }

    /// The model from its usual place (`make test` runs `make models` first); a missing model fails the test with
    /// the message naming `make models`.
    static func model() throws -> MiniLM {
        try loaded.get()
    }

    /// Loaded once for every test (reading and checking 90 MB of weights).
    private static let loaded: Result<MiniLM, ModelMissing> = {
        do {
            return .success(try MiniLM(location: .resolve(), jobs: 1))
        } catch {
            return .failure(ModelMissing(description: "\(error)"))
        }
    }()

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for k in a.indices {
            dot += Double(a[k]) * Double(b[k]); na += Double(a[k]) * Double(a[k]); nb += Double(b[k]) * Double(b[k])
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
