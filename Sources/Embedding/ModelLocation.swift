import Foundation

/// Where the all-MiniLM-L6-v2 files are: `--model DIR`, else `$THRESHER_MODELS/all-MiniLM-L6-v2`, else
/// `~/.cache/thresher/models/all-MiniLM-L6-v2` (where `make models` puts them).
public struct ModelLocation: Equatable, Sendable {
    /// The model's folder name under a models directory.
    public static let folderName = "all-MiniLM-L6-v2"

    /// The folder holding `model.safetensors` and `vocab.txt`.
    public var directory: String

    /// The weights file.
    public var weights: String { directory + "/model.safetensors" }
    /// The WordPiece vocabulary, one token a line.
    public var vocabulary: String { directory + "/vocab.txt" }

    public init(directory: String) {
        self.directory = directory
    }

    /// The folder an explicit `--model` names, else the one the environment (`THRESHER_MODELS`, `HOME`) points to.
    public static func resolve(explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelLocation {
        if let explicit, !explicit.isEmpty { return ModelLocation(directory: trimmed(explicit)) }
        if let models = environment["THRESHER_MODELS"], !models.isEmpty {
            return ModelLocation(directory: trimmed(models) + "/" + folderName)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return ModelLocation(directory: trimmed(home) + "/.cache/thresher/models/" + folderName)
    }

    /// Throws `modelMissing` unless both files are there.
    public func check() throws(EmbeddingError) {
        let files = FileManager.default
        for path in [weights, vocabulary] where !files.fileExists(atPath: path) {
            throw .modelMissing(path: directory)
        }
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
