@testable import Embedding
import Foundation
import Testing
import TestSupport

/// The model against the numpy reference vectors (cosine ≥ 0.9999). It needs the model (`make models`; `make test`
/// fetches it first): without it these tests fail with the message naming `make models`.
@Suite struct MiniLMTests {
    @Test func vectorsMatchTheReference() throws {
        let model = try ReferenceFixtures.model()
        #expect(model.modelName == "all-MiniLM-L6-v2" && model.dimension == 384)
        let cases = try ReferenceFixtures.vectors()
        let vectors = model.embed(cases.map(\.text))
        #expect(vectors.count == cases.count)
        for (item, vector) in zip(cases, vectors) {
            let cosine = ReferenceFixtures.cosine(item.vector, vector)
            #expect(cosine >= 0.9999, "text: \(item.text.debugDescription), cosine \(cosine)")
            let length = vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(length - 1) < 1e-5)
        }
        let golden: [Float] = [-0.069656, 0.066457, 0.030794, -0.002820, -0.021451, 0.033107]
        for (k, value) in golden.enumerated() {
            #expect(abs(vectors[0][k] - value) < 1e-5, "component \(k): \(vectors[0][k])")
        }
    }

    @Test func batchesAndThreadsGiveTheSameVectors() throws {
        let cases = try ReferenceFixtures.vectors().prefix(9).map(\.text)
        let one = try ReferenceFixtures.model()
        let batched = one.embed(cases)
        let threaded = one.embed(cases + cases, jobs: 2)
        for (k, text) in cases.enumerated() {
            let alone = one.embed([text])[0]
            #expect(ReferenceFixtures.cosine(alone, batched[k]) > 0.999999, "text: \(text.debugDescription)")
            #expect(ReferenceFixtures.cosine(threaded[k], batched[k]) > 0.999999)
            #expect(threaded[k + cases.count] == threaded[k])
        }
        #expect(one.embed([]).isEmpty)
    }

    @Test func similarTextsAreCloserThanUnrelatedOnes() throws {
        let model = try ReferenceFixtures.model()
        let v = model.embed(["Portrait of a young woman, oil on panel", "Painting of a girl, oil paint on wood",
                             "Steam locomotive timetable, 1910"])
        #expect(ReferenceFixtures.cosine(v[0], v[1]) > ReferenceFixtures.cosine(v[0], v[2]) + 0.2)
    }
}

/// The SIMD exp and erf of the release build's element-wise steps against the C library.
@Suite struct VectorMathTests {
    @Test func expAndErfAgreeWithTheCLibrary() {
        var worstExp: Float = 0, worstErf: Float = 0
        for step in 0..<2_000 {
            let base = Float(step - 1_000) / 100  // -10 … 10
            let x = SIMD8<Float>((0..<8).map { base + Float($0) / 800 })
            let e = VectorMath.exp8(x), r = VectorMath.erf8(x)
            for k in 0..<8 {
                worstExp = max(worstExp, abs(e[k] - Foundation.exp(x[k])) / Foundation.exp(x[k]))
                worstErf = max(worstErf, abs(r[k] - Foundation.erf(x[k])))
            }
        }
        #expect(worstExp < 3e-7, "exp relative error \(worstExp)")
        #expect(worstErf < 5e-7, "erf absolute error \(worstErf)")
        #expect(VectorMath.exp8(SIMD8(repeating: -200))[0] >= 0)
    }
}

/// Where the model is looked up, and what a missing model says.
@Suite struct ModelLocationTests {
    @Test func explicitThenEnvironmentThenHome() {
        #expect(ModelLocation.resolve(explicit: "/m/dir/", environment: ["THRESHER_MODELS": "/x"]).directory == "/m/dir")
        #expect(ModelLocation.resolve(environment: ["THRESHER_MODELS": "/x/", "HOME": "/h"]).directory == "/x/all-MiniLM-L6-v2")
        let home = ModelLocation.resolve(environment: ["HOME": "/h"])
        #expect(home.directory == "/h/.cache/thresher/models/all-MiniLM-L6-v2")
        #expect(home.weights == "/h/.cache/thresher/models/all-MiniLM-L6-v2/model.safetensors")
        #expect(home.vocabulary == "/h/.cache/thresher/models/all-MiniLM-L6-v2/vocab.txt")
    }

    @Test func aMissingModelNamesMakeModels() throws {
        let dir = try TemporaryDirectory()
        let location = ModelLocation(directory: dir.path("none"))
        #expect(throws: EmbeddingError.modelMissing(path: dir.path("none"))) { try location.check() }
        do {
            _ = try MiniLM(location: location)
            Issue.record("a missing model loaded")
        } catch {
            #expect(error.description.contains("run `make models` to fetch it"))
        }
    }

    @Test func aTruncatedModelFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Fixtures.url("embedding/vocab.txt").path, toPath: dir.path("vocab.txt"))
        try Data(SafeTensorsTests.file()).write(to: URL(fileURLWithPath: dir.path("model.safetensors")))
        do {
            _ = try MiniLM(location: ModelLocation(directory: dir.url.path))
            Issue.record("a model without its tensors loaded")
        } catch {
            #expect(error == .badTensor(path: dir.url.path + "/model.safetensors", name: "embeddings.word_embeddings.weight",
                                        reason: "not in the file"))
        }
    }
}
