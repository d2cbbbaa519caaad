/// Why a JSONPath query was rejected, and where.
public struct JSONPathParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Equatable, Sendable {
        case emptyQuery
        case expectedRoot
        case unexpectedCharacter(Character)
        case unexpectedEnd
        case expectedSelector
        case expectedCommaOrBracket
        case expectedMemberName
        case invalidEscape
        case unterminatedString
        case controlCharacterInString
        case invalidInteger
        case integerOutOfRange
        case invalidNumber
        case expectedExpression
        case expectedClosingParenthesis
        case unknownFunction(String)
        case wrongArgumentCount(String, expected: Int)
        case argumentType(String, position: Int, expected: String)
        case notComparable(String)
        case notATest(String)
        case bareDescendant
        case jaywayOnly(String)
        case nestingTooDeep(Int)
    }

    /// What was wrong.
    public let reason: Reason
    /// Zero-based position in the query, counted in Unicode scalars.
    public let position: Int

    public init(reason: Reason, position: Int) {
        self.reason = reason
        self.position = position
    }

    /// A one-line message, e.g. `invalid JSONPath at position 4: expected ']' or ','`.
    public var description: String { "invalid JSONPath at position \(position): \(reason)" }
}

extension JSONPathParseError.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .emptyQuery: return "empty query"
        case .expectedRoot: return "a query starts with '$'"
        case .unexpectedCharacter(let c): return "unexpected character '\(c.unicodeScalars.first.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String(c) } ?? "")'"
        case .unexpectedEnd: return "unexpected end of query"
        case .expectedSelector: return "expected a selector (name, '*', index, slice or filter)"
        case .expectedCommaOrBracket: return "expected ',' or ']'"
        case .expectedMemberName: return "expected a member name, '*' or '[' after '.'"
        case .invalidEscape: return "invalid escape sequence in string literal"
        case .unterminatedString: return "unterminated string literal"
        case .controlCharacterInString: return "control character in string literal"
        case .invalidInteger: return "invalid integer"
        case .integerOutOfRange: return "integer out of range (±(2^53-1))"
        case .invalidNumber: return "invalid number"
        case .expectedExpression: return "expected a filter expression"
        case .expectedClosingParenthesis: return "expected ')'"
        case .unknownFunction(let name): return "unknown function '\(name)'"
        case .wrongArgumentCount(let name, let n): return "function '\(name)' takes \(n) argument\(n == 1 ? "" : "s")"
        case .argumentType(let name, let k, let expected): return "argument \(k) of '\(name)' must be \(expected)"
        case .notComparable(let what): return "\(what) cannot be compared"
        case .notATest(let what): return "\(what) cannot be used as a test"
        case .bareDescendant: return "'..' must be followed by a name, '*' or '['"
        case .jaywayOnly(let what): return "\(what) is Jayway syntax (enable the Jayway option)"
        case .nestingTooDeep(let limit): return "brackets, parentheses or function calls nested deeper than \(limit) levels"
        }
    }
}
