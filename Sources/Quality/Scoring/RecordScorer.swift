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

    /// One value, read once (docs/SCHEMAS.md): its literal text, its `@lang` and `@resource`
    /// strings (tape positions, -1 when missing), and its language class.
    struct Value: Sendable {
        var node: Int32
        /// The string itself, or an object's string `#value`; -1: no literal text.
        var text: Int32
        /// An object's string `@lang`, or -1.
        var lang: Int32
        /// An object's string `@resource`, or -1.
        var resource: Int32
        /// LanguageTable id: a tag, `untagged` or `link`.
        var language: Int32
        var blank: Bool
    }

    private var rootResults = JSONPathQuerySet.Results()
    private var grouped: [JSONPathQuerySet.GroupedResults]
    private var instanceCounts: [Int]
    private var fieldBase: [Int]
    private var slots: [Slot] = []
    private var values: [Value] = []
    private var selectedScratch: [Int32] = []
    private var existsAny: [Bool]
    private var filled: [Int]
    private var slotCounts: [Int]
    private var languages = LanguageTable()
    private var stamp: [Int] = []
    private var stampValue = 0
    private var langScratch: [Int32] = []
    /// Per multilinguality field (flat): (language id, count) entries ending at `mlEnds[k]`.
    private var mlEntries: [(id: Int32, count: Int)] = []
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

        c.fieldCollection.withUnsafeBufferPointer { fieldCollection in
        c.fieldExistence.withUnsafeBufferPointer { fieldExistence in
        c.fieldScored.withUnsafeBufferPointer { fieldScored in
        c.fieldUnion.withUnsafeBufferPointer { fieldUnion in
        c.dimensionStart.withUnsafeBufferPointer { dimensionStart in
        c.dimensionList.withUnsafeBufferPointer { dimensionList in
        slots.withUnsafeBufferPointer { slots in
        instanceCounts.withUnsafeBufferPointer { instanceCounts in
        fieldBase.withUnsafeBufferPointer { fieldBase in
        existsAny.withUnsafeMutableBufferPointer { existsAny in
        filled.withUnsafeMutableBufferPointer { filled in
        slotCounts.withUnsafeMutableBufferPointer { slotCounts in
            for f in 0..<fieldCollection.count {
                let n = instanceCounts[fieldCollection[f]]
                var existsCount = 0, card = 0
                let base = fieldBase[f]
                switch fieldExistence[f] {
                case .key:
                    for i in 0..<n { let s = slots[base + i]; if s.selected { existsCount += 1 }; card += Int(s.end - s.start) }
                case .value:
                    for i in 0..<n { let s = slots[base + i]; if s.end > s.start { existsCount += 1 }; card += Int(s.end - s.start) }
                case .nonblank:
                    for i in 0..<n { let s = slots[base + i]; if s.nonblank > 0 { existsCount += 1 }; card += Int(s.nonblank) }
                }
                existsAny[f] = existsCount > 0
                let scored = fieldScored[f]
                guard scored >= 0 else { continue }
                existence[scored] = existsCount > 0
                cardinality[scored] = card
                let union = fieldUnion[f]
                let fieldSlots = union ? 1 : max(1, n)
                let fieldFilled = union ? (existsCount > 0 ? 1 : 0) : existsCount
                filled[0] += fieldFilled; slotCounts[0] += fieldSlots
                for k in dimensionStart[f]..<dimensionStart[f + 1] {
                    let d = dimensionList[k]
                    filled[d] += fieldFilled; slotCounts[d] += fieldSlots
                }
            }
        }}}}}}}}}}}}
        for g in c.groups {
            let any = g.fields.contains { existsAny[$0] }
            for d in g.dimensions { slotCounts[d] += 1; if any { filled[d] += 1 } }
        }
        var completeness = [Double?](repeating: nil, count: filled.count)
        for d in filled.indices where slotCounts[d] > 0 { completeness[d] = Double(filled[d]) / Double(slotCounts[d]) }

        var problems = [Int](repeating: 0, count: c.problems.count)
        for k in c.problems.indices { problems[k] = measure(c.problems[k], document) }

        let (fieldCounts, scopes, record) = multilinguality()
        return RecordMeasurement(layout: c.layout, completeness: completeness, existence: existence,
                                 cardinality: cardinality, problems: problems, languageCounts: fieldCounts,
                                 scopes: scopes, record: record)
    }

    // MARK: - Values

    /// Evaluates the collection paths, then each collection's fields per instance (one pass over
    /// an instance's members when every field path is a plain name, the query set otherwise), and
    /// reads every value once.
    private mutating func gather(_ doc: JSONDocument) {
        let c = compiled
        c.roots.evaluate(doc, into: &rootResults)
        slots.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        doc.withRawView { view in
            for k in c.collections.indices {
                let collection = c.collections[k]
                let instances = rootResults.nodes(forQuery: k)
                let n = instances.count
                instanceCounts[k] = n
                if let names = collection.names {
                    gatherByMembers(doc, view, instances, collection.fields, names)
                    continue
                }
                collection.set.evaluate(doc, from: instances, into: &grouped[k])
                let all = grouped[k].allNodes
                for (q, f) in collection.fields.enumerated() {
                    fieldBase[f] = slots.count
                    for i in 0..<n {
                        let start = values.count
                        let range = grouped[k].range(forStart: i, query: q)
                        for r in range { addValues(doc, view, Int(all[r].index)) }
                        slots.append(slot(start, selected: !range.isEmpty))
                    }
                }
            }
        }
    }

    /// One pass over each instance's members: the first member of each name is its field's node.
    private mutating func gatherByMembers(_ doc: JSONDocument, _ view: JSONDocument.RawView,
                                          _ instances: ArraySlice<JSONNode>, _ fields: Range<Int>, _ names: MemberNames) {
        let n = instances.count
        let base = slots.count
        for (q, f) in fields.enumerated() { fieldBase[f] = base + q * n }
        slots.append(contentsOf: repeatElement(Slot(start: 0, end: 0, nonblank: 0, selected: false), count: fields.count * n))
        if selectedScratch.count < names.count { selectedScratch = Array(repeating: -1, count: names.count) }
        for (i, instance) in instances.enumerated() {
            let object = Int(instance.index)
            guard view.kindByte(object) == JSONKind.object.rawValue else { continue }
            for u in 0..<names.count { selectedScratch[u] = -1 }
            let end = view.containerEnd(object)
            var m = object + 1
            while m < end {
                let u: Int
                if !view.hasEscapes(m) { u = names.lookup(view.rawBytes(m)) } else {
                    u = doc.withStringBytes(JSONNode(tapeIndex: m)) { names.lookup($0) } ?? -1
                }
                if u >= 0 && selectedScratch[u] < 0 { selectedScratch[u] = Int32(m + 1) }
                m = view.next(m + 1)
            }
            for q in 0..<fields.count {
                let node = Int(selectedScratch[names.nameOfQuery[q]])
                guard node >= 0 else { continue }
                let start = values.count
                addValues(doc, view, node)
                slots[base + q * n + i] = slot(start, selected: true)
            }
        }
    }

    @inline(__always) private func slot(_ start: Int, selected: Bool) -> Slot {
        var nonblank: Int32 = 0
        for v in start..<values.count where !values[v].blank { nonblank += 1 }
        return Slot(start: Int32(start), end: Int32(values.count), nonblank: nonblank, selected: selected)
    }

    /// Appends the values of a selected node: array elements (nested arrays flattened), other
    /// nodes themselves; `null` contributes nothing.
    private mutating func addValues(_ doc: JSONDocument, _ view: JSONDocument.RawView, _ node: Int) {
        switch view.kindByte(node) {
        case JSONKind.null.rawValue: return
        case JSONKind.array.rawValue:
            let end = view.containerEnd(node)
            var e = node + 1
            while e < end { addValues(doc, view, e); e = view.next(e) }
        case JSONKind.string.rawValue:
            let blank = view.hasEscapes(node) ? ValueText.isBlankString(doc, JSONNode(tapeIndex: node)) : ValueText.isBlank(view.rawBytes(node))
            values.append(Value(node: Int32(node), text: Int32(node), lang: -1, resource: -1,
                                language: Int32(LanguageTable.untagged), blank: blank))
        case JSONKind.object.rawValue:
            values.append(readObject(doc, view, node))
        default:
            values.append(Value(node: Int32(node), text: -1, lang: -1, resource: -1,
                                language: Int32(LanguageTable.untagged), blank: false))
        }
    }

    /// Reads `#value`, `@lang` and `@resource` (the first of each) in one pass over an object's members.
    @inline(__always)
    private mutating func readObject(_ doc: JSONDocument, _ view: JSONDocument.RawView, _ object: Int) -> Value {
        var valueAt = -1, langAt = -1, resourceAt = -1
        let end = view.containerEnd(object)
        var m = object + 1
        while m < end {
            let key: Int
            if !view.hasEscapes(m) { key = ValueText.valueObjectKey(view.rawBytes(m)) } else {
                key = doc.withStringBytes(JSONNode(tapeIndex: m)) { ValueText.valueObjectKey($0) } ?? 0
            }
            switch key {
            case 1: if valueAt < 0 { valueAt = m + 1 }
            case 2: if langAt < 0 { langAt = m + 1 }
            case 3: if resourceAt < 0 { resourceAt = m + 1 }
            default: break
            }
            m = view.next(m + 1)
        }
        let string = JSONKind.string.rawValue
        let text = valueAt >= 0 && view.kindByte(valueAt) == string ? valueAt : -1
        let lang = langAt >= 0 && view.kindByte(langAt) == string ? langAt : -1
        let resource = resourceAt >= 0 && view.kindByte(resourceAt) == string ? resourceAt : -1
        // Blank: neither `@resource` nor `@lang`, and no non-blank `#value`.
        var blank = false
        if resourceAt < 0 && langAt < 0 {
            if valueAt < 0 { blank = true }
            else if text >= 0 {
                blank = view.hasEscapes(text) ? ValueText.isBlankString(doc, JSONNode(tapeIndex: text)) : ValueText.isBlank(view.rawBytes(text))
            } else { blank = view.kindByte(valueAt) == JSONKind.null.rawValue }
        }
        // Language class: a literal's non-empty tag, else `_0`; a link without text `_2`.
        var language = LanguageTable.untagged
        if text >= 0 {
            if lang >= 0 {
                if !view.hasEscapes(lang) {
                    let tag = view.rawBytes(lang)
                    if !tag.isEmpty { language = languages.id(tag) }
                } else {
                    language = doc.withStringBytes(JSONNode(tapeIndex: lang)) { $0.isEmpty ? LanguageTable.untagged : languages.id($0) } ?? LanguageTable.untagged
                }
            }
        } else if resourceAt >= 0 {
            language = LanguageTable.link
        }
        return Value(node: Int32(object), text: Int32(text), lang: Int32(lang), resource: Int32(resource),
                     language: Int32(language), blank: blank)
    }

    /// The indices into `values` of field `f`'s values in every instance.
    @inline(__always) private func valueRange(_ f: Int, instance i: Int) -> Range<Int> {
        let s = slots[fieldBase[f] + i]
        return Int(s.start)..<Int(s.end)
    }

    /// All of field `f`'s values: its instances' slots are consecutive.
    @inline(__always) private func slotRange(_ f: Int) -> Range<Int> {
        let base = fieldBase[f]
        return base..<(base + instanceCount(f))
    }

    @inline(__always) private func instanceCount(_ f: Int) -> Int { instanceCounts[compiled.fieldCollection[f]] }

    // MARK: - Problems

    private mutating func measure(_ p: CompiledSchema.Problem, _ doc: JSONDocument) -> Int {
        var result = 0
        switch p.kind {
        case .longValue:
            for f in p.fields {
                for s in slotRange(f) {
                    for v in Int(slots[s].start)..<Int(slots[s].end) {
                        let t = Int(values[v].text)
                        guard t >= 0 else { continue }
                        if (doc.withStringBytes(JSONNode(tapeIndex: t)) { $0.count > p.maxLength && ValueText.utf16Count($0) > p.maxLength } ?? false) {
                            result += 1
                        }
                    }
                }
            }
        case .emptyString:
            for f in p.fields {
                for s in slotRange(f) {
                    for v in Int(slots[s].start)..<Int(slots[s].end) where values[v].blank { result += 1 }
                }
            }
        case .duplicatedString:
            for f in p.fields {
                for s in slotRange(f) {
                    for v in Int(slots[s].start)..<Int(slots[s].end) {
                        let t = Int(values[v].text)
                        guard t >= 0 else { continue }
                        if doc.withStringBytes(JSONNode(tapeIndex: t), { ValueText.isDuplicated($0) }) == true { result += 1 }
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
                for s in slotRange(f) {
                    langScratch.removeAll(keepingCapacity: true)
                    // Literals only; untagged literals belong to no language.
                    for v in Int(slots[s].start)..<Int(slots[s].end) {
                        let value = values[v]
                        if value.text >= 0 && value.language != Int32(LanguageTable.untagged) { langScratch.append(value.language) }
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
    static func same(_ doc: JSONDocument, _ a: Value, _ b: Value) -> Bool {
        if (a.text < 0) != (b.text < 0) { return false }
        if a.text >= 0 {
            let ta = JSONNode(tapeIndex: Int(a.text)), tb = JSONNode(tapeIndex: Int(b.text))
            if a.blank || ValueText.isBlankString(doc, ta) || !ValueText.equalStrings(doc, ta, tb) { return false }
        }
        if (a.resource < 0) != (b.resource < 0) { return false }
        if a.resource >= 0, !ValueText.equalStrings(doc, JSONNode(tapeIndex: Int(a.resource)), JSONNode(tapeIndex: Int(b.resource))) { return false }
        if a.text < 0 && a.resource < 0 { return false }
        if (a.lang < 0) != (b.lang < 0) { return false }
        if a.lang >= 0, !ValueText.equalStrings(doc, JSONNode(tapeIndex: Int(a.lang)), JSONNode(tapeIndex: Int(b.lang))) { return false }
        return true
    }

    // MARK: - Multilinguality

    private mutating func multilinguality() -> (LanguageCounts, [LanguageSummary], LanguageSummary) {
        let c = compiled
        if c.multilingualFields.isEmpty && c.scopeCollections.isEmpty {
            return (LanguageCounts(), [], LanguageSummary(taggedLiterals: 0, languages: 0))
        }
        var out = LanguageCounts()
        out.counts.reserveCapacity(c.multilingualFields.count + 16)
        out.ends.reserveCapacity(c.multilingualFields.count)
        mlEntries.removeAll(keepingCapacity: true)
        mlEnds.removeAll(keepingCapacity: true)
        for f in c.multilingualFields {
            let first = mlEntries.count
            for s in slotRange(f) {
                for v in Int(slots[s].start)..<Int(slots[s].end) {
                    let id = values[v].language
                    var j = first
                    while j < mlEntries.count && mlEntries[j].id != id { j += 1 }
                    if j < mlEntries.count { mlEntries[j].count += 1 } else { mlEntries.append((id, 1)) }
                }
            }
            if mlEntries.count == first { mlEntries.append((Int32(LanguageTable.absent), 1)) }
            for j in first..<mlEntries.count { out.counts.append(LanguageCount(languages.names[Int(mlEntries[j].id)], mlEntries[j].count)) }
            out.ends.append(out.counts.count)
            mlEnds.append(mlEntries.count)
        }
        if stamp.count < languages.count { stamp.append(contentsOf: repeatElement(0, count: languages.count - stamp.count)) }
        var scopes: [LanguageSummary] = []
        scopes.reserveCapacity(c.scopeCollections.count)
        for collection in c.scopeCollections { scopes.append(summary(collection)) }
        return (out, scopes, summary(-1))
    }

    /// Tagged literals and distinct tags over the multilinguality fields of `collection` (-1: all).
    private mutating func summary(_ collection: Int) -> LanguageSummary {
        stampValue += 1
        var tagged = 0, distinct = 0
        let c = compiled
        for k in c.multilingualFields.indices where collection < 0 || c.fieldCollection[c.multilingualFields[k]] == collection {
            for j in (k == 0 ? 0 : mlEnds[k - 1])..<mlEnds[k] {
                let entry = mlEntries[j]
                guard entry.id > Int32(LanguageTable.link) else { continue }
                tagged += entry.count
                if stamp[Int(entry.id)] != stampValue { stamp[Int(entry.id)] = stampValue; distinct += 1 }
            }
        }
        return LanguageSummary(taggedLiterals: tagged, languages: distinct)
    }
}
