/// Why `JSONPathTool.run` failed: a one-line message naming the position.
public enum JSONPathToolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query is invalid.
    case query(JSONPathParseError)
    /// The JSON document is invalid.
    case document(JSONReadError)
    /// Line `line` (1-based) of a JSON Lines input is invalid; the error's byte offset is from the
    /// start of the whole input, its column within that line.
    case documentLine(Int, JSONReadError)

    public var description: String {
        switch self {
        case .query(let e): return e.description
        case .document(let e): return e.description
        case .documentLine(let line, let e):
            return "invalid JSON on input line \(line), column \(e.column) (byte \(e.byteOffset)): \(e.reason)"
        }
    }
}

/// The `thresher jsonpath` command as a library function, so it can be tested without the executable.
public enum JSONPathTool {
    /// Evaluates `query` on `input` and returns the output text (without a final newline).
    ///
    /// - JSON (default): one compact JSON array of the selected values, numbers and strings as in the input.
    /// - `lines`: JSON Lines; one such array per non-blank input line, separated by "\n".
    /// - `paths`: the normalized paths of the selected nodes instead of their values.
    /// - `jayway`: parse and evaluate with `JSONPathOptions.jayway`.
    public static func run(query: String, input: [UInt8], lines: Bool = false, paths: Bool = false,
                           jayway: Bool = false) -> Result<String, JSONPathToolError> {
        let compiled: JSONPathQuery
        do { compiled = try JSONPathQuery(query, options: jayway ? .jayway : []) } catch {
            return .failure(.query(error))
        }
        if !lines {
            do {
                let doc = try JSONDocument(parsing: input)
                return .success(compiled.resultJSON(in: doc, paths: paths))
            } catch {
                return .failure(.document(error))
            }
        }
        var output: [String] = []
        var lineNumber = 0
        var start = 0
        while start < input.count {
            var end = start
            while end < input.count && input[end] != 0x0A { end += 1 }
            lineNumber += 1
            let line = Array(input[start..<end])
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                do {
                    let doc = try JSONDocument(parsing: line)
                    output.append(compiled.resultJSON(in: doc, paths: paths))
                } catch {
                    let shifted = JSONReadError(reason: error.reason, byteOffset: start + error.byteOffset,
                                                line: lineNumber, column: error.column)
                    return .failure(.documentLine(lineNumber, shifted))
                }
            }
            start = end + 1
        }
        return .success(output.joined(separator: "\n"))
    }
}
