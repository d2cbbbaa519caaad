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
        var ranges: [Range<Int>] = []
        var levels: [[Int32]] = []

        public init() {}

        /// Number of queries the results are for.
        public var queryCount: Int { ranges.count }

        /// The nodes query `k` selected.
        public func nodes(forQuery k: Int) -> ArraySlice<JSONNode> { nodes[ranges[k]] }

        /// How many nodes query `k` selected.
        public func count(forQuery k: Int) -> Int { ranges[k].count }

        mutating func reset(_ queryCount: Int, depth: Int) {
            nodes.removeAll(keepingCapacity: true)
            if ranges.count != queryCount { ranges = Array(repeating: 0..<0, count: queryCount) }
            else { for k in 0..<queryCount { ranges[k] = 0..<0 } }
            while levels.count <= depth { levels.append([]) }
        }
    }

    /// Evaluates every query on `document`, writing into `results` (whose storage is reused).
    public func evaluate(_ document: JSONDocument, into results: inout Results) {
        let maxDepth = trie.reduce(0) { max($0, $1.depth) }
        results.reset(queries.count, depth: maxDepth)
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

    private func visit(_ t: Int, _ ev: inout Evaluator, _ results: inout Results) {
        let node = trie[t]
        for q in node.terminals {
            let start = results.nodes.count
            for n in results.levels[node.depth] { results.nodes.append(JSONNode(n)) }
            results.ranges[q] = start..<results.nodes.count
        }
        if results.levels[node.depth].isEmpty { return }
        let empty: [Int32] = []
        for c in node.children {
            guard let segment = trie[c].segment else { continue }
            var out = results.levels[node.depth + 1]
            results.levels[node.depth + 1] = []
            out.removeAll(keepingCapacity: true)
            var outPaths: [Int32] = []
            ev.apply(segment, nodes: results.levels[node.depth], paths: empty, out: &out, outPaths: &outPaths)
            results.levels[node.depth + 1] = out
            visit(c, &ev, &results)
        }
    }
}
