import ThresherCore
extension JSONDocument {
    /// The value as compact JSON text: no insignificant whitespace, strings and numbers exactly as in the input.
    public func json(_ node: JSONNode) -> String {
        var out: [UInt8] = []
        appendJSON(node, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as compact JSON (see `json(_:)`) to `out`.
    public func appendJSON(_ node: JSONNode, to out: inout [UInt8]) {
        let start = Int(node.index)
        let end = next(start)
        // Which containers are open, and whether the next item in each is the first.
        var closers: [(end: Int, byte: UInt8)] = []
        var needComma = false
        var i = start
        while i < end || !closers.isEmpty {
            while let last = closers.last, i >= last.end {
                out.append(last.byte)
                closers.removeLast()
                needComma = true
            }
            if i >= end { break }
            if needComma { out.append(UInt8(ascii: ",")) }
            // Inside an object, the entry is a member name followed by its value.
            let inObject = closers.last?.byte == UInt8(ascii: "}")
            if inObject {
                appendRaw(i, to: &out)
                out.append(UInt8(ascii: ":"))
                i += 1
            }
            let e = tape[i]
            switch e.kind {
            case JSONKind.array.rawValue:
                out.append(UInt8(ascii: "["))
                closers.append((Int(e.b), UInt8(ascii: "]")))
                needComma = false
                i += 1
                continue
            case JSONKind.object.rawValue:
                out.append(UInt8(ascii: "{"))
                closers.append((Int(e.b), UInt8(ascii: "}")))
                needComma = false
                i += 1
                continue
            default:
                appendRaw(i, to: &out)
            }
            needComma = true
            i += 1
        }
    }

    /// Appends the input text of the scalar at tape index `i`.
    private func appendRaw(_ i: Int, to out: inout [UInt8]) {
        let e = tape[i]
        switch e.kind {
        case JSONKind.null.rawValue: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case JSONKind.true.rawValue: out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case JSONKind.false.rawValue: out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        case JSONKind.string.rawValue:
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes[Int(e.a)..<Int(e.a + e.b)])
            out.append(UInt8(ascii: "\""))
        default:
            out.append(contentsOf: bytes[Int(e.a)..<Int(e.a + e.b)])
        }
    }

    /// The value as a `JSONValue` tree.
    public func value(_ node: JSONNode) -> JSONValue {
        let i = Int(node.index)
        let e = tape[i]
        switch JSONKind(rawValue: e.kind) ?? .null {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(JSONNumber(numberText(node) ?? "0"))
        case .string: return .string(stringValue(at: i))
        case .array: return .array(elements(node).map { value($0) })
        case .object:
            var dict: [String: JSONValue] = [:]
            for m in members(node) { dict[m.name] = value(m.value) }
            return .object(dict)
        }
    }
}

/// Writes `s` as a JSON string literal (with quotes).
@inline(__always)
func appendJSONString(_ s: String, to out: inout [UInt8]) {
    JSONEscaping.appendString(s, to: &out)
}
