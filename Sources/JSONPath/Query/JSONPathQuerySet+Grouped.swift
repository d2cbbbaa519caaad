extension JSONPathQuerySet {
    /// The nodes each query selects from each start node, stored flat; reuse one value across
    /// documents to avoid allocation.
    public struct GroupedResults: Sendable {
        @usableFromInline var results = Results()
        /// Number of start nodes the results are for.
        public internal(set) var startCount = 0
        /// Number of queries the results are for.
        public internal(set) var queryCount = 0

        public init() {}

        /// The nodes query `query` selected from start node number `start` (in the order given).
        @inlinable public func nodes(forStart start: Int, query: Int) -> ArraySlice<JSONNode> {
            results.nodes[results.ranges[start &* queryCount &+ query]]
        }

        /// Every selected node, grouped by start node then query; index it with `range(forStart:query:)`.
        @inlinable public var allNodes: [JSONNode] { results.nodes }

        /// The positions in `allNodes` of the nodes query `query` selected from start node `start`.
        @inlinable public func range(forStart start: Int, query: Int) -> Range<Int> {
            results.ranges[start &* queryCount &+ query]
        }

        /// How many nodes query `query` selected from start node number `start`.
        @inlinable public func count(forStart start: Int, query: Int) -> Int {
            results.ranges[start &* queryCount &+ query].count
        }
    }

    /// Evaluates every query from each of `starts` (`$` is the start node; a `$` inside a
    /// filter still means the document root), writing into `results` (whose storage is reused).
    public func evaluate(_ document: JSONDocument, from starts: some Collection<JSONNode>,
                         into grouped: inout GroupedResults) {
        let q = queries.count
        grouped.startCount = starts.count
        grouped.queryCount = q
        grouped.results.reset(q * starts.count, depth: maxDepth)
        if grouped.results.seen.count != trie.count { grouped.results.seen = Array(repeating: -1, count: trie.count) }
        if starts.isEmpty { return }
        var ev = Evaluator(document, jayway: jayway, trackPaths: false)
        var base = 0
        for start in starts {
            grouped.results.levels[0].removeAll(keepingCapacity: true)
            grouped.results.levels[0].append(start.index)
            grouped.results.base = base
            visit(0, &ev, &grouped.results)
            base += q
        }
        grouped.results.base = 0
    }
}
