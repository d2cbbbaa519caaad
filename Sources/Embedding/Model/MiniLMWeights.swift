/// all-MiniLM-L6-v2's tensors, checked against the architecture (6 layers, hidden 384, 12 heads, intermediate
/// 1536) and laid out for the encoder: query, key and value weights fused into one [1152 × 384] matrix per layer.
struct MiniLMWeights: Sendable {
    static let hidden = 384
    static let heads = 12
    static let headSize = 32
    static let intermediate = 1536
    static let layerCount = 6
    static let maxPositions = 512
    static let vocabulary = 30522
    static let epsilon: Float = 1e-12

    /// One encoder layer; matrices as PyTorch stores them ([out × in], row-major).
    struct Layer: Sendable {
        var qkvWeight: [Float], qkvBias: [Float]
        var attentionOutWeight: [Float], attentionOutBias: [Float]
        var attentionNormWeight: [Float], attentionNormBias: [Float]
        var intermediateWeight: [Float], intermediateBias: [Float]
        var outputWeight: [Float], outputBias: [Float]
        var outputNormWeight: [Float], outputNormBias: [Float]
    }

    var wordEmbeddings: [Float]
    var positionEmbeddings: [Float]
    var tokenTypeEmbedding: [Float]
    var embeddingNormWeight: [Float], embeddingNormBias: [Float]
    var layers: [Layer]

    init(_ file: SafeTensors) throws(EmbeddingError) {
        let h = Self.hidden
        wordEmbeddings = try file.floats("embeddings.word_embeddings.weight", shape: [Self.vocabulary, h])
        positionEmbeddings = try file.floats("embeddings.position_embeddings.weight", shape: [Self.maxPositions, h])
        tokenTypeEmbedding = Array(try file.floats("embeddings.token_type_embeddings.weight", shape: [2, h])[0..<h])
        embeddingNormWeight = try file.floats("embeddings.LayerNorm.weight", shape: [h])
        embeddingNormBias = try file.floats("embeddings.LayerNorm.bias", shape: [h])
        layers = []
        for k in 0..<Self.layerCount {
            let p = "encoder.layer.\(k)."
            func f(_ name: String, _ shape: [Int]) throws(EmbeddingError) -> [Float] { try file.floats(p + name, shape: shape) }
            layers.append(Layer(
                qkvWeight: try f("attention.self.query.weight", [h, h]) + f("attention.self.key.weight", [h, h])
                    + f("attention.self.value.weight", [h, h]),
                qkvBias: try f("attention.self.query.bias", [h]) + f("attention.self.key.bias", [h]) + f("attention.self.value.bias", [h]),
                attentionOutWeight: try f("attention.output.dense.weight", [h, h]),
                attentionOutBias: try f("attention.output.dense.bias", [h]),
                attentionNormWeight: try f("attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try f("attention.output.LayerNorm.bias", [h]),
                intermediateWeight: try f("intermediate.dense.weight", [Self.intermediate, h]),
                intermediateBias: try f("intermediate.dense.bias", [Self.intermediate]),
                outputWeight: try f("output.dense.weight", [h, Self.intermediate]),
                outputBias: try f("output.dense.bias", [h]),
                outputNormWeight: try f("output.LayerNorm.weight", [h]),
                outputNormBias: try f("output.LayerNorm.bias", [h])))
        }
    }
}
