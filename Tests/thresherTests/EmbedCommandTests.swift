import Foundation
import Testing
import TestSupport

/// `thresher embed --text`, run as the real executable (its output is standard output's lines).
@Suite struct EmbedCommandTests {
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KillAndResumeTests.thresherBinary())
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }

    @Test func printsOneJSONArrayOf384NumbersPerText() throws {
        let result = try Self.run(["embed", "--text", "Portrait of a Young Woman, oil on panel, Rijksmuseum, c. 1632",
                                   "--text", "Musée d'Orsay — Édouard Manet"])
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 2)
        let vectors = try lines.map { try JSONDecoder().decode([Float].self, from: Data($0.utf8)) }
        #expect(vectors.allSatisfy { $0.count == 384 })
        let golden: [Float] = [-0.069656, 0.066457, 0.030794, -0.002820, -0.021451, 0.033107]
        for (k, value) in golden.enumerated() { #expect(abs(vectors[0][k] - value) < 1e-5) }
        // Shortest round-trip formatting: each number reads back as the Float it was.
        let first = lines[0].dropFirst().prefix { $0 != "," }
        #expect(Float(String(first)).map { $0.description } == String(first))
    }

    @Test func anEmptyTextIsAnErrorWithStatus1() throws {
        let result = try Self.run(["embed", "--text", "a title", "--text", "  "])
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err == "thresher: --text #2 is empty: there is nothing to embed\n")
    }

    @Test func aMissingModelNamesMakeModels() throws {
        let dir = try TemporaryDirectory()
        let result = try Self.run(["embed", "--text", "a title", "--model", dir.path("nowhere")])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("thresher: \(dir.path("nowhere")): the all-MiniLM-L6-v2 model is not there; run `make models`"))
        var environment = ProcessInfo.processInfo.environment
        environment["THRESHER_MODELS"] = dir.path("models")
        let viaEnvironment = try Self.run(["embed", "--text", "a title"], environment: environment)
        #expect(viaEnvironment.status == 1)
        #expect(viaEnvironment.err.contains("\(dir.path("models"))/all-MiniLM-L6-v2: the all-MiniLM-L6-v2 model is not there; run `make models`"))
    }
}
