import JSONPath

extension MeasurementSchema {
    /// Reads and validates a schema file's bytes (JSON when it starts with `{`, else YAML);
    /// `file` names the file in error messages.
    public init(bytes: [UInt8], file: String) throws(SchemaError) {
        let tree = try SchemaTree.read(bytes, file: file)
        var reader = SchemaReader(file: file)
        self = try reader.schema(tree)
        try validate(file: file)
    }

    /// Checks what decoding cannot: unique labels, known labels and dimensions, compiling paths.
    public func validate(file: String) throws(SchemaError) {
        var dimensionSet = Set<String>()
        for d in dimensions {
            let ok = !d.isEmpty && d.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
            }
            if !ok || d == "TOTAL" {
                throw .invalidValue(file: file, at: "schema", key: "dimensions", value: d,
                                    expected: "a name of ASCII letters, digits, '_' or '-', not TOTAL")
            }
            if !dimensionSet.insert(d).inserted { throw .duplicateLabel(file: file, at: "dimensions", label: d) }
        }
        func checkDimensions(_ names: [String], _ at: String) throws(SchemaError) {
            for d in names where !dimensionSet.contains(d) { throw .unknownDimension(file: file, at: at, dimension: d) }
        }
        func compile(_ path: String, _ at: String) throws(SchemaError) {
            do { _ = try JSONPathQuery(path, options: .jayway) } catch {
                throw .invalidPath(file: file, at: at, path: path, position: error.position, reason: error.reason.description)
            }
        }
        var collectionLabels = Set<String>(), fieldLabels = Set<String>()
        for c in collections {
            let at = "collection \"\(c.label)\""
            if !collectionLabels.insert(c.label).inserted { throw .duplicateLabel(file: file, at: at, label: c.label) }
            try compile(c.path, at)
            for f in c.fields {
                let fat = "field \"\(f.label)\""
                if !fieldLabels.insert(f.label).inserted { throw .duplicateLabel(file: file, at: fat, label: f.label) }
                try checkDimensions(f.dimensions, fat)
                try compile(f.path, fat)
            }
        }
        var groupLabels = Set<String>()
        for g in groups {
            let at = "group \"\(g.label)\""
            if !groupLabels.insert(g.label).inserted { throw .duplicateLabel(file: file, at: at, label: g.label) }
            for l in g.fields where !fieldLabels.contains(l) { throw .unknownLabel(file: file, at: at, label: l) }
            try checkDimensions(g.dimensions, at)
        }
        var problemNames = Set<String>()
        for p in problems {
            let at = "problem \"\(p.name)\""
            if !problemNames.insert(p.name).inserted { throw .duplicateLabel(file: file, at: at, label: p.name) }
            for l in p.fields where !fieldLabels.contains(l) { throw .unknownLabel(file: file, at: at, label: l) }
            switch p.kind {
            case .sameValue where p.fields.count != 2:
                throw .invalidValue(file: file, at: at, key: "fields", value: "\(p.fields.count) labels", expected: "two labels")
            case .longValue where (p.maxLength ?? -1) < 0:
                throw .missingKey(file: file, at: at, key: "maxLength")
            default:
                if p.kind != .longValue && p.maxLength != nil { throw .unknownKey(file: file, at: at + " (\(p.kind.rawValue))", key: "maxLength") }
            }
        }
        if let m = multilinguality {
            for l in m.fields where !fieldLabels.contains(l) { throw .unknownLabel(file: file, at: "multilinguality", label: l) }
            var scopeNames = Set<String>()
            for s in m.scopes {
                let at = "multilinguality scope \"\(s.name)\""
                if !scopeNames.insert(s.name).inserted { throw .duplicateLabel(file: file, at: at, label: s.name) }
                if !collectionLabels.contains(s.collection) { throw .unknownLabel(file: file, at: at, label: s.collection) }
            }
        }
    }
}

/// Turns a `SchemaTree` into a schema, refusing unknown keys and wrong types.
struct SchemaReader {
    let file: String

    private typealias Object = [(key: String, value: SchemaTree)]

    private func object(_ tree: SchemaTree, _ at: String, key: String, allowed: Set<String>) throws(SchemaError) -> Object {
        guard case .map(let pairs) = tree else { throw .wrongType(file: file, at: at, key: key, expected: "an object") }
        for p in pairs where !allowed.contains(p.key) { throw .unknownKey(file: file, at: at, key: p.key) }
        return pairs
    }

    private func value(_ o: Object, _ key: String) -> SchemaTree? {
        o.first { $0.key == key }?.value
    }

    private func string(_ o: Object, _ key: String, _ at: String) throws(SchemaError) -> String? {
        guard let v = value(o, key) else { return nil }
        guard case .string(let s) = v else { throw .wrongType(file: file, at: at, key: key, expected: "a string") }
        return s
    }

    private func required(_ o: Object, _ key: String, _ at: String) throws(SchemaError) -> String {
        guard let s = try string(o, key, at) else { throw .missingKey(file: file, at: at, key: key) }
        return s
    }

    private func strings(_ o: Object, _ key: String, _ at: String) throws(SchemaError) -> [String]? {
        guard let v = value(o, key) else { return nil }
        guard case .list(let items) = v else { throw .wrongType(file: file, at: at, key: key, expected: "a list of strings") }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw .wrongType(file: file, at: at, key: key, expected: "a list of strings") }
            out.append(s)
        }
        return out
    }

    private func list(_ o: Object, _ key: String, _ at: String) throws(SchemaError) -> [SchemaTree]? {
        guard let v = value(o, key) else { return nil }
        guard case .list(let items) = v else { throw .wrongType(file: file, at: at, key: key, expected: "a list") }
        return items
    }

    private func choice<T: RawRepresentable & CaseIterable>(_ o: Object, _ key: String, _ at: String, _ type: T.Type) throws(SchemaError) -> T? where T.RawValue == String {
        guard let s = try string(o, key, at) else { return nil }
        guard let v = T(rawValue: s) else {
            throw .invalidValue(file: file, at: at, key: key, value: s,
                                expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }

    mutating func schema(_ tree: SchemaTree) throws(SchemaError) -> MeasurementSchema {
        let at = "schema"
        let o = try object(tree, at, key: "schema", allowed: ["name", "title", "dimensions", "existence", "instances",
                                                              "collections", "groups", "problems", "multilinguality"])
        let name = try required(o, "name", at)
        let title = try string(o, "title", at)
        let dimensions = try strings(o, "dimensions", at) ?? []
        let existence = try choice(o, "existence", at, MeasurementSchema.Existence.self) ?? .nonblank
        let instances = try choice(o, "instances", at, MeasurementSchema.Instances.self) ?? .each
        guard let collectionTrees = try list(o, "collections", at) else { throw .missingKey(file: file, at: at, key: "collections") }
        var collections: [MeasurementSchema.Collection] = []
        for (k, c) in collectionTrees.enumerated() {
            collections.append(try collection(c, "collections[\(k)]", existence, instances))
        }
        var groups: [MeasurementSchema.Group] = []
        for (k, g) in (try list(o, "groups", at) ?? []).enumerated() {
            var gat = "groups[\(k)]"
            let go = try object(g, gat, key: "groups", allowed: ["label", "fields", "dimensions"])
            let label = try required(go, "label", gat)
            gat = "group \"\(label)\""
            guard let fields = try strings(go, "fields", gat) else { throw .missingKey(file: file, at: gat, key: "fields") }
            groups.append(.init(label: label, fields: fields, dimensions: try strings(go, "dimensions", gat) ?? []))
        }
        var problems: [MeasurementSchema.Problem] = []
        for (k, p) in (try list(o, "problems", at) ?? []).enumerated() {
            var pat = "problems[\(k)]"
            let po = try object(p, pat, key: "problems", allowed: ["name", "kind", "fields", "maxLength"])
            let pname = try required(po, "name", pat)
            pat = "problem \"\(pname)\""
            guard let kind = try choice(po, "kind", pat, MeasurementSchema.Problem.Kind.self) else {
                throw .missingKey(file: file, at: pat, key: "kind")
            }
            guard let fields = try strings(po, "fields", pat) else { throw .missingKey(file: file, at: pat, key: "fields") }
            var maxLength: Int?
            if let v = value(po, "maxLength") {
                guard case .number(let text) = v, let n = Int(text), n >= 0 else {
                    throw .wrongType(file: file, at: pat, key: "maxLength", expected: "a non-negative integer")
                }
                maxLength = n
            }
            problems.append(.init(name: pname, kind: kind, fields: fields, maxLength: maxLength))
        }
        var multilinguality: MeasurementSchema.Multilinguality?
        if let m = value(o, "multilinguality") {
            let mat = "multilinguality"
            let mo = try object(m, mat, key: mat, allowed: ["fields", "scopes"])
            var scopes: [MeasurementSchema.Multilinguality.Scope] = []
            for (k, s) in (try list(mo, "scopes", mat) ?? []).enumerated() {
                let sat = "multilinguality.scopes[\(k)]"
                let so = try object(s, sat, key: "scopes", allowed: ["name", "collection"])
                scopes.append(.init(name: try required(so, "name", sat), collection: try required(so, "collection", sat)))
            }
            multilinguality = .init(fields: try strings(mo, "fields", mat) ?? [], scopes: scopes)
        }
        return MeasurementSchema(name: name, title: title, dimensions: dimensions, collections: collections,
                                 groups: groups, problems: problems, multilinguality: multilinguality)
    }

    private func collection(_ tree: SchemaTree, _ position: String, _ existence: MeasurementSchema.Existence,
                            _ instances: MeasurementSchema.Instances) throws(SchemaError) -> MeasurementSchema.Collection {
        let o = try object(tree, position, key: "collections", allowed: ["label", "path", "fields", "existence", "instances"])
        let label = try required(o, "label", position)
        let at = "collection \"\(label)\""
        let path = try required(o, "path", at)
        let ownExistence = try choice(o, "existence", at, MeasurementSchema.Existence.self) ?? existence
        let ownInstances = try choice(o, "instances", at, MeasurementSchema.Instances.self) ?? instances
        var fields: [MeasurementSchema.Field] = []
        for (k, f) in (try list(o, "fields", at) ?? []).enumerated() {
            let fpos = "\(at) fields[\(k)]"
            let fo = try object(f, fpos, key: "fields", allowed: ["label", "path", "dimensions", "existence", "scored"])
            let flabel = try required(fo, "label", fpos)
            let fat = "field \"\(flabel)\""
            var scored = true
            if let v = value(fo, "scored") {
                guard case .bool(let b) = v else { throw .wrongType(file: file, at: fat, key: "scored", expected: "true or false") }
                scored = b
            }
            fields.append(.init(label: flabel, path: try required(fo, "path", fat),
                                dimensions: try strings(fo, "dimensions", fat) ?? [],
                                existence: try choice(fo, "existence", fat, MeasurementSchema.Existence.self) ?? ownExistence,
                                scored: scored))
        }
        return .init(label: label, path: path, instances: ownInstances, fields: fields)
    }
}
