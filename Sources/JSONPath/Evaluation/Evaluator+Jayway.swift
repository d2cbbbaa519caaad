/// Behaviours enabled by `JSONPathOptions.jayway`: list operators, `=~`, and tail functions.
extension Evaluator {
    /// Items of an array value (document array or array literal); nil for other values.
    func items(_ s: Scalar) -> [Scalar]? {
        switch s {
        case .array(let literals): return literals.map { scalar($0) }
        case .list(let l): return l
        case .node(let n) where tape[n].kind == JSONKind.array.rawValue:
            var out: [Scalar] = []
            var i = n + 1
            while i < Int(tape[n].b) { out.append(scalar(.node(i))); i = next(i) }
            return out
        default: return nil
        }
    }

    func jaywayCompare(_ a: Value, _ op: ComparisonOperator, _ b: Value) -> Bool {
        let x = scalar(a), y = scalar(b)
        func contains(_ list: [Scalar], _ v: Scalar) -> Bool { list.contains { equal($0, v) } }
        switch op {
        case .in:
            guard let list = items(y) else { return false }
            return contains(list, x)
        case .notIn:
            guard let list = items(y) else { return true }
            return !contains(list, x)
        case .subsetOf:
            guard let left = items(x), let right = items(y) else { return false }
            return left.allSatisfy { contains(right, $0) }
        case .anyOf:
            guard let left = items(x), let right = items(y) else { return false }
            return left.contains { contains(right, $0) }
        case .noneOf:
            guard let left = items(x), let right = items(y) else { return false }
            return !left.contains { contains(right, $0) }
        case .size:
            guard case .number(_, let k?) = y else { return false }
            switch x {
            case .string(let s): return scalarCount(s) == k
            case .node(let n): return Int(tape[n].a) == k && tape[n].kind == JSONKind.array.rawValue
            default: return false
            }
        case .empty:
            guard case .bool(let wanted) = y else { return false }
            switch x {
            case .string(let s): return s.isEmpty == wanted
            case .node(let n): return (tape[n].a == 0) == wanted
            default: return false
            }
        case .regexMatch:
            guard case .regex(let r) = y, let r, case .string(let s) = x else { return false }
            return r.matches(String(decoding: s, as: UTF8.self))
        default:
            return false
        }
    }

    /// The numbers a tail function works on: the array's elements when `nodes` is one array, else the nodes.
    func tailItems(_ nodes: [Int32]) -> [Int] {
        if nodes.count == 1, tape[Int(nodes[0])].kind == JSONKind.array.rawValue {
            var out: [Int] = []
            let n = Int(nodes[0])
            var i = n + 1
            while i < Int(tape[n].b) { out.append(i); i = next(i) }
            return out
        }
        return nodes.map { Int($0) }
    }

    /// The result of a tail function as a filter value.
    func tailValue(_ f: TailFunction, _ nodes: [Int32]) -> Value {
        switch f {
        case .length, .size:
            if nodes.count == 1 {
                let n = Int(nodes[0])
                switch tape[n].kind {
                case JSONKind.array.rawValue, JSONKind.object.rawValue: return .int(Int(tape[n].a))
                case JSONKind.string.rawValue: return .int(scalarCount(stringBytes(n)))
                default: return .nothing
                }
            }
            return .int(nodes.count)
        case .first:
            return tailItems(nodes).first.map { .node($0) } ?? .nothing
        case .last:
            return tailItems(nodes).last.map { .node($0) } ?? .nothing
        case .keys:
            return .nothing
        case .min, .max, .sum, .avg, .stddev:
            var values: [Double] = []
            for i in tailItems(nodes) {
                if case .number(let d, _) = scalar(.node(i)) { values.append(d) }
            }
            guard !values.isEmpty else { return .nothing }
            switch f {
            case .min: return .double(values.min() ?? 0)
            case .max: return .double(values.max() ?? 0)
            case .sum: return .double(values.reduce(0, +))
            case .avg: return .double(values.reduce(0, +) / Double(values.count))
            default:
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
                return .double(variance.squareRoot())
            }
        }
    }

    /// The result of a tail function as compact JSON text (for query results).
    func tailJSON(_ f: TailFunction, _ nodes: [Int32]) -> String? {
        if f == .keys {
            guard nodes.count == 1, tape[Int(nodes[0])].kind == JSONKind.object.rawValue else { return nil }
            var out: [UInt8] = [UInt8(ascii: "[")]
            for (k, m) in doc.members(JSONNode(nodes[0])).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(m.name, to: &out)
            }
            out.append(UInt8(ascii: "]"))
            return String(decoding: out, as: UTF8.self)
        }
        switch tailValue(f, nodes) {
        case .int(let k): return String(k)
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) + (f == .avg || f == .stddev ? ".0" : "") }
            return d.isFinite ? String(d) : nil
        case .node(let n): return doc.json(JSONNode(n))
        default: return nil
        }
    }
}
