import RecordStore
import ThresherCore

extension HNSWIndex {
    /// The share of tombstones above which the graph is rebuilt rather than updated: a tenth of its nodes.
    public static let rebuildShare = 0.1

    /// True when so many nodes are tombstones that a rebuild is due.
    public var needsRebuild: Bool { Double(tombstones) > Double(nodeCount) * Self.rebuildShare }

    /// The header to store for `model`.
    func storedHeader(model: String) -> StoredVectorIndex {
        StoredVectorIndex(model: model, parameters: parameters.stored, dimension: dimension, entry: max(0, entry),
                          topLevel: topLevel, nodes: nodeCount, tombstones: tombstones)
    }

    /// The nodes changed since the last call (every node with `all`), as stored; forgets the changes.
    func takeStoredNodes(all: Bool) -> [StoredVectorIndexNode] {
        let numbers = all ? Array(0..<nodeCount) : dirty.map(Int.init).sorted()
        dirty.removeAll()
        return numbers.map { node in
            var links: [UInt8] = []
            for layer in 0...Int(levels[node]) {
                let list = self.links(node, layer)
                Self.appendUInt32(UInt32(list.count), to: &links)
                for neighbour in list { Self.appendUInt32(UInt32(neighbour), to: &links) }
            }
            let vector = deleted[node] ? VectorMath.bytes(Array(vectors[(node * dimension)..<((node + 1) * dimension)])) : nil
            return StoredVectorIndexNode(node: node, seq: seqs[node], level: Int(levels[node]), deleted: deleted[node],
                                         links: links, vector: vector)
        }
    }

    private static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Restores a stored node (appended as the next node; a live node's vector is zero until `fill` sets it);
    /// `model` and `nodes` (the header's count) for messages and checks.
    func restore(_ stored: StoredVectorIndexNode, model: String, nodes: Int) throws(VectorError) {
        guard stored.node == nodeCount else {
            throw .corruptIndex(model: model, reason: "node \(stored.node) where \(nodeCount) was expected")
        }
        guard (0...16).contains(stored.level) else {
            throw .corruptIndex(model: model, reason: "node \(stored.node) has level \(stored.level)")
        }
        var vector = [Float](repeating: 0, count: dimension)
        if stored.deleted, let bytes = stored.vector {
            guard bytes.count == dimension * 4 else {
                throw .corruptIndex(model: model, reason: "node \(stored.node) keeps a vector of \(bytes.count) bytes")
            }
            vector = VectorMath.floats(bytes)
        }
        let node = vector.withUnsafeBufferPointer { appendNode(seq: stored.seq, level: stored.level, deleted: stored.deleted, vector: $0) }
        if !stored.deleted { nodeBySeq[stored.seq] = Int32(node) }
        var offset = 0
        let links = stored.links
        func next() throws(VectorError) -> UInt32 {
            guard offset + 4 <= links.count else {
                throw .corruptIndex(model: model, reason: "node \(stored.node)'s links are cut short")
            }
            let value = UInt32(links[offset]) | UInt32(links[offset + 1]) << 8 | UInt32(links[offset + 2]) << 16
                | UInt32(links[offset + 3]) << 24
            offset += 4
            return value
        }
        for layer in 0...stored.level {
            let count = Int(try next())
            guard count <= (layer == 0 ? parameters.m0 : parameters.m) else {
                throw .corruptIndex(model: model, reason: "node \(stored.node) has \(count) links on level \(layer)")
            }
            var list: [Int32] = []
            for _ in 0..<count {
                let neighbour = try next()
                guard neighbour < UInt32(nodes) else {
                    throw .corruptIndex(model: model, reason: "node \(stored.node) links to node \(neighbour) of \(nodes)")
                }
                list.append(Int32(neighbour))
            }
            setLinks(node, layer, list)
        }
    }

    /// Sets the vector of a restored live node.
    func fill(node: Int, from bytes: UnsafeRawBufferPointer) {
        vectors.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { return }
            VectorMath.copy(bytes, to: base + node * dimension, count: dimension)
        }
    }

    /// Sets the entry node and top level of a restored graph.
    func restoreEntry(_ node: Int, topLevel level: Int, model: String) throws(VectorError) {
        guard nodeCount == 0 || (node < nodeCount && Int(levels[node]) == level) else {
            throw .corruptIndex(model: model, reason: "entry node \(node) at level \(level) does not exist")
        }
        entry = nodeCount == 0 ? -1 : node
        topLevel = level
        dirty.removeAll()
        generator = SplitMix64(seed: parameters.seed &+ UInt64(nodeCount))
    }

    /// Appends a node for a record and links it later (`linkAppended`): a build reads every vector first.
    func appendForBuild(seq: Int64, vector: UnsafeBufferPointer<Float>) {
        let level = drawLevel()
        let node = appendNode(seq: seq, level: level, deleted: false, vector: vector)
        nodeBySeq[seq] = Int32(node)
    }
}
