/// Why a model could not be found, loaded or run; each case's description is one line naming what and where.
public enum EmbeddingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model's directory or one of its files is missing (`make models` fetches it).
    case modelMissing(path: String)
    /// A file of the model cannot be read.
    case unreadable(path: String, reason: String)
    /// A safetensors file is truncated or malformed.
    case corruptWeights(path: String, reason: String)
    /// A tensor the model needs is absent, or has another type or shape.
    case badTensor(path: String, name: String, reason: String)
    /// The vocabulary file lacks a token the tokenizer needs, or is malformed.
    case badVocabulary(path: String, reason: String)

    public var description: String {
        switch self {
        case .modelMissing(let path):
            return "\(path): the all-MiniLM-L6-v2 model is not there; run `make models` to fetch it "
                + "(or pass --model DIR, or set THRESHER_MODELS)"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .corruptWeights(let path, let reason): return "\(path): not a valid safetensors file: \(reason)"
        case .badTensor(let path, let name, let reason): return "\(path): tensor \(name): \(reason)"
        case .badVocabulary(let path, let reason): return "\(path): not a valid WordPiece vocabulary: \(reason)"
        }
    }
}
