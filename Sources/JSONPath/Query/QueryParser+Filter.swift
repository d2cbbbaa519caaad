/// Filter expressions (RFC 9535 §2.3.5) with the well-typedness rules of §2.4.3.
extension QueryParser {
    /// Either a lone operand (literal, query, function call) or a logical expression.
    enum Operand {
        case literal(Literal)
        case query(FilterQuery, tail: TailFunction?)
        case function(FunctionCall)
        case regex(JaywayRegex)
        case logical(LogicalExpression)
    }

    mutating func parseFilterExpression() throws(JSONPathParseError) -> LogicalExpression {
        let start = i
        let operand = try parseOr()
        return try asTest(operand, at: start)
    }

    /// Turns an operand into a test expression, or fails.
    func asTest(_ operand: Operand, at position: Int) throws(JSONPathParseError) -> LogicalExpression {
        switch operand {
        case .logical(let e): return e
        case .query(let fq, let tail):
            if tail != nil { throw error(.notATest("a function result"), at: position) }
            return .exists(fq)
        case .function(let f):
            if f.name.resultType == .value { throw error(.notATest("function '\(f.name.rawValue)' (it returns a value)"), at: position) }
            return .function(f)
        case .literal: throw error(.notATest("a literal"), at: position)
        case .regex: throw error(.notATest("a regular expression"), at: position)
        }
    }

    mutating func parseOr() throws(JSONPathParseError) -> Operand {
        let start = i
        let first = try parseAnd()
        skipBlank()
        guard current == UInt8(ascii: "|") && peek(1) == UInt8(ascii: "|") else { return first }
        var terms = [try asTest(first, at: start)]
        while current == UInt8(ascii: "|") && peek(1) == UInt8(ascii: "|") {
            i += 2
            skipBlank()
            let at = i
            terms.append(try asTest(try parseAnd(), at: at))
            skipBlank()
        }
        return .logical(.or(terms))
    }

    mutating func parseAnd() throws(JSONPathParseError) -> Operand {
        let start = i
        let first = try parseBasic()
        skipBlank()
        guard current == UInt8(ascii: "&") && peek(1) == UInt8(ascii: "&") else { return first }
        var terms = [try asTest(first, at: start)]
        while current == UInt8(ascii: "&") && peek(1) == UInt8(ascii: "&") {
            i += 2
            skipBlank()
            let at = i
            terms.append(try asTest(try parseBasic(), at: at))
            skipBlank()
        }
        return .logical(.and(terms))
    }

    /// paren-expr, negated test, comparison, or a lone operand.
    mutating func parseBasic() throws(JSONPathParseError) -> Operand {
        skipBlank()
        let start = i
        if current == UInt8(ascii: "!") && peek(1) != UInt8(ascii: "=") {
            i += 1
            skipBlank()
            let at = i
            if current == UInt8(ascii: "(") {
                return .logical(.not(try parseParenthesised()))
            }
            let operand = try parsePrimary()
            if case .literal = operand { throw error(.notATest("a literal"), at: at) }
            return .logical(.not(try asTest(operand, at: at)))
        }
        if current == UInt8(ascii: "(") {
            let inner = try parseParenthesised()
            // `(…) == x` is not RFC syntax (Jayway rejects it too).
            return .logical(inner)
        }
        let left = try parsePrimary()
        let save = i
        skipBlank()
        guard let op = parseOperator() else {
            i = save
            return left
        }
        skipBlank()
        let rightStart = i
        if op == .size || op == .empty {
            // Jayway: `@.a size 2`, `@.a empty true`.
            let right = try parsePrimary()
            return .logical(.comparison(try comparable(left, at: start), op, try comparable(right, at: rightStart)))
        }
        let right = op == .regexMatch ? try parseRegexLiteral() : try parsePrimary()
        return .logical(.comparison(try comparable(left, at: start), op, try comparable(right, at: rightStart)))
    }

    mutating func parseParenthesised() throws(JSONPathParseError) -> LogicalExpression {
        try enter()
        defer { depth -= 1 }
        i += 1  // (
        skipBlank()
        let at = i
        let inner = try asTest(try parseOr(), at: at)
        skipBlank()
        guard current == UInt8(ascii: ")") else { throw atEnd ? error(.unexpectedEnd) : error(.expectedClosingParenthesis) }
        i += 1
        return inner
    }

    mutating func parseOperator() -> ComparisonOperator? {
        let c = current, d = peek(1)
        switch (c, d) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): i += 2; return .equal
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): i += 2; return .notEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): i += 2; return .lessOrEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): i += 2; return .greaterOrEqual
        case (UInt8(ascii: "<"), _): i += 1; return .less
        case (UInt8(ascii: ">"), _): i += 1; return .greater
        case (UInt8(ascii: "="), UInt8(ascii: "~")) where jayway: i += 2; return .regexMatch
        default: break
        }
        guard jayway else { return nil }
        for op in [ComparisonOperator.notIn, .in, .subsetOf, .anyOf, .noneOf, .size, .empty] {
            let word = Array(op.rawValue.utf8)
            if i + word.count < q.count, Array(q[i..<(i + word.count)]) == word,
               !QueryParser.isNameFirst(q[i + word.count]) {
                i += word.count
                return op
            }
        }
        return nil
    }

    /// Checks that an operand can be compared (RFC: literal, singular query, value-typed function).
    func comparable(_ operand: Operand, at position: Int) throws(JSONPathParseError) -> Comparable {
        switch operand {
        case .literal(let l): return .literal(l)
        case .query(let fq, let tail):
            if let tail { return .tail(fq, tail) }
            if !fq.isSingular && !jayway { throw error(.notComparable("a non-singular query"), at: position) }
            return .query(fq)
        case .function(let f):
            if f.name.resultType != .value { throw error(.notComparable("function '\(f.name.rawValue)' (it returns a logical)"), at: position) }
            return .function(f)
        case .regex(let r): return .regex(r)
        case .logical: throw error(.notComparable("a logical expression"), at: position)
        }
    }

    /// A literal, a query (`@…`, `$…`) or a function call.
    mutating func parsePrimary() throws(JSONPathParseError) -> Operand {
        let c = current
        switch c {
        case UInt8(ascii: "@"), UInt8(ascii: "$"):
            i += 1
            let (segments, tail) = try parseSegments()
            return .query(FilterQuery(absolute: c == UInt8(ascii: "$"), segments: segments), tail: tail)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .literal(.string(try parseStringLiteral()))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .literal(try parseNumberLiteral())
        case UInt8(ascii: "["):
            guard jayway else { throw error(.jaywayOnly("an array literal")) }
            return .literal(try parseArrayLiteral())
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            let start = i
            while i < q.count, (q[i] >= UInt8(ascii: "a") && q[i] <= UInt8(ascii: "z")) || q[i] == UInt8(ascii: "_")
                || QueryParser.isDigit(q[i]) { i += 1 }
            let word = String(decoding: q[start..<i], as: UTF8.self)
            if current == UInt8(ascii: "(") {
                return .function(try parseFunctionCall(word, at: start))
            }
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default:
                i = start
                throw error(.expectedExpression)
            }
        default:
            if atEnd { throw error(.unexpectedEnd) }
            throw error(.expectedExpression)
        }
    }

    /// An RFC number literal: `-0` allowed, no leading zeros, optional fraction and exponent.
    mutating func parseNumberLiteral() throws(JSONPathParseError) -> Literal {
        let start = i
        if current == UInt8(ascii: "-") { i += 1 }
        guard QueryParser.isDigit(current) else { throw error(.invalidNumber, at: start) }
        if current == UInt8(ascii: "0") {
            i += 1
            if QueryParser.isDigit(current) { throw error(.invalidNumber, at: start) }
        } else {
            while QueryParser.isDigit(current) { i += 1 }
        }
        var integer = true
        if current == UInt8(ascii: ".") {
            integer = false
            i += 1
            guard QueryParser.isDigit(current) else { throw error(.invalidNumber, at: start) }
            while QueryParser.isDigit(current) { i += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integer = false
            i += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
            guard QueryParser.isDigit(current) else { throw error(.invalidNumber, at: start) }
            while QueryParser.isDigit(current) { i += 1 }
        }
        let text = String(decoding: q[start..<i], as: UTF8.self)
        return .number(text: text, value: Double(text) ?? 0, integer: integer ? Int(text) : nil)
    }

    /// Jayway option: `[lit, lit, …]`.
    mutating func parseArrayLiteral() throws(JSONPathParseError) -> Literal {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [Literal] = []
        skipBlank()
        if current == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipBlank()
            let at = i
            guard case .literal(let l) = try parsePrimary() else { throw error(.expectedExpression, at: at) }
            items.append(l)
            skipBlank()
            if current == UInt8(ascii: ",") { i += 1; continue }
            if current == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw error(.expectedCommaOrBracket)
        }
    }

    /// Jayway option: `/pattern/flags` (flag `i` folds case).
    mutating func parseRegexLiteral() throws(JSONPathParseError) -> Operand {
        guard current == UInt8(ascii: "/") else { return try parsePrimary() }
        i += 1
        var pattern: [UInt8] = []
        while true {
            guard i < q.count else { throw error(.unterminatedString) }
            let c = q[i]
            if c == UInt8(ascii: "/") { i += 1; break }
            if c == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "/") { pattern.append(c); i += 2; continue }
            pattern.append(c)
            i += 1
        }
        var ignoreCase = false
        while current == UInt8(ascii: "i") || current == UInt8(ascii: "m") || current == UInt8(ascii: "s") {
            if current == UInt8(ascii: "i") { ignoreCase = true }
            i += 1
        }
        let text = String(decoding: pattern, as: UTF8.self)
        return .regex(JaywayRegex(regex: IRegexp(text, ignoreCase: ignoreCase, permissive: true)))
    }

    mutating func parseFunctionCall(_ word: String, at start: Int) throws(JSONPathParseError) -> FunctionCall {
        guard let name = FunctionName(rawValue: word) else { throw error(.unknownFunction(word), at: start) }
        try enter()
        defer { depth -= 1 }
        i += 1  // (
        var arguments: [FunctionArgument] = []
        let types = name.parameterTypes
        skipBlank()
        if current != UInt8(ascii: ")") {
            while true {
                skipBlank()
                let at = i
                let operand = try parseOr()
                let k = arguments.count
                guard k < types.count else { throw error(.wrongArgumentCount(word, expected: types.count), at: at) }
                arguments.append(try argument(operand, type: types[k], function: word, index: k + 1, at: at))
                skipBlank()
                if current == UInt8(ascii: ",") { i += 1; continue }
                if current == UInt8(ascii: ")") { break }
                throw atEnd ? error(.unexpectedEnd) : error(.expectedClosingParenthesis)
            }
        }
        guard arguments.count == types.count else { throw error(.wrongArgumentCount(word, expected: types.count), at: start) }
        i += 1  // )
        var call = FunctionCall(name: name, arguments: arguments, compiledPattern: nil, patternIsLiteral: false)
        if name == .match || name == .search, case .literal(.string(let pattern)) = arguments[1] {
            call.patternIsLiteral = true
            call.compiledPattern = IRegexp(String(decoding: pattern, as: UTF8.self))
        }
        return call
    }

    /// Checks an argument against its declared parameter type (RFC 9535 §2.4.3).
    func argument(_ operand: Operand, type: FunctionType, function: String, index: Int, at position: Int) throws(JSONPathParseError) -> FunctionArgument {
        switch (type, operand) {
        case (.value, .literal(let l)): return .literal(l)
        case (.value, .query(let fq, nil)) where fq.isSingular: return .query(fq)
        case (.value, .function(let f)) where f.name.resultType == .value: return .function(f)
        case (.value, _):
            throw error(.argumentType(function, position: index, expected: "a value (literal, singular query or value function)"), at: position)
        case (.logical, .logical(let e)): return .logical(e)
        case (.logical, .query(let fq, nil)): return .logical(.exists(fq))
        case (.logical, .function(let f)) where f.name.resultType != .value: return .logical(.function(f))
        case (.logical, _):
            throw error(.argumentType(function, position: index, expected: "a logical expression"), at: position)
        case (.nodes, .query(let fq, nil)): return .query(fq)
        case (.nodes, _):
            throw error(.argumentType(function, position: index, expected: "a query"), at: position)
        }
    }
}
