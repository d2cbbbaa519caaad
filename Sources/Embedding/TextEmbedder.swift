/// Turns texts into unit-length vectors of a fixed dimension, so that the cosine of two texts is their dot product.
public protocol TextEmbedder: Sendable {
    /// The model's name as stored beside its vectors (`all-MiniLM-L6-v2`).
    var modelName: String { get }
    /// The number of components of every vector.
    var dimension: Int { get }
    /// One L2-normalised vector per text, in order.
    func embed(_ texts: [String]) throws -> [[Float]]
}
