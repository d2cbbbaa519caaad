/// Evaluates parsed segments over one document.
///
/// Node lists are tape indices (`Int32`); when `trackPaths` is on, a parallel list holds ids into
/// `PathArena`, from which normalized paths are built at the end.
struct Evaluator {
    let doc: JSONDocument
    let tape: [TapeEntry]
    let bytes: [UInt8]
    let jayway: Bool
    var trackPaths: Bool
    var arena = PathArena()
    /// Scratch list of array element indices (slices, negative indices).
    var scratch: [Int32] = []

    init(_ doc: JSONDocument, jayway: Bool, trackPaths: Bool) {
        self.doc = doc
        self.tape = doc.tape
        self.bytes = doc.bytes
        self.jayway = jayway
        self.trackPaths = trackPaths
        if trackPaths { arena.entries.append((-1, -1, 0)) }
    }

    @inline(__always) func next(_ i: Int) -> Int {
        let e = tape[i]
        return e.kind >= JSONKind.array.rawValue ? Int(e.b) : i + 1
    }

    @inline(__always) func kind(_ i: Int) -> UInt8 { tape[i].kind }

    // MARK: - Segments

    /// Applies `segments` to the nodes in `nodes` (with `paths` when tracking).
    mutating func apply(_ segments: ArraySlice<Segment>, nodes: inout [Int32], paths: inout [Int32]) {
        var outNodes: [Int32] = [], outPaths: [Int32] = []
        for segment in segments {
            if nodes.isEmpty { return }
            outNodes.removeAll(keepingCapacity: true)
            outPaths.removeAll(keepingCapacity: true)
            apply(segment, nodes: nodes, paths: paths, out: &outNodes, outPaths: &outPaths)
            swap(&nodes, &outNodes)
            swap(&paths, &outPaths)
        }
    }

    mutating func apply(_ segment: Segment, nodes: [Int32], paths: [Int32], out: inout [Int32], outPaths: inout [Int32]) {
        for (k, node) in nodes.enumerated() {
            let path = trackPaths ? paths[k] : 0
            if segment.descendant {
                if trackPaths {
                    descend(segment.selectors, Int(node), path, &out, &outPaths)
                } else {
                    // Tape order is document pre-order: every container in the range, in order.
                    let start = Int(node), end = next(start)
                    var i = start
                    while i < end {
                        let e = tape[i]
                        if e.kind >= JSONKind.array.rawValue {
                            for s in segment.selectors { select(s, Int32(i), 0, &out, &outPaths) }
                        }
                        i += 1
                    }
                }
            } else {
                for s in segment.selectors { select(s, node, path, &out, &outPaths) }
            }
        }
    }

    /// Descendant segment with paths: the node, then its children recursively.
    mutating func descend(_ selectors: [Selector], _ node: Int, _ path: Int32, _ out: inout [Int32], _ outPaths: inout [Int32]) {
        let e = tape[node]
        guard e.kind >= JSONKind.array.rawValue else { return }
        for s in selectors { select(s, Int32(node), path, &out, &outPaths) }
        let end = Int(e.b)
        var i = node + 1
        var index: Int32 = 0
        if e.kind == JSONKind.object.rawValue {
            while i < end {
                let childPath = arena.add(parent: path, key: Int32(i))
                descend(selectors, i + 1, childPath, &out, &outPaths)
                i = next(i + 1)
            }
        } else {
            while i < end {
                let childPath = arena.add(parent: path, index: index)
                descend(selectors, i, childPath, &out, &outPaths)
                index += 1
                i = next(i)
            }
        }
    }

    @inline(__always) mutating func emit(_ node: Int, _ path: Int32, key: Int, index: Int, _ out: inout [Int32], _ outPaths: inout [Int32]) {
        out.append(Int32(truncatingIfNeeded: node))
        if trackPaths {
            outPaths.append(key >= 0 ? arena.add(parent: path, key: Int32(key)) : arena.add(parent: path, index: Int32(index)))
        }
    }

    mutating func select(_ selector: Selector, _ node32: Int32, _ path: Int32, _ out: inout [Int32], _ outPaths: inout [Int32]) {
        let node = Int(node32)
        let e = tape[node]
        switch selector {
        case .name(let name):
            guard e.kind == JSONKind.object.rawValue else { return }
            if let v = name.withUnsafeBufferPointer({ doc.memberIndex(node, name: $0) }) {
                emit(v, path, key: v - 1, index: 0, &out, &outPaths)
            }
        case .wildcard:
            forEachChild(node) { (this, key, index, child) in this.emit(child, path, key: key, index: index, &out, &outPaths) }
        case .index(let k):
            guard e.kind == JSONKind.array.rawValue else { return }
            let n = Int(e.a)
            let idx = k < 0 ? k + n : k
            guard idx >= 0 && idx < n else { return }
            var i = node + 1
            var j = 0
            while j < idx { i = next(i); j += 1 }
            emit(i, path, key: -1, index: idx, &out, &outPaths)
        case .slice(let start, let end, let step):
            guard e.kind == JSONKind.array.rawValue else { return }
            let step = step ?? 1
            if step == 0 { return }
            let n = Int(e.a)
            scratch.removeAll(keepingCapacity: true)
            var i = node + 1
            let stop = Int(e.b)
            while i < stop { scratch.append(Int32(i)); i = next(i) }
            func norm(_ v: Int) -> Int { v >= 0 ? v : n + v }
            if step > 0 {
                let lower = min(max(norm(start ?? 0), 0), n)
                let upper = min(max(norm(end ?? n), 0), n)
                var k = lower
                while k < upper {
                    emit(Int(scratch[k]), path, key: -1, index: k, &out, &outPaths)
                    k += step
                }
            } else {
                let upper = min(max(norm(start ?? (n - 1)), -1), n - 1)
                let lower = min(max(norm(end ?? (-n - 1)), -1), n - 1)
                var k = upper
                while lower < k {
                    emit(Int(scratch[k]), path, key: -1, index: k, &out, &outPaths)
                    k += step
                }
            }
        case .filter(let expression):
            guard e.kind >= JSONKind.array.rawValue else { return }
            forEachChild(node) { (this, key, index, child) in
                if this.test(expression, current: child) {
                    this.emit(child, path, key: key, index: index, &out, &outPaths)
                }
            }
        }
    }

    /// Calls `body(self, keyTapeIndex or -1, arrayIndex, child)` for each child of a container.
    @inline(__always) mutating func forEachChild(_ node: Int, _ body: (inout Evaluator, Int, Int, Int) -> Void) {
        let e = tape[node]
        guard e.kind >= JSONKind.array.rawValue else { return }
        let end = Int(e.b)
        var i = node + 1
        if e.kind == JSONKind.object.rawValue {
            while i < end {
                body(&self, i, 0, i + 1)
                i = next(i + 1)
            }
        } else {
            var index = 0
            while i < end {
                body(&self, -1, index, i)
                index += 1
                i = next(i)
            }
        }
    }

    // MARK: - Queries inside filters

    /// The nodes of a filter query evaluated from `current` (or the root when absolute).
    mutating func nodes(of query: FilterQuery, current: Int) -> [Int32] {
        var nodes: [Int32] = [query.absolute ? 0 : Int32(current)]
        var paths: [Int32] = []
        let saved = trackPaths
        trackPaths = false
        apply(query.segments[...], nodes: &nodes, paths: &paths)
        trackPaths = saved
        return nodes
    }

    /// The node a singular query selects, or nil (Nothing).
    func singular(_ query: FilterQuery, current: Int) -> Int? {
        var node = query.absolute ? 0 : current
        for segment in query.segments {
            switch segment.selectors[0] {
            case .name(let name):
                guard let v = name.withUnsafeBufferPointer({ doc.memberIndex(node, name: $0) }) else { return nil }
                node = v
            case .index(let k):
                let e = tape[node]
                guard e.kind == JSONKind.array.rawValue else { return nil }
                let n = Int(e.a)
                let idx = k < 0 ? k + n : k
                guard idx >= 0 && idx < n else { return nil }
                var i = node + 1
                var j = 0
                while j < idx { i = next(i); j += 1 }
                node = i
            default:
                return nil
            }
        }
        return node
    }
}

/// Path components recorded during evaluation: each entry links to its parent.
struct PathArena {
    /// (parent id, member-name tape index or -1, array index).
    /// Entry 0 is the root; it is added when path tracking starts, so evaluation without paths allocates nothing here.
    var entries: [(parent: Int32, key: Int32, index: Int32)] = []

    /// The id of the root path `$`.
    static let root: Int32 = 0

    mutating func add(parent: Int32, key: Int32) -> Int32 {
        entries.append((parent, key, 0))
        return Int32(entries.count - 1)
    }

    mutating func add(parent: Int32, index: Int32) -> Int32 {
        entries.append((parent, -1, index))
        return Int32(entries.count - 1)
    }

    /// The normalized path (RFC 9535 §2.7) of `id`.
    func normalizedPath(_ id: Int32, in doc: JSONDocument) -> String {
        var parts: [Int32] = []
        var k = id
        while k > 0 { parts.append(k); k = entries[Int(k)].parent }
        var out: [UInt8] = [UInt8(ascii: "$")]
        for p in parts.reversed() {
            let e = entries[Int(p)]
            if e.key >= 0 {
                out.append(UInt8(ascii: "["))
                appendNormalizedName(doc.unescapedBytes(at: Int(e.key)), to: &out)
                out.append(UInt8(ascii: "]"))
            } else {
                out.append(UInt8(ascii: "["))
                out.append(contentsOf: String(e.index).utf8)
                out.append(UInt8(ascii: "]"))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Appends a member name as a normalized-path string literal: `'…'` with RFC 9535 §2.7 escapes.
func appendNormalizedName(_ name: [UInt8], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "'"))
    for b in name {
        switch b {
        case UInt8(ascii: "'"): out.append(contentsOf: [0x5C, 0x27])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
        default: out.append(b)
        }
    }
    out.append(UInt8(ascii: "'"))
}
