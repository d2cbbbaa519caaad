import COpenBLAS
import RecordStore

/// Stored vectors as one contiguous row-major Float32 matrix (a row per record), for the exact scan: one BLAS
/// matrix-vector product scores every row against a query.
public struct VectorMatrix: Sendable {
    /// The vectors' dimension.
    public let dimension: Int
    /// Each row's record.
    public private(set) var seqs: [Int64] = []
    /// The rows, one after another.
    public private(set) var values: [Float] = []

    /// An empty matrix.
    public init(dimension: Int) {
        self.dimension = dimension
    }

    /// How many rows.
    public var count: Int { seqs.count }

    /// Appends a row (its first `dimension` components, zeros for missing ones).
    public mutating func append(seq: Int64, _ vector: UnsafeBufferPointer<Float>) {
        seqs.append(seq)
        values.append(contentsOf: vector.prefix(dimension))
        if vector.count < dimension { values.append(contentsOf: repeatElement(0, count: dimension - vector.count)) }
    }

    /// Appends a stored row (little-endian Float32 bytes).
    public mutating func append(seq: Int64, bytes: UnsafeRawBufferPointer) {
        seqs.append(seq)
        let start = values.count
        values.append(contentsOf: repeatElement(0, count: dimension))
        let dimension = self.dimension
        values.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { return }
            VectorMath.copy(bytes, to: base + start, count: min(dimension, bytes.count / 4))
        }
    }

    /// The `k` rows nearest the query (a unit vector of `dimension` components) by dot product among those `accept`
    /// lets through, best first (ties: lower seq first).
    public func top(_ query: [Float], k: Int, accept: ((Int64) -> Bool)? = nil) -> [ScoredNeighbour] {
        guard k > 0, count > 0, query.count == dimension else { return [] }
        var scores = [Float](repeating: 0, count: count)
        values.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { vector in
                scores.withUnsafeMutableBufferPointer { out in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(count), Int32(dimension), 1, matrix.baseAddress,
                                Int32(dimension), vector.baseAddress, 1, 0, out.baseAddress, 1)
                }
            }
        }
        // The k best in a heap whose top is the worst kept (lowest score, then highest row).
        var kept = CandidateHeap(nearestFirst: false, capacity: k + 1)
        for (row, score) in scores.enumerated() {
            if let accept, !accept(seqs[row]) { continue }
            let entry = CandidateHeap.Entry(distance: 1 - score, node: Int32(row))
            if kept.count < k {
                kept.push(entry)
            } else if let worst = kept.top, entry.distance < worst.distance {
                kept.pop()
                kept.push(entry)
            }
        }
        return kept.sortedNearestFirst().map { ScoredNeighbour(seq: seqs[Int($0.node)], score: scores[Int($0.node)]) }
    }

    /// The `k` rows nearest each query (unit vectors of `dimension` components), best first: the queries scored in
    /// blocks of 64, each block one BLAS matrix product.
    public func top(_ queries: [[Float]], k: Int) -> [[ScoredNeighbour]] {
        guard k > 0, count > 0 else { return queries.map { _ in [] } }
        var results: [[ScoredNeighbour]] = []
        let block = 64
        var scores = [Float](repeating: 0, count: block * count)
        for start in Swift.stride(from: 0, to: queries.count, by: block) {
            let chunk = queries[start..<min(start + block, queries.count)]
            var packed = [Float](repeating: 0, count: chunk.count * dimension)
            for (offset, query) in chunk.enumerated() {
                for index in 0..<min(dimension, query.count) { packed[offset * dimension + index] = query[index] }
            }
            values.withUnsafeBufferPointer { matrix in
                packed.withUnsafeBufferPointer { q in
                    scores.withUnsafeMutableBufferPointer { out in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(chunk.count), Int32(count), Int32(dimension), 1,
                                    q.baseAddress, Int32(dimension), matrix.baseAddress, Int32(dimension), 0, out.baseAddress, Int32(count))
                    }
                }
            }
            for offset in 0..<chunk.count {
                var kept = CandidateHeap(nearestFirst: false, capacity: k + 1)
                for row in 0..<count {
                    let entry = CandidateHeap.Entry(distance: 1 - scores[offset * count + row], node: Int32(row))
                    if kept.count < k {
                        kept.push(entry)
                    } else if let worst = kept.top, entry.distance < worst.distance {
                        kept.pop()
                        kept.push(entry)
                    }
                }
                results.append(kept.sortedNearestFirst().map {
                    ScoredNeighbour(seq: seqs[Int($0.node)], score: scores[offset * count + Int($0.node)])
                })
            }
        }
        return results
    }
}
