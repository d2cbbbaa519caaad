/// The syntax tree of a parsed JSONPath query (RFC 9535 §2), shared by the parser and the evaluator.

/// One segment: a child (`.a`, `[...]`) or descendant (`..a`, `..[...]`) segment with its selectors.
struct Segment: Sendable {
    var descendant: Bool
    var selectors: [Selector]
    /// Canonical text of the segment, used to share equal segments between the queries of a set.
    var key: String

    /// True when the segment selects at most one node: one name or index selector, not descendant.
    var isSingular: Bool {
        guard !descendant, selectors.count == 1 else { return false }
        switch selectors[0] {
        case .name, .index: return true
        default: return false
        }
    }
}

/// A selector inside a segment.
enum Selector: Sendable {
    /// A member name (UTF-8 bytes, unescaped).
    case name([UInt8])
    case wildcard
    case index(Int)
    case slice(start: Int?, end: Int?, step: Int?)
    case filter(LogicalExpression)
}

/// A query inside a filter: relative (`@…`) or absolute (`$…`).
struct FilterQuery: Sendable {
    var absolute: Bool
    var segments: [Segment]
    var isSingular: Bool { segments.allSatisfy(\.isSingular) }
}

/// A literal value in a filter.
enum Literal: Sendable {
    case string([UInt8])
    case number(text: String, value: Double, integer: Int?)
    case bool(Bool)
    case null
    /// Jayway option only: an array of literals (for `in`, `nin`, … and `==`).
    case array([Literal])
}

/// Comparison operators (RFC 9535 §2.3.5.1), and with the Jayway option a few more.
enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    // Jayway option only.
    case `in` = "in", notIn = "nin", subsetOf = "subsetof", anyOf = "anyof", noneOf = "noneof"
    case size = "size", empty = "empty", regexMatch = "=~"
}

/// The declared types of function results and parameters (RFC 9535 §2.4.1).
enum FunctionType: Sendable {
    case value, logical, nodes
}

/// The function extensions.
enum FunctionName: String, Sendable {
    case length, count, match, search, value

    var resultType: FunctionType {
        switch self {
        case .length, .count, .value: return .value
        case .match, .search: return .logical
        }
    }

    var parameterTypes: [FunctionType] {
        switch self {
        case .length: return [.value]
        case .count, .value: return [.nodes]
        case .match, .search: return [.value, .value]
        }
    }
}

/// A function call in a filter.
struct FunctionCall: Sendable {
    var name: FunctionName
    var arguments: [FunctionArgument]
    /// For `match` / `search` with a literal pattern: the compiled pattern (nil when invalid).
    var compiledPattern: IRegexp?
    var patternIsLiteral: Bool
}

/// An argument of a function call.
indirect enum FunctionArgument: Sendable {
    case literal(Literal)
    case query(FilterQuery)
    case logical(LogicalExpression)
    case function(FunctionCall)
}

/// A side of a comparison.
indirect enum Comparable: Sendable {
    case literal(Literal)
    /// A singular query (RFC); with the Jayway option any query, whose first node is used.
    case query(FilterQuery)
    case function(FunctionCall)
    /// Jayway option: a query ending in a tail function such as `.length()`.
    case tail(FilterQuery, TailFunction)
    /// Jayway option: a regular expression literal `/…/flags`.
    case regex(JaywayRegex)
}

/// A filter's logical expression.
indirect enum LogicalExpression: Sendable {
    case or([LogicalExpression])
    case and([LogicalExpression])
    case not(LogicalExpression)
    case comparison(Comparable, ComparisonOperator, Comparable)
    /// Existence test of a query.
    case exists(FilterQuery)
    /// A function with a logical (or nodes) result used as a test.
    case function(FunctionCall)
}

/// Jayway option: a function applied to a query's result (`$.a.length()`).
enum TailFunction: String, Sendable {
    case length, size, min, max, avg, sum, stddev, first, last, keys
}

/// Jayway option: `=~ /pattern/flags`, matching the whole string.
struct JaywayRegex: Sendable {
    var regex: IRegexp?
}
