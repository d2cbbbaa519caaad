import Foundation
import ThresherCore

/// An approximate nearest-neighbour graph over unit vectors (HNSW): levels drawn with a seeded generator, neighbours
/// chosen by the paper's heuristic, cosine as the dot product. Nodes are numbered in insertion order; a record whose
/// vector changes or goes becomes a tombstone (still walked through, never returned) until the graph is rebuilt.
/// Not safe to use from several threads at once.
public final class HNSWIndex {
    /// The construction and search parameters.
    public let parameters: HNSWParameters
    /// The vectors' dimension.
    public let dimension: Int
    /// Each node's vector, node after node.
    var vectors: [Float] = []
    /// Each node's record.
    var seqs: [Int64] = []
    /// Each node's top level.
    var levels: [Int32] = []
    /// Which nodes are tombstones.
    var deleted: [Bool] = []
    /// Level-0 links: per node `m0 + 1` slots, a count then the neighbours.
    var links0: [Int32] = []
    /// Upper-level links: per node `m + 1` slots per level 1…level.
    var upper: [[Int32]] = []
    /// The node searches start from (-1 when empty), and its level.
    var entry: Int = -1
    var topLevel: Int = 0
    /// The live node of each record.
    var nodeBySeq: [Int64: Int32] = [:]
    /// How many nodes are tombstones.
    public private(set) var tombstones = 0
    /// Nodes changed since the graph was last stored.
    var dirty: Set<Int32> = []
    var generator: SplitMix64
    private var visited: [UInt32] = []
    private var visitMark: UInt32 = 0

    /// An empty graph.
    public init(dimension: Int, parameters: HNSWParameters = .standard) {
        self.dimension = dimension
        self.parameters = parameters
        generator = SplitMix64(seed: parameters.seed)
    }

    /// How many nodes the graph has, tombstones included.
    public var nodeCount: Int { seqs.count }
    /// How many records it returns.
    public var liveCount: Int { nodeBySeq.count }

    private var stride0: Int { parameters.m0 + 1 }
    private var strideUp: Int { parameters.m + 1 }

    // MARK: - Inserting

    /// Adds a record's vector (unit length, `dimension` components); a record already in the graph has its old node
    /// made a tombstone first.
    public func insert(seq: Int64, vector: UnsafeBufferPointer<Float>) {
        if nodeBySeq[seq] != nil { remove(seq: seq) }
        let level = drawLevel()
        let node = appendNode(seq: seq, level: level, deleted: false, vector: vector)
        nodeBySeq[seq] = Int32(node)
        link(node)
    }

    /// Makes the record's node a tombstone; false when the record has none.
    @discardableResult
    public func remove(seq: Int64) -> Bool {
        guard let node = nodeBySeq.removeValue(forKey: seq) else { return false }
        deleted[Int(node)] = true
        tombstones += 1
        dirty.insert(node)
        return true
    }

    func drawLevel() -> Int {
        let unit = (Double(generator.nextUInt64() >> 11) + 1) / Double(1 << 53)  // (0, 1]
        return min(Int(-log(unit) / log(Double(parameters.m))), 16)
    }

    /// Appends a node without links.
    func appendNode(seq: Int64, level: Int, deleted isDeleted: Bool, vector: UnsafeBufferPointer<Float>) -> Int {
        let node = seqs.count
        seqs.append(seq)
        levels.append(Int32(level))
        deleted.append(isDeleted)
        if isDeleted { tombstones += 1 }
        vectors.append(contentsOf: vector.prefix(dimension))
        if vector.count < dimension { vectors.append(contentsOf: repeatElement(0, count: dimension - vector.count)) }
        links0.append(contentsOf: repeatElement(0, count: stride0))
        upper.append(level > 0 ? [Int32](repeating: 0, count: level * strideUp) : [])
        visited.append(0)
        dirty.insert(Int32(node))
        return node
    }

    /// Links a newly appended node into the graph.
    func link(_ node: Int) {
        let level = Int(levels[node])
        guard entry >= 0 else {
            entry = node
            topLevel = level
            return
        }
        vectors.withUnsafeBufferPointer { all in
            let base = all.baseAddress.unsafelyUnwrapped
            let query = base + node * dimension
            var current = entry
            var currentDistance = distance(query, current)
            if topLevel > level {
                for layer in Swift.stride(from: topLevel, to: level, by: -1) {
                    greedy(query, &current, &currentDistance, layer)
                }
            }
            var entries = [CandidateHeap.Entry(distance: currentDistance, node: Int32(current))]
            for layer in Swift.stride(from: min(level, topLevel), through: 0, by: -1) {
                let found = searchLayer(query, entries: entries, ef: parameters.efConstruction, layer: layer, accept: nil)
                let chosen = selectNeighbours(found, limit: parameters.m, base: base)
                setLinks(node, layer, chosen)
                for neighbour in chosen { addLink(from: Int(neighbour), to: Int32(node), layer: layer, base: base) }
                entries = found
            }
        }
        if level > topLevel {
            entry = node
            topLevel = level
        }
    }

    /// Adds `target` to `node`'s links on `layer`, keeping the best by the heuristic when they overflow (`base`: the
    /// vectors).
    private func addLink(from node: Int, to target: Int32, layer: Int, base: UnsafePointer<Float>) {
        let limit = layer == 0 ? parameters.m0 : parameters.m
        var current = Array(links(node, layer))
        if current.contains(target) { return }
        dirty.insert(Int32(node))
        current.append(target)
        if current.count <= limit {
            setLinks(node, layer, current)
            return
        }
        let own = base + node * dimension
        var candidates = current.map { CandidateHeap.Entry(distance: 1 - VectorMath.dot(own, base + Int($0) * dimension, dimension), node: $0) }
        candidates.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.node < $1.node }
        setLinks(node, layer, selectNeighbours(candidates, limit: limit, base: base))
    }

    /// The paper's heuristic: from candidates nearest first, keep one when it is nearer the base than every one
    /// kept so far (diverse directions, which keeps clustered data connected).
    private func selectNeighbours(_ candidates: [CandidateHeap.Entry], limit: Int, base: UnsafePointer<Float>) -> [Int32] {
        if candidates.count <= limit { return candidates.map(\.node) }
        var chosen: [Int32] = []
        chosen.reserveCapacity(limit)
        for candidate in candidates {
            if chosen.count >= limit { break }
            let vector = base + Int(candidate.node) * dimension
            var keep = true
            for other in chosen where 1 - VectorMath.dot(vector, base + Int(other) * dimension, dimension) < candidate.distance {
                keep = false
                break
            }
            if keep { chosen.append(candidate.node) }
        }
        return chosen
    }

    // MARK: - Links

    /// The node's neighbours on `layer`.
    func links(_ node: Int, _ layer: Int) -> ArraySlice<Int32> {
        if layer == 0 {
            let base = node * stride0
            return links0[(base + 1)..<(base + 1 + Int(links0[base]))]
        }
        let base = (layer - 1) * strideUp
        let list = upper[node]
        return list[(base + 1)..<(base + 1 + Int(list[base]))]
    }

    func setLinks<C: Collection>(_ node: Int, _ layer: Int, _ neighbours: C) where C.Element == Int32 {
        if layer == 0 {
            let base = node * stride0
            links0[base] = Int32(neighbours.count)
            for (offset, neighbour) in neighbours.enumerated() { links0[base + 1 + offset] = neighbour }
        } else {
            let base = (layer - 1) * strideUp
            upper[node][base] = Int32(neighbours.count)
            for (offset, neighbour) in neighbours.enumerated() { upper[node][base + 1 + offset] = neighbour }
        }
    }

    // MARK: - Searching

    /// The `k` live nodes nearest the query (a unit vector) that `accept` lets through, best first, with `ef`
    /// candidates (at least k) on level 0.
    public func search(_ query: [Float], k: Int, ef: Int? = nil, accept: ((Int64) -> Bool)? = nil) -> [ScoredNeighbour] {
        guard entry >= 0, k > 0, query.count == dimension else { return [] }
        return query.withUnsafeBufferPointer { buffer -> [ScoredNeighbour] in
            guard let pointer = buffer.baseAddress else { return [] }
            var current = entry
            var currentDistance = distance(pointer, current)
            if topLevel > 0 {
                for layer in Swift.stride(from: topLevel, to: 0, by: -1) { greedy(pointer, &current, &currentDistance, layer) }
            }
            let seqs = self.seqs, deleted = self.deleted
            let admit: (Int32) -> Bool = { node in
                !deleted[Int(node)] && (accept?(seqs[Int(node)]) ?? true)
            }
            let found = searchLayer(pointer, entries: [.init(distance: currentDistance, node: Int32(current))],
                                    ef: max(ef ?? parameters.efSearch, k), layer: 0, accept: admit)
            return found.prefix(k).map { ScoredNeighbour(seq: seqs[Int($0.node)], score: 1 - $0.distance) }
        }
    }

    /// Moves to ever nearer neighbours on `layer` until none is nearer.
    private func greedy(_ query: UnsafePointer<Float>, _ current: inout Int, _ currentDistance: inout Float, _ layer: Int) {
        var changed = true
        while changed {
            changed = false
            for neighbour in links(current, layer) {
                let d = distance(query, Int(neighbour))
                if d < currentDistance {
                    currentDistance = d
                    current = Int(neighbour)
                    changed = true
                }
            }
        }
    }

    /// The best-first search of one layer: the `ef` nearest nodes found (only those `accept` lets through, when
    /// given), nearest first.
    private func searchLayer(_ query: UnsafePointer<Float>, entries: [CandidateHeap.Entry], ef: Int, layer: Int,
                             accept: ((Int32) -> Bool)?) -> [CandidateHeap.Entry] {
        visitMark &+= 1
        if visitMark == 0 {
            for index in visited.indices { visited[index] = 0 }
            visitMark = 1
        }
        let mark = visitMark, dimension = self.dimension, stride0 = self.stride0, strideUp = self.strideUp
        let upper = layer > 0 ? self.upper : []
        return vectors.withUnsafeBufferPointer { all in
            links0.withUnsafeBufferPointer { level0 in
                visited.withUnsafeMutableBufferPointer { seen in
                    let base = all.baseAddress.unsafelyUnwrapped
                    var candidates = CandidateHeap(nearestFirst: true, capacity: ef * 4)
                    var results = CandidateHeap(nearestFirst: false, capacity: ef + 1)
                    for entry in entries {
                        seen[Int(entry.node)] = mark
                        candidates.push(entry)
                        if accept?(entry.node) ?? true { results.push(entry) }
                    }
                    while results.count > ef { results.pop() }
                    var neighbours: [Int32] = []
                    neighbours.reserveCapacity(parameters.m0)
                    while let candidate = candidates.pop() {
                        if results.count >= ef, let worst = results.top, candidate.distance > worst.distance { break }
                        neighbours.removeAll(keepingCapacity: true)
                        if layer == 0 {
                            let start = Int(candidate.node) * stride0
                            for offset in 0..<Int(level0[start]) { neighbours.append(level0[start + 1 + offset]) }
                        } else {
                            let list = upper[Int(candidate.node)], start = (layer - 1) * strideUp
                            for offset in 0..<Int(list[start]) { neighbours.append(list[start + 1 + offset]) }
                        }
                        for neighbour in neighbours {
                            let index = Int(neighbour)
                            if seen[index] == mark { continue }
                            seen[index] = mark
                            let d = 1 - VectorMath.dot(query, base + index * dimension, dimension)
                            if results.count < ef || d < (results.top?.distance ?? .infinity) {
                                candidates.push(.init(distance: d, node: neighbour))
                                if accept?(neighbour) ?? true {
                                    results.push(.init(distance: d, node: neighbour))
                                    if results.count > ef { results.pop() }
                                }
                            }
                        }
                    }
                    return results.sortedNearestFirst()
                }
            }
        }
    }

    // MARK: - Distances

    @inline(__always)
    private func distance(_ query: UnsafePointer<Float>, _ node: Int) -> Float {
        vectors.withUnsafeBufferPointer { all in
            1 - VectorMath.dot(query, all.baseAddress.unsafelyUnwrapped + node * dimension, dimension)
        }
    }

}
