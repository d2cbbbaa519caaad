/// Options for parsing and evaluating queries.
public struct JSONPathOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Jayway JsonPath behaviours beyond RFC 9535 (see docs/JSONPATH.md): string/number cross
    /// comparisons, `in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`, `empty`, `=~ /re/`,
    /// array literals, non-singular queries in comparisons, `.2`/`.key-dash` names, and tail
    /// functions such as `.length()`.
    public static let jayway = JSONPathOptions(rawValue: 1)
}

/// A compiled JSONPath query (RFC 9535): parse once, evaluate on many documents.
public struct JSONPathQuery: Sendable, CustomStringConvertible {
    /// The query text as given.
    public let text: String
    /// The options it was parsed with.
    public let options: JSONPathOptions
    let segments: [Segment]
    /// Jayway option: the function applied to the result (`$.a.length()`), if any.
    let tail: TailFunction?

    /// Parses `text`; throws a `JSONPathParseError` naming the position of the problem.
    public init(_ text: String, options: JSONPathOptions = []) throws(JSONPathParseError) {
        var parser = QueryParser(text, jayway: options.contains(.jayway))
        let parsed = try parser.parseQuery()
        self.text = text
        self.options = options
        self.segments = parsed.segments
        self.tail = parsed.tail
    }

    public var description: String { text }

    /// True when the query ends in a Jayway tail function, whose result is a computed value.
    public var hasTailFunction: Bool { tail != nil }

    /// True when the query selects at most one node (only single name or index segments).
    public var isSingular: Bool { segments.allSatisfy(\.isSingular) }

    /// The selected nodes, in result order.
    public func nodes(in document: JSONDocument) -> [JSONNode] {
        var ev = Evaluator(document, jayway: options.contains(.jayway), trackPaths: false)
        var nodes: [Int32] = [0], paths: [Int32] = []
        ev.apply(segments[...], nodes: &nodes, paths: &paths)
        return nodes.map { JSONNode($0) }
    }

    /// The number of selected nodes.
    public func count(in document: JSONDocument) -> Int {
        var ev = Evaluator(document, jayway: options.contains(.jayway), trackPaths: false)
        var nodes: [Int32] = [0], paths: [Int32] = []
        ev.apply(segments[...], nodes: &nodes, paths: &paths)
        return nodes.count
    }

    /// The selected nodes with their normalized paths (RFC 9535 §2.7), e.g. `$['a'][0]`.
    public func locatedNodes(in document: JSONDocument) -> [(path: String, node: JSONNode)] {
        var ev = Evaluator(document, jayway: options.contains(.jayway), trackPaths: true)
        var nodes: [Int32] = [0], paths: [Int32] = [PathArena.root]
        ev.apply(segments[...], nodes: &nodes, paths: &paths)
        return zip(nodes, paths).map { (ev.arena.normalizedPath($0.1, in: document), JSONNode($0.0)) }
    }

    /// The normalized paths of the selected nodes.
    public func paths(in document: JSONDocument) -> [String] {
        locatedNodes(in: document).map(\.path)
    }

    /// The result as compact JSON: an array of the selected values (as written in the input),
    /// or of their normalized paths when `paths` is true. With a Jayway tail function, the
    /// array holds the function's result (empty when it has none).
    public func resultJSON(in document: JSONDocument, paths: Bool = false) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        if paths {
            for (k, p) in self.paths(in: document).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(p, to: &out)
            }
        } else if let tail {
            let ev = Evaluator(document, jayway: true, trackPaths: false)
            let nodes = self.nodes(in: document).map(\.index)
            if let text = ev.tailJSON(tail, nodes) { out.append(contentsOf: text.utf8) }
        } else {
            for (k, n) in nodes(in: document).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                document.appendJSON(n, to: &out)
            }
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
