/// An I-Regexp (RFC 9485) compiled for a linear-time Pike VM over Unicode scalars.
///
/// `matches` tests the whole string (JSONPath `match`), `contains` any substring (`search`).
/// Patterns outside I-Regexp fail to compile (`init` returns nil), as do patterns whose compiled
/// program would exceed `maxProgramSize` instructions (e.g. huge counted repetitions).
struct IRegexp: Sendable {
    /// One set of scalars an instruction accepts.
    struct CharSet: Sendable {
        var negated = false
        var ranges: [ClosedRange<UInt32>] = []
        /// General categories, each with whether it is complemented (`\P{…}`).
        var categories: [(complement: Bool, categories: [Unicode.GeneralCategory])] = []

        func containsIgnoringNegation(_ s: Unicode.Scalar) -> Bool {
            let v = s.value
            for r in ranges where r.contains(v) { return true }
            if !categories.isEmpty {
                let g = s.properties.generalCategory
                for c in categories where c.categories.contains(g) != c.complement { return true }
            }
            return false
        }

        func contains(_ s: Unicode.Scalar, ignoreCase: Bool) -> Bool {
            var hit = containsIgnoringNegation(s)
            if !hit && ignoreCase {
                for variant in [s.properties.lowercaseMapping, s.properties.uppercaseMapping] {
                    if let u = variant.unicodeScalars.first, variant.unicodeScalars.count == 1, containsIgnoringNegation(u) {
                        hit = true
                        break
                    }
                }
            }
            return hit != negated
        }
    }

    enum Instruction: Sendable {
        case char(Int)
        case split(Int, Int)
        case jump(Int)
        /// `^`: only at the start of the input.
        case assertStart
        /// `$`: only at the end of the input.
        case assertEnd
        case match
    }

    static let maxProgramSize = 20_000

    let program: [Instruction]
    let sets: [CharSet]
    let ignoreCase: Bool

    /// Compiles `pattern`; nil when it is not a valid I-Regexp (or too large).
    /// `permissive` (Jayway option) also accepts `\d \w \s \D \W \S` and `^…$` anchors.
    init?(_ pattern: String, ignoreCase: Bool = false, permissive: Bool = false) {
        var parser = RegexParser(Array(pattern.unicodeScalars), permissive: permissive)
        guard let tree = parser.parse() else { return nil }
        var compiler = RegexCompiler()
        guard compiler.emit(tree) else { return nil }
        compiler.program.append(.match)
        guard compiler.program.count <= IRegexp.maxProgramSize else { return nil }
        program = compiler.program
        sets = compiler.sets
        self.ignoreCase = ignoreCase
    }

    /// True when the whole of `s` matches.
    func matches(_ s: String) -> Bool { run(s, anchored: true) }

    /// True when some substring of `s` matches.
    func contains(_ s: String) -> Bool { run(s, anchored: false) }

    private func run(_ s: String, anchored: Bool) -> Bool {
        let scalars = Array(s.unicodeScalars)
        let n = program.count
        var current: [Int] = [], next: [Int] = []
        current.reserveCapacity(n); next.reserveCapacity(n)
        var mark = [Int](repeating: -1, count: n)
        var stack: [Int] = []

        func add(_ pc: Int, to list: inout [Int], _ position: Int, _ mark: inout [Int], _ stack: inout [Int]) {
            stack.append(pc)
            while let p = stack.popLast() {
                if mark[p] == position { continue }
                mark[p] = position
                switch program[p] {
                case .jump(let t): stack.append(t)
                case .split(let a, let b): stack.append(b); stack.append(a)
                case .assertStart: if position == 0 { stack.append(p + 1) }
                case .assertEnd: if position == scalars.count { stack.append(p + 1) }
                default: list.append(p)
                }
            }
        }
        func hasMatch(_ list: [Int]) -> Bool {
            list.contains { if case .match = program[$0] { return true } else { return false } }
        }

        add(0, to: &current, 0, &mark, &stack)
        for (k, scalar) in scalars.enumerated() {
            if !anchored && hasMatch(current) { return true }
            next.removeAll(keepingCapacity: true)
            for pc in current {
                if case .char(let c) = program[pc], sets[c].contains(scalar, ignoreCase: ignoreCase) {
                    add(pc + 1, to: &next, k + 1, &mark, &stack)
                }
            }
            if !anchored { add(0, to: &next, k + 1, &mark, &stack) }
            swap(&current, &next)
            if anchored && current.isEmpty { return false }
        }
        return hasMatch(current)
    }
}

/// The parsed form of a regular expression.
indirect enum RegexNode {
    case set(IRegexp.CharSet)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repeated(RegexNode, min: Int, max: Int?)
    case assertStart
    case assertEnd
}

/// Parser for the I-Regexp grammar (RFC 9485 §5).
struct RegexParser {
    let s: [Unicode.Scalar]
    var i = 0
    let permissive: Bool
    /// Group nesting; deeper patterns are rejected so no pattern can exhaust the stack.
    var depth = 0

    init(_ s: [Unicode.Scalar], permissive: Bool) {
        self.s = s
        self.permissive = permissive
    }

    var current: Unicode.Scalar? { i < s.count ? s[i] : nil }

    mutating func parse() -> RegexNode? {
        guard let node = parseAlternation(), i == s.count else { return nil }
        return node
    }

    mutating func parseAlternation() -> RegexNode? {
        var branches: [RegexNode] = []
        while true {
            guard let b = parseBranch() else { return nil }
            branches.append(b)
            if current == "|" { i += 1; continue }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }
    }

    mutating func parseBranch() -> RegexNode? {
        var pieces: [RegexNode] = []
        while let c = current, c != "|", c != ")" {
            guard let atom = parseAtom() else { return nil }
            guard let piece = parseQuantifier(atom) else { return nil }
            pieces.append(piece)
        }
        return .concat(pieces)
    }

    mutating func parseQuantifier(_ atom: RegexNode) -> RegexNode? {
        switch current {
        case "*": i += 1; return .repeated(atom, min: 0, max: nil)
        case "+": i += 1; return .repeated(atom, min: 1, max: nil)
        case "?": i += 1; return .repeated(atom, min: 0, max: 1)
        case "{":
            i += 1
            guard let lo = parseDigits() else { return nil }
            var hi: Int? = lo
            if current == "," {
                i += 1
                hi = current == "}" ? nil : parseDigits()
                if hi == nil && current != "}" { return nil }
            }
            guard current == "}" else { return nil }
            i += 1
            if let h = hi, h < lo { return nil }
            return .repeated(atom, min: lo, max: hi)
        default:
            return atom
        }
    }

    mutating func parseDigits() -> Int? {
        var v = 0, any = false
        while let c = current, c.value >= 0x30 && c.value <= 0x39 {
            v = v * 10 + Int(c.value - 0x30)
            if v > 100_000 { return nil }
            any = true
            i += 1
        }
        return any ? v : nil
    }

    mutating func parseAtom() -> RegexNode? {
        guard let c = current else { return nil }
        switch c {
        case "(":
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { return nil }
            i += 1
            guard let inner = parseAlternation(), current == ")" else { return nil }
            i += 1
            return inner
        case ".":
            i += 1
            var set = IRegexp.CharSet()
            set.negated = true
            set.ranges = [0x0A...0x0A, 0x0D...0x0D]
            return .set(set)
        case "[":
            return parseClass().map { .set($0) }
        case "\\":
            return parseEscape().map { .set($0) }
        case "^":
            i += 1
            return .assertStart
        case "$":
            i += 1
            return .assertEnd
        case "*", "+", "?", "{", "}", ")", "]", "|":
            return nil
        default:
            i += 1
            return .set(IRegexp.CharSet(ranges: [c.value...c.value]))
        }
    }

    /// `\` escapes outside or inside a class, with `i` at the backslash.
    mutating func parseEscape() -> IRegexp.CharSet? {
        i += 1
        guard let e = current else { return nil }
        i += 1
        switch e {
        case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}":
            return IRegexp.CharSet(ranges: [e.value...e.value])
        case "n": return IRegexp.CharSet(ranges: [0x0A...0x0A])
        case "r": return IRegexp.CharSet(ranges: [0x0D...0x0D])
        case "t": return IRegexp.CharSet(ranges: [0x09...0x09])
        case "p", "P":
            guard current == "{" else { return nil }
            i += 1
            var name = ""
            while let c = current, c != "}" { name.unicodeScalars.append(c); i += 1 }
            guard current == "}", let cats = RegexParser.categories(name) else { return nil }
            i += 1
            return IRegexp.CharSet(categories: [(e == "P", cats)])
        case "d" where permissive, "D" where permissive:
            return IRegexp.CharSet(negated: e == "D", ranges: [0x30...0x39])
        case "w" where permissive, "W" where permissive:
            return IRegexp.CharSet(negated: e == "W", ranges: [0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F])
        case "s" where permissive, "S" where permissive:
            return IRegexp.CharSet(negated: e == "S", ranges: [0x09...0x0A, 0x0D...0x0D, 0x20...0x20, 0x0C...0x0C])
        case "/" where permissive, "\"" where permissive, "'" where permissive:
            return IRegexp.CharSet(ranges: [e.value...e.value])
        default:
            return nil
        }
    }

    /// `[` `^`? items `]`.
    mutating func parseClass() -> IRegexp.CharSet? {
        i += 1
        var set = IRegexp.CharSet()
        if current == "^" { set.negated = true; i += 1 }
        var first = true
        while true {
            guard let c = current else { return nil }
            if c == "]" {
                if first { return nil }
                i += 1
                return set
            }
            if c == "-" {
                // Only first or last in the class.
                let last = i + 1 < s.count && s[i + 1] == "]"
                guard first || last else { return nil }
                i += 1
                set.ranges.append(0x2D...0x2D)
                first = false
                continue
            }
            first = false
            if c == "\\" && i + 1 < s.count && (s[i + 1] == "p" || s[i + 1] == "P") {
                guard let esc = parseEscape() else { return nil }
                set.categories.append(contentsOf: esc.categories)
                continue
            }
            guard let lo = parseClassChar() else { return nil }
            if current == "-" && i + 1 < s.count && s[i + 1] != "]" {
                i += 1
                guard let hi = parseClassChar(), hi >= lo else { return nil }
                set.ranges.append(lo...hi)
            } else {
                set.ranges.append(lo...lo)
            }
        }
    }

    mutating func parseClassChar() -> UInt32? {
        guard let c = current else { return nil }
        if c == "\\" {
            guard let esc = parseEscape(), esc.categories.isEmpty, !esc.negated, esc.ranges.count == 1,
                  esc.ranges[0].count == 1 else { return nil }
            return esc.ranges[0].lowerBound
        }
        if c == "[" || c == "]" || c == "-" { return nil }
        i += 1
        return c.value
    }

    static func categories(_ name: String) -> [Unicode.GeneralCategory]? {
        typealias G = Unicode.GeneralCategory
        let table: [String: [G]] = [
            "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
            "Lm": [.modifierLetter], "Lo": [.otherLetter],
            "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
            "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber],
            "Pc": [.connectorPunctuation], "Pd": [.dashPunctuation], "Ps": [.openPunctuation],
            "Pe": [.closePunctuation], "Pi": [.initialPunctuation], "Pf": [.finalPunctuation], "Po": [.otherPunctuation],
            "Zs": [.spaceSeparator], "Zl": [.lineSeparator], "Zp": [.paragraphSeparator],
            "Sm": [.mathSymbol], "Sc": [.currencySymbol], "Sk": [.modifierSymbol], "So": [.otherSymbol],
            "Cc": [.control], "Cf": [.format], "Co": [.privateUse], "Cn": [.unassigned],
        ]
        if let t = table[name] { return t }
        let groups: [String: [String]] = [
            "L": ["Lu", "Ll", "Lt", "Lm", "Lo"], "M": ["Mn", "Mc", "Me"], "N": ["Nd", "Nl", "No"],
            "P": ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"], "Z": ["Zs", "Zl", "Zp"],
            "S": ["Sm", "Sc", "Sk", "So"], "C": ["Cc", "Cf", "Co", "Cn"],
        ]
        guard let g = groups[name] else { return nil }
        var out = g.flatMap { table[$0] ?? [] }
        if name == "C" { out.append(.surrogate) }
        return out
    }
}

/// Emits Pike VM instructions for a `RegexNode`.
struct RegexCompiler {
    var program: [IRegexp.Instruction] = []
    var sets: [IRegexp.CharSet] = []

    /// False when the program grows beyond the limit.
    mutating func emit(_ node: RegexNode) -> Bool {
        if program.count > IRegexp.maxProgramSize { return false }
        switch node {
        case .set(let s):
            sets.append(s)
            program.append(.char(sets.count - 1))
        case .assertStart: program.append(.assertStart)
        case .assertEnd: program.append(.assertEnd)
        case .concat(let items):
            for item in items where !emit(item) { return false }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (k, b) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = program.count
                    program.append(.split(0, 0))
                    guard emit(b) else { return false }
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    guard emit(b) else { return false }
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repeated(let inner, let min, let max):
            for _ in 0..<min where !emit(inner) { return false }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(0, 0))
                    guard emit(inner) else { return false }
                    if program.count > IRegexp.maxProgramSize { return false }
                }
                for sp in splits { program[sp] = .split(sp + 1, program.count) }
            } else {
                let split = program.count
                program.append(.split(0, 0))
                guard emit(inner) else { return false }
                program.append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
        return program.count <= IRegexp.maxProgramSize
    }
}
