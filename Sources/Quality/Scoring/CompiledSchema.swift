import JSONPath

/// A validated schema compiled to query sets and index tables, shared by every scorer of it.
final class CompiledSchema: Sendable {
    struct Collection: Sendable {
        let set: JSONPathQuerySet
        /// Global field indices of its fields, in query order.
        let fields: Range<Int>
        let union: Bool
        /// Set when every field path is one plain member name: the gather pass reads instances' members directly.
        let names: MemberNames?
    }
    struct Field: Sendable {
        let collection: Int
        let query: Int
        let existence: MeasurementSchema.Existence
        /// Index among scored fields, or -1.
        let scored: Int
        /// Dimension indices (1-based: 0 is TOTAL).
        let dimensions: [Int]
    }
    struct Problem: Sendable {
        let kind: MeasurementSchema.Problem.Kind
        let fields: [Int]
        let maxLength: Int
    }

    let layout: MeasurementLayout
    let roots: JSONPathQuerySet
    let collections: [Collection]
    let fields: [Field]
    let groups: [(fields: [Int], dimensions: [Int])]
    let problems: [Problem]
    let multilingualFields: [Int]
    let scopeCollections: [Int]
    /// Per field, flat (no struct copies in scoring loops): collection, existence, scored index,
    /// whether its collection is `union`, and its dimensions as `dimensionList[dimensionStart[f]..<dimensionStart[f+1]]`.
    let fieldCollection: [Int]
    let fieldExistence: [MeasurementSchema.Existence]
    let fieldScored: [Int]
    let fieldUnion: [Bool]
    let dimensionStart: [Int]
    let dimensionList: [Int]

    init(_ schema: MeasurementSchema, file: String) throws(SchemaError) {
        try schema.validate(file: file)
        func query(_ path: String, _ at: String) throws(SchemaError) -> JSONPathQuery {
            do { return try JSONPathQuery(path, options: .jayway) } catch {
                throw .invalidPath(file: file, at: at, path: path, position: error.position, reason: error.reason.description)
            }
        }
        var rootQueries: [JSONPathQuery] = []
        var collections: [Collection] = []
        var fields: [Field] = []
        var labels: [String: Int] = [:]
        var scoredLabels: [String] = []
        for (c, collection) in schema.collections.enumerated() {
            rootQueries.append(try query(collection.path, "collection \"\(collection.label)\""))
            var queries: [JSONPathQuery] = []
            let first = fields.count
            for field in collection.fields {
                if !field.scored && !field.dimensions.isEmpty {
                    throw .invalidValue(file: file, at: "field \"\(field.label)\"", key: "dimensions",
                                        value: field.dimensions.joined(separator: ","), expected: "none for a field with \"scored\": false")
                }
                queries.append(try query(field.path, "field \"\(field.label)\""))
                labels[field.label] = fields.count
                fields.append(Field(collection: c, query: queries.count - 1, existence: field.existence,
                                    scored: field.scored ? scoredLabels.count : -1,
                                    dimensions: field.dimensions.compactMap { d in schema.dimensions.firstIndex(of: d).map { $0 + 1 } }))
                if field.scored { scoredLabels.append(field.label) }
            }
            collections.append(Collection(set: JSONPathQuerySet(queries), fields: first..<fields.count,
                                          union: collection.instances == .union,
                                          names: MemberNames(paths: collection.fields.map(\.path))))
        }
        self.fieldCollection = fields.map(\.collection)
        self.fieldExistence = fields.map(\.existence)
        self.fieldScored = fields.map(\.scored)
        self.fieldUnion = fields.map { collections[$0.collection].union }
        var starts = [0], list: [Int] = []
        for f in fields { list += f.dimensions; starts.append(list.count) }
        self.dimensionStart = starts
        self.dimensionList = list
        self.roots = JSONPathQuerySet(rootQueries)
        self.collections = collections
        self.fields = fields
        // validate() guarantees every label and dimension below is known.
        self.groups = schema.groups.map { g in
            (g.fields.compactMap { labels[$0] }, g.dimensions.compactMap { d in schema.dimensions.firstIndex(of: d).map { $0 + 1 } })
        }
        self.problems = schema.problems.map {
            Problem(kind: $0.kind, fields: $0.fields.compactMap { labels[$0] }, maxLength: $0.maxLength ?? 0)
        }
        let ml = schema.multilinguality
        self.multilingualFields = (ml?.fields ?? []).compactMap { labels[$0] }
        self.scopeCollections = (ml?.scopes ?? []).compactMap { s in schema.collections.firstIndex { $0.label == s.collection } }
        self.layout = MeasurementLayout(schemaName: schema.name, dimensions: schema.dimensions, fields: scoredLabels,
                                        problems: schema.problems.map(\.name), multilingualFields: ml?.fields ?? [],
                                        scopes: (ml?.scopes ?? []).map(\.name))
    }
}
