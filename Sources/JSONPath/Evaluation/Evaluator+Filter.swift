/// Filter expressions: tests, comparisons (RFC 9535 §2.3.5.2) and function extensions (§2.4).
extension Evaluator {
    /// A value in a filter: Nothing, a document node, a literal, or a computed number.
    enum Value {
        case nothing
        case node(Int)
        case literal(Literal)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case string([UInt8])
        case regex(IRegexp?)
        /// Jayway option: the nodes of a non-singular query, compared as one array.
        case nodeList([Int32])
    }

    mutating func test(_ e: LogicalExpression, current: Int) -> Bool {
        switch e {
        case .or(let terms):
            for t in terms where test(t, current: current) { return true }
            return false
        case .and(let terms):
            for t in terms where !test(t, current: current) { return false }
            return true
        case .not(let inner):
            return !test(inner, current: current)
        case .exists(let query):
            if query.isSingular { return singular(query, current: current) != nil }
            return !nodes(of: query, current: current).isEmpty
        case .function(let call):
            return logical(call, current: current)
        case .comparison(let left, let op, let right):
            let a = value(left, current: current)
            let b = value(right, current: current)
            return compare(a, op, b)
        }
    }

    mutating func value(_ c: Comparable, current: Int) -> Value {
        switch c {
        case .literal(let l): return .literal(l)
        case .query(let q):
            if q.isSingular { return singular(q, current: current).map { .node($0) } ?? .nothing }
            return .nodeList(nodes(of: q, current: current))
        case .function(let call): return valueFunction(call, current: current)
        case .tail(let q, let f): return tailValue(f, nodes(of: q, current: current))
        case .regex(let r): return .regex(r.regex)
        }
    }

    // MARK: - Functions

    mutating func argumentValue(_ a: FunctionArgument, current: Int) -> Value {
        switch a {
        case .literal(let l): return .literal(l)
        case .query(let q): return singular(q, current: current).map { .node($0) } ?? .nothing
        case .function(let f): return valueFunction(f, current: current)
        case .logical(let e): return .bool(test(e, current: current))
        }
    }

    mutating func argumentNodes(_ a: FunctionArgument, current: Int) -> [Int32] {
        if case .query(let q) = a {
            if q.isSingular { return singular(q, current: current).map { [Int32($0)] } ?? [] }
            return nodes(of: q, current: current)
        }
        return []
    }

    mutating func valueFunction(_ call: FunctionCall, current: Int) -> Value {
        switch call.name {
        case .length:
            let v = argumentValue(call.arguments[0], current: current)
            switch v {
            case .node(let n):
                let e = tape[n]
                switch e.kind {
                case JSONKind.string.rawValue: return .int(scalarCount(stringBytes(n)))
                case JSONKind.array.rawValue, JSONKind.object.rawValue: return .int(Int(e.a))
                default: return .nothing
                }
            case .literal(.string(let s)): return .int(scalarCount(s[...]))
            case .string(let s): return .int(scalarCount(s[...]))
            default: return .nothing
            }
        case .count:
            return .int(argumentNodes(call.arguments[0], current: current).count)
        case .value:
            let list = argumentNodes(call.arguments[0], current: current)
            return list.count == 1 ? .node(Int(list[0])) : .nothing
        case .match, .search:
            return .bool(logical(call, current: current))
        }
    }

    mutating func logical(_ call: FunctionCall, current: Int) -> Bool {
        switch call.name {
        case .match, .search:
            let subject = argumentValue(call.arguments[0], current: current)
            guard let text = stringOf(subject) else { return false }
            let regex: IRegexp?
            if call.patternIsLiteral {
                regex = call.compiledPattern
            } else {
                guard let pattern = stringOf(argumentValue(call.arguments[1], current: current)) else { return false }
                regex = IRegexp(pattern)
            }
            guard let regex else { return false }
            return call.name == .match ? regex.matches(text) : regex.contains(text)
        default:
            return false
        }
    }

    func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The unescaped UTF-8 of the string at tape index `n`.
    func stringBytes(_ n: Int) -> ArraySlice<UInt8> {
        let e = tape[n]
        if e.flags & 1 == 0 { return bytes[Int(e.a)..<Int(e.a + e.b)] }
        return doc.unescapedBytes(at: n)[...]
    }

    func stringOf(_ v: Value) -> String? {
        switch v {
        case .node(let n) where tape[n].kind == JSONKind.string.rawValue: return doc.stringValue(at: n)
        case .literal(.string(let s)), .string(let s): return String(decoding: s, as: UTF8.self)
        default: return nil
        }
    }

    // MARK: - Comparison

    /// A value reduced to what comparisons need.
    enum Scalar {
        case nothing, null, bool(Bool), number(Double, Int?), string(ArraySlice<UInt8>), node(Int), array([Literal]), regex(IRegexp?)
        /// Jayway option: values compared as an array (a literal array or a non-singular query's nodes).
        case list([Scalar])
    }

    func scalar(_ v: Value) -> Scalar {
        switch v {
        case .nothing: return .nothing
        case .int(let k): return .number(Double(k), k)
        case .double(let d): return .number(d, nil)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s[...])
        case .regex(let r): return .regex(r)
        case .nodeList(let nodes): return .list(nodes.map { scalar(.node(Int($0))) })
        case .literal(let l): return scalar(l)
        case .node(let n):
            let e = tape[n]
            switch e.kind {
            case JSONKind.null.rawValue: return .null
            case JSONKind.true.rawValue: return .bool(true)
            case JSONKind.false.rawValue: return .bool(false)
            case JSONKind.number.rawValue: return numberValue(n)
            case JSONKind.string.rawValue: return .string(stringBytes(n))
            default: return .node(n)
            }
        }
    }

    func scalar(_ l: Literal) -> Scalar {
        switch l {
        case .string(let s): return .string(s[...])
        case .number(_, let d, let k): return .number(d, k)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .array(let items): return .array(items)
        }
    }

    /// The value of the number at tape index `n`: exact `Int` when it is an integer that fits.
    func numberValue(_ n: Int) -> Scalar {
        let e = tape[n]
        let start = Int(e.a), end = Int(e.a + e.b)
        if e.flags & 1 != 0 && e.b <= 18 {
            var v = 0, i = start, negative = false
            if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            while i < end { v = v &* 10 &+ Int(bytes[i] &- 48); i += 1 }
            if negative { v = -v }
            return .number(Double(v), v)
        }
        let d = Double(String(decoding: bytes[start..<end], as: UTF8.self)) ?? .nan
        return .number(d, nil)
    }

    func compare(_ a: Value, _ op: ComparisonOperator, _ b: Value) -> Bool {
        switch op {
        case .equal: return equal(scalar(a), scalar(b))
        case .notEqual: return !equal(scalar(a), scalar(b))
        case .less: return less(scalar(a), scalar(b))
        case .greater: return less(scalar(b), scalar(a))
        case .lessOrEqual:
            let x = scalar(a), y = scalar(b)
            return less(x, y) || equal(x, y)
        case .greaterOrEqual:
            let x = scalar(a), y = scalar(b)
            return less(y, x) || equal(x, y)
        default:
            return jaywayCompare(a, op, b)
        }
    }

    func equal(_ a: Scalar, _ b: Scalar) -> Bool {
        switch (a, b) {
        case (.nothing, .nothing): return true
        case (.nothing, _), (_, .nothing): return false
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x, let xi), .number(let y, let yi)):
            if let xi, let yi { return xi == yi }
            return x == y
        case (.string(let x), .string(let y)): return x.elementsEqual(y)
        case (.node(let x), .node(let y)): return deepEqual(x, y)
        case (.node(let x), .array(let items)), (.array(let items), .node(let x)):
            guard tape[x].kind == JSONKind.array.rawValue, Int(tape[x].a) == items.count else { return false }
            var i = x + 1
            for item in items {
                if !equal(scalar(.node(i)), scalar(item)) { return false }
                i = next(i)
            }
            return true
        case (.number(let x, let xi), .string(let s)) where jayway: return s.elementsEqual(Evaluator.canonicalText(x, xi).utf8)
        case (.string(let s), .number(let x, let xi)) where jayway: return s.elementsEqual(Evaluator.canonicalText(x, xi).utf8)
        case (.list(let xs), _), (_, .list(let xs)):
            // Jayway: a non-singular query's nodes compare as one array.
            let other: Scalar
            if case .list = a { other = b } else { other = a }
            let ys: [Scalar]
            switch other {
            case .list(let l): ys = l
            case .array(let literals): ys = literals.map { scalar($0) }
            case .node(let n) where tape[n].kind == JSONKind.array.rawValue: ys = items(other) ?? []
            default: return false
            }
            return xs.count == ys.count && zip(xs, ys).allSatisfy { equal($0, $1) }
        default: return false
        }
    }

    func less(_ a: Scalar, _ b: Scalar) -> Bool {
        switch (a, b) {
        case (.number(let x, let xi), .number(let y, let yi)):
            if let xi, let yi { return xi < yi }
            return x < y
        case (.string(let x), .string(let y)): return x.lexicographicallyPrecedes(y)
        default: return false
        }
    }

    /// Jayway option: the text a number is compared as against a string (`42`, `-12.3`).
    static func canonicalText(_ d: Double, _ i: Int?) -> String {
        if let i { return String(i) }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) + ".0" }
        return String(d)
    }

    /// Structural equality of two document values (object member order ignored).
    func deepEqual(_ x: Int, _ y: Int) -> Bool {
        let ex = tape[x], ey = tape[y]
        guard ex.kind == ey.kind else {
            let sx = scalar(.node(x)), sy = scalar(.node(y))
            if case .number = sx, case .number = sy { return equal(sx, sy) }
            return false
        }
        switch ex.kind {
        case JSONKind.array.rawValue:
            guard ex.a == ey.a else { return false }
            var i = x + 1, j = y + 1
            while i < Int(ex.b) {
                if !deepEqual(i, j) { return false }
                i = next(i); j = next(j)
            }
            return true
        case JSONKind.object.rawValue:
            guard ex.a == ey.a else { return false }
            var i = x + 1
            while i < Int(ex.b) {
                let name = Array(stringBytes(i))
                guard let other = name.withUnsafeBufferPointer({ doc.memberIndex(y, name: $0) }),
                      deepEqual(i + 1, other) else { return false }
                i = next(i + 1)
            }
            return true
        default:
            return equal(scalar(.node(x)), scalar(.node(y)))
        }
    }
}
