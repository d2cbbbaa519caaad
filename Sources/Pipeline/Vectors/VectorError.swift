import RecordStore

/// Why embedding or a similarity search failed, in one line naming what and where.
public enum VectorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The store failed.
    case store(StoreError)
    /// The store has no live record with this identifier.
    case unknownRecord(identifier: String, store: String)
    /// The record has no vector (of the model searched).
    case noVector(identifier: String, store: String)
    /// The record's cleansed view had no text in the embedded fields, so it has no vector.
    case noText(identifier: String, store: String)
    /// The store has no vectors at all (of the model searched).
    case noVectors(store: String, model: String?)
    /// A text query was empty or white space.
    case emptyText
    /// The embedder failed.
    case embedder(String)
    /// A vector has another dimension than the model's.
    case wrongDimension(expected: Int, found: Int, place: String)
    /// The embedding model is not available.
    case modelUnavailable(String)
    /// The stored graph cannot be read back.
    case corruptIndex(model: String, reason: String)

    public var description: String {
        switch self {
        case .store(let error): return error.description
        case .unknownRecord(let identifier, let store): return "\(store): no record \(identifier)"
        case .noVector(let identifier, let store):
            return "\(store): record \(identifier) has no vector yet: run thresher embed first"
        case .noText(let identifier, let store):
            return "\(store): record \(identifier) has no text in the embedded fields (see thresher embed --fields), so nothing is similar to it"
        case .noVectors(let store, let model):
            return "\(store): no vectors" + (model.map { " of \($0)" } ?? "") + " yet: run thresher embed first"
        case .emptyText: return "--text: the query is empty"
        case .embedder(let message): return "embedding failed: \(message)"
        case .wrongDimension(let expected, let found, let place):
            return "\(place): a vector of \(found) components where the model has \(expected)"
        case .modelUnavailable(let message): return message
        case .corruptIndex(let model, let reason): return "the stored vector index of \(model) is damaged: \(reason) (run thresher embed again)"
        }
    }
}
