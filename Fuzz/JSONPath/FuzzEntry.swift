// libFuzzer entry for the JSONPath module (reader, query parser, evaluator, I-Regexp).
// Built by Fuzz/run-jsonpath.sh together with Sources/JSONPath/**/*.swift (so internals are visible).
//
// Input layout: the first line is a query, the rest a JSON document. A first byte of "R" instead
// fuzzes the I-Regexp compiler and matcher: pattern on the first line, subject after it.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONPath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let head = String(decoding: bytes[..<newline], as: UTF8.self)
    let rest = newline < bytes.count ? Array(bytes[(newline + 1)...]) : []

    if bytes.first == UInt8(ascii: "R") {
        let subject = String(decoding: rest, as: UTF8.self)
        if let re = IRegexp(String(head.dropFirst())) { _ = re.matches(subject); _ = re.contains(subject) }
        if let re = IRegexp(String(head.dropFirst()), ignoreCase: true, permissive: true) { _ = re.matches(subject) }
        return 0
    }

    // The reader on the whole input and on the document part.
    _ = try? JSONDocument(parsing: bytes)
    guard let doc = try? JSONDocument(parsing: rest, maxDepth: 64) else {
        _ = try? JSONPathQuery(head)
        _ = try? JSONPathQuery(head, options: .jayway)
        return 0
    }
    // Round trip: the compact text of a document reads back to the same text.
    let text = doc.json(doc.root)
    guard let again = try? JSONDocument(parsing: text), again.json(again.root) == text else {
        fatalError("round trip failed for \(text)")
    }
    _ = doc.value(doc.root)

    for options in [JSONPathOptions(), .jayway] {
        guard let query = try? JSONPathQuery(head, options: options) else { continue }
        let nodes = query.nodes(in: doc)
        let located = query.locatedNodes(in: doc)
        guard nodes.count == located.count else { fatalError("paths and nodes disagree for \(head)") }
        _ = query.resultJSON(in: doc)
        _ = query.resultJSON(in: doc, paths: true)
        let set = JSONPathQuerySet([query, query])
        let results = set.evaluate(doc)
        if !query.hasTailFunction && Array(results.nodes(forQuery: 1)) != nodes {
            fatalError("query set disagrees for \(head)")
        }
    }
    return 0
}
