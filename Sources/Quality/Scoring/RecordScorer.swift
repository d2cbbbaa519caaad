import JSONPath

/// Scores records under one schema. Compiling is done once; each scorer keeps reusable scratch
/// storage, so use one scorer value per thread (copies share the compiled schema).
public struct RecordScorer: Sendable {
    /// What each value of a measurement is called.
    public var layout: MeasurementLayout { compiled.layout }
    /// The schema scored.
    public let schema: MeasurementSchema

    let compiled: CompiledSchema

    /// One field in one instance: its values are `values[start..<end]`.
    struct Slot: Sendable {
        var start: Int32
        var end: Int32
        var nonblank: Int32
        var selected: Bool
    }

    private var rootResults = JSONPathQuerySet.Results()
    private var grouped: [JSONPathQuerySet.GroupedResults]
    private var instanceCounts: [Int]
    private var fieldBase: [Int]
    private var slots: [Slot] = []
    private var values: [JSONNode] = []
    private var blank: [Bool] = []
    private var existsAny: [Bool]
    private var filled: [Int]
    private var slotCounts: [Int]
    private var languages = LanguageTable()
    private var stamp: [Int] = []
    private var stampValue = 0
    private var langScratch: [Int] = []
    /// Per multilinguality field (flat): (language id, count) entries ending at `mlEnds[k]`.
    private var mlEntries: [(id: Int, count: Int)] = []
    private var mlEnds: [Int] = []

    /// Compiles `schema` (validating it; `file` names it in errors).
    public init(schema: MeasurementSchema, file: String = "schema") throws(SchemaError) {
        self.schema = schema
        self.compiled = try CompiledSchema(schema, file: file)
        grouped = Array(repeating: .init(), count: compiled.collections.count)
        instanceCounts = Array(repeating: 0, count: compiled.collections.count)
        fieldBase = Array(repeating: 0, count: compiled.fields.count)
        existsAny = Array(repeating: false, count: compiled.fields.count)
        filled = Array(repeating: 0, count: schema.dimensions.count + 1)
        slotCounts = filled
    }

    /// Measures one record.
    public mutating func score(_ document: JSONDocument) -> RecordMeasurement {
        gather(document)
        let c = compiled
        let scoredCount = c.layout.fields.count
        var existence = [Bool](repeating: false, count: scoredCount)
        var cardinality = [Int](repeating: 0, count: scoredCount)
        for d in filled.indices { filled[d] = 0; slotCounts[d] = 0 }

        for f in 0..<c.fieldCollection.count {
            let n = instanceCounts[c.fieldCollection[f]]
            var existsCount = 0, card = 0
            let base = fieldBase[f]
            let rule = c.fieldExistence[f]
            for i in 0..<n {
                let s = slots[base + i]
                let values = Int(s.end - s.start)
                switch rule {
                case .key: if s.selected { existsCount += 1 }; card += values
                case .value: if values > 0 { existsCount += 1 }; card += values
                case .nonblank: if s.nonblank > 0 { existsCount += 1 }; card += Int(s.nonblank)
                }
            }
            existsAny[f] = existsCount > 0
            let scored = c.fieldScored[f]
            guard scored >= 0 else { continue }
            existence[scored] = existsCount > 0
            cardinality[scored] = card
            let union = c.fieldUnion[f]
            let fieldSlots = union ? 1 : max(1, n)
            let fieldFilled = union ? (existsCount > 0 ? 1 : 0) : existsCount
            filled[0] += fieldFilled; slotCounts[0] += fieldSlots
            for k in c.dimensionStart[f]..<c.dimensionStart[f + 1] {
                let d = c.dimensionList[k]
                filled[d] += fieldFilled; slotCounts[d] += fieldSlots
            }
        }
        for g in c.groups {
            let any = g.fields.contains { existsAny[$0] }
            for d in g.dimensions { slotCounts[d] += 1; if any { filled[d] += 1 } }
        }
        var completeness = [Double?](repeating: nil, count: filled.count)
        for d in filled.indices where slotCounts[d] > 0 { completeness[d] = Double(filled[d]) / Double(slotCounts[d]) }

        var problems = [Int](repeating: 0, count: c.problems.count)
        for (k, p) in c.problems.enumerated() { problems[k] = measure(p, document) }

        let (fieldCounts, scopes, record) = multilinguality(document)
        return RecordMeasurement(layout: c.layout, completeness: completeness, existence: existence,
                                 cardinality: cardinality, problems: problems, languageCounts: fieldCounts,
                                 scopes: scopes, record: record)
    }

    // MARK: - Values

    /// Evaluates the collection paths, then each collection's field paths per instance, and
    /// records every field's values per instance.
    private mutating func gather(_ doc: JSONDocument) {
        let c = compiled
        c.roots.evaluate(doc, into: &rootResults)
        slots.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        blank.removeAll(keepingCapacity: true)
        for (k, collection) in c.collections.enumerated() {
            let instances = rootResults.nodes(forQuery: k)
            instanceCounts[k] = instances.count
            collection.set.evaluate(doc, from: instances, into: &grouped[k])
            let all = grouped[k].allNodes
            for (q, f) in collection.fields.enumerated() {
                fieldBase[f] = slots.count
                for i in 0..<instances.count {
                    let start = values.count
                    let range = grouped[k].range(forStart: i, query: q)
                    let selected = !range.isEmpty
                    for r in range { ValueText.flatten(doc, all[r], into: &values) }
                    var nonblank: Int32 = 0
                    for v in start..<values.count {
                        let b = ValueText.isBlank(doc, values[v])
                        blank.append(b)
                        if !b { nonblank += 1 }
                    }
                    slots.append(Slot(start: Int32(start), end: Int32(values.count), nonblank: nonblank, selected: selected))
                }
            }
        }
    }

    /// The indices into `values` of field `f`'s values in every instance.
    private func valueRange(_ f: Int, instance i: Int) -> Range<Int> {
        let s = slots[fieldBase[f] + i]
        return Int(s.start)..<Int(s.end)
    }

    private func instanceCount(_ f: Int) -> Int { instanceCounts[compiled.fieldCollection[f]] }

    // MARK: - Problems

    private mutating func measure(_ p: CompiledSchema.Problem, _ doc: JSONDocument) -> Int {
        var result = 0
        switch p.kind {
        case .longValue:
            for f in p.fields {
                for i in 0..<instanceCount(f) {
                    for v in valueRange(f, instance: i) {
                        guard let t = ValueText.text(doc, values[v]) else { continue }
                        if (doc.withStringBytes(t) { ValueText.utf16Count($0) } ?? 0) > p.maxLength { result += 1 }
                    }
                }
            }
        case .emptyString:
            for f in p.fields {
                for i in 0..<instanceCount(f) {
                    for v in valueRange(f, instance: i) where blank[v] { result += 1 }
                }
            }
        case .duplicatedString:
            for f in p.fields {
                for i in 0..<instanceCount(f) {
                    for v in valueRange(f, instance: i) {
                        guard let t = ValueText.text(doc, values[v]) else { continue }
                        if doc.withStringBytes(t, { ValueText.isDuplicated($0) }) == true { result += 1 }
                    }
                }
            }
        case .sameValue:
            let a = p.fields[0], b = p.fields[1]
            search: for i in 0..<instanceCount(a) {
                for x in valueRange(a, instance: i) {
                    for j in 0..<instanceCount(b) {
                        for y in valueRange(b, instance: j) where Self.same(doc, values[x], values[y]) {
                            result = 1
                            break search
                        }
                    }
                }
            }
        case .ambiguousLabel:
            for f in p.fields {
                for i in 0..<instanceCount(f) {
                    langScratch.removeAll(keepingCapacity: true)
                    for v in valueRange(f, instance: i) {
                        let node = values[v]
                        guard ValueText.text(doc, node) != nil else { continue }
                        langScratch.append(languageID(doc, node))
                    }
                    guard langScratch.count > 1 else { continue }
                    langScratch.sort()
                    var k = 0
                    while k < langScratch.count {
                        var e = k + 1
                        while e < langScratch.count && langScratch[e] == langScratch[k] { e += 1 }
                        if e - k > 1 { result += 1 }
                        k = e
                    }
                }
            }
        }
        return result
    }

    /// Same text, same language, same resource; blank texts and values with neither text nor
    /// resource are never the same.
    static func same(_ doc: JSONDocument, _ a: JSONNode, _ b: JSONNode) -> Bool {
        let ta = ValueText.text(doc, a), tb = ValueText.text(doc, b)
        if (ta == nil) != (tb == nil) { return false }
        if let ta, let tb {
            if ValueText.isBlankString(doc, ta) || !ValueText.equalStrings(doc, ta, tb) { return false }
        }
        let ra = ValueText.stringMember(doc, a, ValueText.resourceKey), rb = ValueText.stringMember(doc, b, ValueText.resourceKey)
        if (ra == nil) != (rb == nil) { return false }
        if let ra, let rb, !ValueText.equalStrings(doc, ra, rb) { return false }
        if ta == nil && ra == nil { return false }
        let la = ValueText.stringMember(doc, a, ValueText.langKey), lb = ValueText.stringMember(doc, b, ValueText.langKey)
        if (la == nil) != (lb == nil) { return false }
        if let la, let lb, !ValueText.equalStrings(doc, la, lb) { return false }
        return true
    }

    // MARK: - Multilinguality

    /// The language id of a value: its non-empty `@lang` tag when it is a literal, `_0` for other
    /// literals and values, `_2` for a link (`@resource`) without literal text.
    private mutating func languageID(_ doc: JSONDocument, _ node: JSONNode) -> Int {
        guard doc.kind(node) == .object else { return LanguageTable.untagged }
        if ValueText.text(doc, node) != nil {
            guard let lang = ValueText.stringMember(doc, node, ValueText.langKey) else { return LanguageTable.untagged }
            let id = doc.withStringBytes(lang) { $0.isEmpty ? LanguageTable.untagged : languages.id($0) }
            return id ?? LanguageTable.untagged
        }
        return doc.member(node, utf8: ValueText.resourceKey) != nil ? LanguageTable.link : LanguageTable.untagged
    }

    private mutating func multilinguality(_ doc: JSONDocument) -> (LanguageCounts, [LanguageSummary], LanguageSummary) {
        let c = compiled
        if c.multilingualFields.isEmpty && c.scopeCollections.isEmpty {
            return (LanguageCounts(), [], LanguageSummary(taggedLiterals: 0, languages: 0))
        }
        var out = LanguageCounts()
        out.counts.reserveCapacity(c.multilingualFields.count * 2)
        out.ends.reserveCapacity(c.multilingualFields.count)
        mlEntries.removeAll(keepingCapacity: true)
        mlEnds.removeAll(keepingCapacity: true)
        for f in c.multilingualFields {
            let first = mlEntries.count
            for i in 0..<instanceCount(f) {
                for v in valueRange(f, instance: i) {
                    let id = languageID(doc, values[v])
                    var j = first
                    while j < mlEntries.count && mlEntries[j].id != id { j += 1 }
                    if j < mlEntries.count { mlEntries[j].count += 1 } else { mlEntries.append((id, 1)) }
                }
            }
            if mlEntries.count == first { mlEntries.append((LanguageTable.absent, 1)) }
            for j in first..<mlEntries.count { out.counts.append(LanguageCount(languages.names[mlEntries[j].id], mlEntries[j].count)) }
            out.ends.append(out.counts.count)
            mlEnds.append(mlEntries.count)
        }
        if stamp.count < languages.count { stamp.append(contentsOf: repeatElement(0, count: languages.count - stamp.count)) }
        var scopes: [LanguageSummary] = []
        for collection in c.scopeCollections {
            scopes.append(summary { c.fieldCollection[$0] == collection })
        }
        return (out, scopes, summary { _ in true })
    }

    /// Tagged literals and distinct tags over the multilinguality fields `include` accepts.
    private mutating func summary(_ include: (Int) -> Bool) -> LanguageSummary {
        stampValue += 1
        var tagged = 0, distinct = 0
        for (k, f) in compiled.multilingualFields.enumerated() where include(f) {
            for j in (k == 0 ? 0 : mlEnds[k - 1])..<mlEnds[k] {
                let entry = mlEntries[j]
                guard entry.id > LanguageTable.link else { continue }
                tagged += entry.count
                if stamp[entry.id] != stampValue { stamp[entry.id] = stampValue; distinct += 1 }
            }
        }
        return LanguageSummary(taggedLiterals: tagged, languages: distinct)
    }
}
