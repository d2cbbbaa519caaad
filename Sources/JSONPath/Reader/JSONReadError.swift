/// Why a JSON text was rejected, with the place where reading stopped.
public struct JSONReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Equatable, Sendable {
        case emptyInput
        case unexpectedEnd
        case unexpectedCharacter(UInt8)
        case expectedValue
        case expectedMemberName
        case expectedColon
        case expectedCommaOrEndOfArray
        case expectedCommaOrEndOfObject
        case trailingComma
        case invalidEscape
        case invalidUnicodeEscape
        case loneSurrogate
        case controlCharacterInString
        case invalidUTF8
        case leadingZero
        case invalidNumber
        case invalidLiteral
        case depthLimitExceeded(Int)
        case trailingData
        case documentTooLarge
    }

    /// What was wrong.
    public let reason: Reason
    /// Zero-based byte offset in the input where the problem was found.
    public let byteOffset: Int
    /// One-based line number of that byte.
    public let line: Int
    /// One-based column (in Unicode scalars) of that byte within its line.
    public let column: Int

    public init(reason: Reason, byteOffset: Int, line: Int, column: Int) {
        self.reason = reason
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
    }

    /// Builds the error for `offset` in `bytes`, counting lines and columns.
    init(_ reason: Reason, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1, column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        self.init(reason: reason, byteOffset: offset, line: line, column: column)
    }

    /// A one-line message, e.g. `invalid JSON at line 1, column 9 (byte 8): trailing comma`.
    public var description: String {
        "invalid JSON at line \(line), column \(column) (byte \(byteOffset)): \(reason)"
    }
}

extension JSONReadError.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .emptyInput: return "empty input"
        case .unexpectedEnd: return "unexpected end of input"
        case .unexpectedCharacter(let b):
            if b >= 0x21 && b < 0x7F { return "unexpected character '\(Character(Unicode.Scalar(b)))'" }
            return "unexpected byte 0x\(String(b, radix: 16, uppercase: true))"
        case .expectedValue: return "expected a value"
        case .expectedMemberName: return "expected a member name in double quotes"
        case .expectedColon: return "expected ':' after member name"
        case .expectedCommaOrEndOfArray: return "expected ',' or ']'"
        case .expectedCommaOrEndOfObject: return "expected ',' or '}'"
        case .trailingComma: return "trailing comma"
        case .invalidEscape: return "invalid escape sequence"
        case .invalidUnicodeEscape: return "invalid \\u escape (four hex digits expected)"
        case .loneSurrogate: return "lone UTF-16 surrogate in \\u escape"
        case .controlCharacterInString: return "unescaped control character in string"
        case .invalidUTF8: return "invalid UTF-8"
        case .leadingZero: return "leading zero in number"
        case .invalidNumber: return "invalid number"
        case .invalidLiteral: return "invalid literal (expected true, false or null)"
        case .depthLimitExceeded(let limit): return "nesting deeper than \(limit) levels"
        case .trailingData: return "unexpected data after the JSON value"
        case .documentTooLarge: return "document larger than 4 GiB"
        }
    }
}
