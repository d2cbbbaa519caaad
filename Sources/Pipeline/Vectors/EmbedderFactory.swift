import Embedding

/// Makes the text embedder the commands use: the one place that chooses the model (all-MiniLM-L6-v2 from
/// `modelDirectory`, else the default model directory).
public enum EmbedderFactory {
    /// The embedder of the model in `modelDirectory` (nil: `THRESHER_MODELS` or `~/.cache/thresher/models`).
    public static func make(modelDirectory: String?) throws(VectorError) -> any TextEmbedder {
        do {
            return try MiniLM(location: .resolve(explicit: modelDirectory))
        } catch {
            throw .modelUnavailable(error.description)
        }
    }
}
