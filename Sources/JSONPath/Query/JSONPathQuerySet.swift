/// Several compiled queries evaluated together in one pass over a document: queries that start
/// with the same segments (e.g. `$['ore:Proxy'][?(…)]`) share the work of those segments.
public struct JSONPathQuerySet: Sendable {
    /// The queries, in the order given.
    public let queries: [JSONPathQuery]

    /// A trie over leading segments; node 0 is the root `$`.
    struct TrieNode: Sendable {
        var segment: Segment?
        var children: [Int] = []
        /// Queries that end at this node.
        var terminals: [Int] = []
        var depth = 0
    }
    let trie: [TrieNode]
    let jayway: Bool
    /// For trie nodes with several child segments that are one plain name each: a table from
    /// member name to child, so one pass over an object's members serves all of them.
    let fanOut: [NameTable?]
    /// Per trie node: filled in by its parent's fan-out pass.
    let servedByFanOut: [Bool]
    let maxDepth: Int
    /// Trie nodes count as fan-out parents from this many name children on.
    static let fanOutThreshold = 3

    /// Why a query of a set was rejected.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// Index of the query in the list.
        public let index: Int
        /// Its text.
        public let query: String
        /// The parse error.
        public let error: JSONPathParseError
        public var description: String { "query \(index + 1) (\(query)): \(error)" }
    }

    /// Builds the set from compiled queries. Jayway tail functions are ignored here: a set
    /// yields nodes.
    public init(_ queries: [JSONPathQuery]) {
        self.queries = queries
        self.jayway = queries.contains { $0.options.contains(.jayway) }
        var trie = [TrieNode()]
        for (k, q) in queries.enumerated() {
            var node = 0
            for segment in q.segments {
                if let child = trie[node].children.first(where: { trie[$0].segment?.key == segment.key }) {
                    node = child
                } else {
                    trie.append(TrieNode(segment: segment, depth: trie[node].depth + 1))
                    trie[node].children.append(trie.count - 1)
                    node = trie.count - 1
                }
            }
            trie[node].terminals.append(k)
        }
        self.trie = trie
        var fanOut: [NameTable?] = Array(repeating: nil, count: trie.count)
        var served = Array(repeating: false, count: trie.count)
        for (t, node) in trie.enumerated() {
            var names: [([UInt8], Int)] = []
            for c in node.children {
                if let seg = trie[c].segment, !seg.descendant, seg.selectors.count == 1, case .name(let name) = seg.selectors[0] {
                    names.append((name, c))
                }
            }
            if names.count >= JSONPathQuerySet.fanOutThreshold {
                fanOut[t] = NameTable(names)
                for (_, c) in names { served[c] = true }
            }
        }
        self.fanOut = fanOut
        self.servedByFanOut = served
        self.maxDepth = trie.reduce(0) { max($0, $1.depth) }
    }

    /// Parses and builds the set; the error names the query that failed.
    public init(_ texts: [String], options: JSONPathOptions = []) throws(ParseError) {
        var queries: [JSONPathQuery] = []
        for (k, t) in texts.enumerated() {
            do { queries.append(try JSONPathQuery(t, options: options)) } catch {
                throw ParseError(index: k, query: t, error: error)
            }
        }
        self.init(queries)
    }

    /// Number of distinct segment evaluations per document (trie nodes below the root).
    public var sharedSegmentCount: Int { trie.count - 1 }

    /// The nodes each query selects, stored flat; reuse one value across documents to avoid allocation.
    public struct Results: Sendable {
        /// All selected nodes, query after query.
        public internal(set) var nodes: [JSONNode] = []
        @usableFromInline var ranges: [Range<Int>] = []
        /// Offset added to a query's index into `ranges` (grouped evaluation: start × queryCount).
        var base = 0
        var levels: [[Int32]] = []
        /// Fan-out scratch per trie depth: (child trie node, selected node) pairs; and a per-child marker.
        var pairs: [[(child: Int32, node: Int32)]] = []
        var seen: [Int32] = []

        public init() {}

        /// Number of queries the results are for.
        public var queryCount: Int { ranges.count }

        /// The nodes query `k` selected.
        public func nodes(forQuery k: Int) -> ArraySlice<JSONNode> { nodes[ranges[k]] }

        /// How many nodes query `k` selected.
        public func count(forQuery k: Int) -> Int { ranges[k].count }

        mutating func reset(_ queryCount: Int, depth: Int) {
            nodes.removeAll(keepingCapacity: true)
            if ranges.count != queryCount {
                ranges.removeAll(keepingCapacity: true)
                ranges.append(contentsOf: repeatElement(0..<0, count: queryCount))
            } else { for k in 0..<queryCount { ranges[k] = 0..<0 } }
            while levels.count <= depth { levels.append([]) }
            while pairs.count <= depth { pairs.append([]) }
        }
    }

    /// Evaluates every query on `document`, writing into `results` (whose storage is reused).
    public func evaluate(_ document: JSONDocument, into results: inout Results) {
        results.reset(queries.count, depth: maxDepth)
        if results.seen.count != trie.count { results.seen = Array(repeating: -1, count: trie.count) }
        var ev = Evaluator(document, jayway: jayway, trackPaths: false)
        results.levels[0].removeAll(keepingCapacity: true)
        results.levels[0].append(0)
        visit(0, &ev, &results)
    }

    /// Evaluates every query on `document`.
    public func evaluate(_ document: JSONDocument) -> Results {
        var results = Results()
        evaluate(document, into: &results)
        return results
    }

    func visit(_ t: Int, _ ev: inout Evaluator, _ results: inout Results) {
        let depth = trie[t].depth
        for q in trie[t].terminals {
            let start = results.nodes.count
            for n in results.levels[depth] { results.nodes.append(JSONNode(n)) }
            results.ranges[results.base + q] = start..<results.nodes.count
        }
        if results.levels[depth].isEmpty || trie[t].children.isEmpty { return }
        if let table = fanOut[t] {
            var pairs = results.pairs[depth]
            results.pairs[depth] = []
            collectNames(table, ev.doc, results.levels[depth], &pairs, &results.seen)
            results.pairs[depth] = pairs
        }
        for c in trie[t].children {
            var out = results.levels[depth + 1]
            results.levels[depth + 1] = []
            out.removeAll(keepingCapacity: true)
            if servedByFanOut[c] {
                for p in results.pairs[depth] where Int(p.child) == c { out.append(p.node) }
            } else if let segment = trie[c].segment {
                var outPaths: [Int32] = []
                ev.apply(segment, nodes: results.levels[depth], paths: [], out: &out, outPaths: &outPaths)
            }
            results.levels[depth + 1] = out
            visit(c, &ev, &results)
        }
    }

    /// One pass over the members of every object in `nodes`, recording the first member whose
    /// name is in `table` (per object) as a (child, value) pair.
    private func collectNames(_ table: NameTable, _ doc: JSONDocument, _ nodes: [Int32],
                              _ pairs: inout [(child: Int32, node: Int32)], _ seen: inout [Int32]) {
        pairs.removeAll(keepingCapacity: true)
        doc.tape.withUnsafeBufferPointer { tape in
            doc.bytes.withUnsafeBufferPointer { bytes in
                for (k, n) in nodes.enumerated() {
                    let head = tape[Int(n)]
                    guard head.kind == JSONKind.object.rawValue else { continue }
                    let end = Int(head.b)
                    var i = Int(n) + 1
                    while i < end {
                        let key = tape[i]
                        let child: Int
                        if key.flags & 1 == 0 {
                            child = table.lookup(UnsafeBufferPointer(rebasing: bytes[Int(key.a)..<Int(key.a + key.b)]))
                        } else {
                            child = doc.unescapedBytes(at: i).withUnsafeBufferPointer { table.lookup($0) }
                        }
                        if child >= 0 && seen[child] != Int32(k) {
                            seen[child] = Int32(k)
                            pairs.append((Int32(child), Int32(i + 1)))
                        }
                        let v = tape[i + 1]
                        i = v.kind >= JSONKind.array.rawValue ? Int(v.b) : i + 2
                    }
                }
            }
        }
        // Markers hold the index of the input node; clear them for the next call.
        for p in pairs { seen[Int(p.child)] = -1 }
    }
}
