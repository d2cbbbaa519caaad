import COpenBLAS

/// The forward pass of a batch of token sequences, packed one after another as the rows of one matrix (no padding:
/// each sequence attends over its own rows only), so every dense layer of the batch is one `cblas_sgemm`.
struct MiniLMEncoder {
    let weights: MiniLMWeights

    /// The buffers of one forward pass, kept by a worker between batches (fresh pages for every batch cost the
    /// kernel's page zeroing, ≈ 4% of the time).
    final class Workspace {
        private(set) var rows = 0, longest = 0
        private(set) var x = UnsafeMutablePointer<Float>.allocate(capacity: 0)
        private(set) var qkv = UnsafeMutablePointer<Float>.allocate(capacity: 0)
        private(set) var context = UnsafeMutablePointer<Float>.allocate(capacity: 0)
        private(set) var wide = UnsafeMutablePointer<Float>.allocate(capacity: 0)
        private(set) var scores = UnsafeMutablePointer<Float>.allocate(capacity: 0)

        init() {}

        /// Makes room for `rows` rows of which the longest sequence has `longest`.
        func reserve(rows: Int, longest: Int) {
            if rows > self.rows {
                x.deallocate(); qkv.deallocate(); context.deallocate(); wide.deallocate()
                x = .allocate(capacity: rows * MiniLMWeights.hidden)
                qkv = .allocate(capacity: rows * 3 * MiniLMWeights.hidden)
                context = .allocate(capacity: rows * MiniLMWeights.hidden)
                wide = .allocate(capacity: rows * MiniLMWeights.intermediate)
                self.rows = rows
            }
            if longest > self.longest {
                scores.deallocate()
                scores = .allocate(capacity: longest * longest)
                self.longest = longest
            }
        }

        deinit {
            x.deallocate(); qkv.deallocate(); context.deallocate(); wide.deallocate(); scores.deallocate()
        }
    }

    /// The mean-pooled, L2-normalised vector of each sequence, written to `output` (`sequences.count` × 384).
    func encode(_ sequences: [[Int32]], into output: UnsafeMutablePointer<Float>, workspace: Workspace = Workspace()) {
        let h = MiniLMWeights.hidden, inter = MiniLMWeights.intermediate, qkvWidth = 3 * h
        let rows = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.reduce(0) { max($0, $1.count) }
        guard rows > 0 else { return }
        workspace.reserve(rows: rows, longest: longest)
        let x = workspace.x, qkv = workspace.qkv, context = workspace.context, wide = workspace.wide
        let scores = workspace.scores

        // Embeddings: word + position + token type 0, then LayerNorm.
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.withUnsafeBufferPointer { positions in
                weights.tokenTypeEmbedding.withUnsafeBufferPointer { type in
                    var row = 0
                    for sequence in sequences {
                        for (position, id) in sequence.enumerated() {
                            let target = x + row * h
                            let word = words.baseAddress.unsafelyUnwrapped + Int(id) * h
                            let place = positions.baseAddress.unsafelyUnwrapped + position * h
                            for k in 0..<h { target[k] = word[k] + place[k] + type[k] }
                            row += 1
                        }
                    }
                }
            }
        }
        norm(x, nil, rows: rows, weights.embeddingNormWeight, weights.embeddingNormBias)

        let scale = 1 / Float(MiniLMWeights.headSize).squareRoot()
        for layer in weights.layers {
            // Q, K and V of every row in one product.
            dense(x, rows: rows, inputs: h, layer.qkvWeight, layer.qkvBias, outputs: qkvWidth, into: qkv)
            // Attention, per sequence and head, over the sequence's own rows.
            var offset = 0
            for sequence in sequences {
                let n = Int32(sequence.count)
                for head in 0..<MiniLMWeights.heads {
                    let q = qkv + offset * qkvWidth + head * MiniLMWeights.headSize
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(MiniLMWeights.headSize), scale,
                                q, Int32(qkvWidth), q + h, Int32(qkvWidth), 0, scores, n)
                    VectorMath.softmaxRows(scores, rows: Int(n), width: Int(n))
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(MiniLMWeights.headSize), n, 1,
                                scores, n, q + 2 * h, Int32(qkvWidth), 0,
                                context + offset * h + head * MiniLMWeights.headSize, Int32(h))
                }
                offset += sequence.count
            }
            dense(context, rows: rows, inputs: h, layer.attentionOutWeight, layer.attentionOutBias, outputs: h, into: qkv)
            norm(x, qkv, rows: rows, layer.attentionNormWeight, layer.attentionNormBias)
            dense(x, rows: rows, inputs: h, layer.intermediateWeight, layer.intermediateBias, outputs: inter, into: wide)
            VectorMath.gelu(wide, count: rows * inter)
            dense(wide, rows: rows, inputs: inter, layer.outputWeight, layer.outputBias, outputs: h, into: qkv)
            norm(x, qkv, rows: rows, layer.outputNormWeight, layer.outputNormBias)
        }

        // Mean pooling over each sequence's tokens, then L2 normalisation.
        var offset = 0
        for (index, sequence) in sequences.enumerated() {
            let target = output + index * h
            target.initialize(repeating: 0, count: h)
            for row in offset..<(offset + sequence.count) {
                let source = x + row * h
                for k in 0..<h { target[k] += source[k] }
            }
            var length: Float = 0
            for k in 0..<h {
                target[k] /= Float(sequence.count)
                length += target[k] * target[k]
            }
            let inverse = 1 / max(length.squareRoot(), 1e-12)
            for k in 0..<h { target[k] *= inverse }
            offset += sequence.count
        }
    }

    /// `output = input · weightᵀ + bias` for `rows` rows (`weight` is [outputs × inputs]).
    private func dense(_ input: UnsafePointer<Float>, rows: Int, inputs: Int, _ weight: [Float], _ bias: [Float],
                       outputs: Int, into output: UnsafeMutablePointer<Float>) {
        bias.withUnsafeBufferPointer { b in
            for row in 0..<rows { (output + row * outputs).update(from: b.baseAddress.unsafelyUnwrapped, count: outputs) }
        }
        weight.withUnsafeBufferPointer { w in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs), 1,
                        input, Int32(inputs), w.baseAddress, Int32(inputs), 1, output, Int32(outputs))
        }
    }

    private func norm(_ x: UnsafeMutablePointer<Float>, _ residual: UnsafePointer<Float>?, rows: Int, _ weight: [Float], _ bias: [Float]) {
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                VectorMath.addLayerNorm(x, residual, rows: rows, width: MiniLMWeights.hidden,
                                        weight: w.baseAddress.unsafelyUnwrapped, bias: b.baseAddress.unsafelyUnwrapped,
                                        epsilon: MiniLMWeights.epsilon)
            }
        }
    }
}
