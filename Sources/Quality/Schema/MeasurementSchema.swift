/// A measurement schema (docs/SCHEMAS.md): a record format's fields, their JSONPaths,
/// completeness dimensions, field groups, problem catalogue entries and multilinguality fields.
public struct MeasurementSchema: Sendable, Equatable {
    /// How presence of a field in one instance is counted.
    public enum Existence: String, Sendable, Equatable, CaseIterable {
        /// The path selects anything at all (an empty array included).
        case key
        /// At least one value (blank strings count).
        case value
        /// At least one value that is not blank.
        case nonblank
    }

    /// How a collection's instances give completeness slots.
    public enum Instances: String, Sendable, Equatable, CaseIterable {
        /// One slot per field, filled when any instance has the field.
        case union
        /// One slot per field and instance (one slot per field when there is no instance).
        case each
    }

    /// One measured field, relative to the instances of its collection.
    public struct Field: Sendable, Equatable {
        /// Unique label, e.g. `Proxy/dc:title`.
        public var label: String
        /// JSONPath relative to one instance (`$` is the instance).
        public var path: String
        /// The dimensions the field counts in.
        public var dimensions: [String]
        /// The existence rule in force (the field's own, else its collection's, else the schema's).
        public var existence: Existence
        /// False for fields evaluated only for problems or multilinguality.
        public var scored: Bool

        public init(label: String, path: String, dimensions: [String] = [], existence: Existence = .nonblank, scored: Bool = true) {
            self.label = label; self.path = path; self.dimensions = dimensions
            self.existence = existence; self.scored = scored
        }
    }

    /// A part of the record (e.g. the provider proxies) whose instances hold fields.
    public struct Collection: Sendable, Equatable {
        /// Unique collection label, e.g. `Proxy`.
        public var label: String
        /// Absolute JSONPath selecting the instances.
        public var path: String
        /// The instance rule in force (the collection's own, else the schema's).
        public var instances: Instances
        /// The collection's fields.
        public var fields: [Field]

        public init(label: String, path: String, instances: Instances = .each, fields: [Field]) {
            self.label = label; self.path = path; self.instances = instances; self.fields = fields
        }
    }

    /// Fields any of which fills one slot in each of the group's dimensions.
    public struct Group: Sendable, Equatable {
        /// The group's label.
        public var label: String
        /// Labels of the fields that satisfy it.
        public var fields: [String]
        /// The dimensions it adds one slot to.
        public var dimensions: [String]

        public init(label: String, fields: [String], dimensions: [String]) {
            self.label = label; self.fields = fields; self.dimensions = dimensions
        }
    }

    /// One problem catalogue entry.
    public struct Problem: Sendable, Equatable {
        /// The kinds of problem the engine measures (docs/SCHEMAS.md, docs/MEASUREMENTS.md).
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case longValue, sameValue, emptyString, duplicatedString, ambiguousLabel
        }
        /// The problem's name, e.g. `LongSubject`.
        public var name: String
        /// What is measured.
        public var kind: Kind
        /// Labels of the fields it looks at.
        public var fields: [String]
        /// For `longValue`: the longest allowed length in UTF-16 code units.
        public var maxLength: Int?

        public init(name: String, kind: Kind, fields: [String], maxLength: Int? = nil) {
            self.name = name; self.kind = kind; self.fields = fields; self.maxLength = maxLength
        }
    }

    /// Which fields' language tags are reported, and over which scopes.
    public struct Multilinguality: Sendable, Equatable {
        /// A named collection over whose instances tagged literals are counted.
        public struct Scope: Sendable, Equatable {
            /// The scope's name, e.g. `ProviderProxy`.
            public var name: String
            /// The label of its collection.
            public var collection: String

            public init(name: String, collection: String) { self.name = name; self.collection = collection }
        }
        /// Labels of the fields whose language-tag distribution is reported.
        public var fields: [String]
        /// The scopes.
        public var scopes: [Scope]

        public init(fields: [String], scopes: [Scope]) { self.fields = fields; self.scopes = scopes }
    }

    /// The schema's name.
    public var name: String
    /// One line for people.
    public var title: String?
    /// The dimension columns after TOTAL, in output order.
    public var dimensions: [String]
    /// The record's parts and their fields.
    public var collections: [Collection]
    /// Field groups.
    public var groups: [Group]
    /// Problem catalogue entries.
    public var problems: [Problem]
    /// Multilinguality fields and scopes (nil: none measured).
    public var multilinguality: Multilinguality?

    /// A schema from its parts; not validated (use `validated(file:)` or the decoding initializer).
    public init(name: String, title: String? = nil, dimensions: [String], collections: [Collection],
                groups: [Group] = [], problems: [Problem] = [], multilinguality: Multilinguality? = nil) {
        self.name = name; self.title = title; self.dimensions = dimensions; self.collections = collections
        self.groups = groups; self.problems = problems; self.multilinguality = multilinguality
    }

    /// Every field, collection after collection.
    public var fields: [Field] { collections.flatMap(\.fields) }

    /// The names of the built-in schemas, default first.
    public static let builtinNames = ["edm", "edm-2016", "edm-2015", "oai_dc", "ncd-collection"]

    /// A built-in schema by name (one of `builtinNames`).
    public static func builtin(named name: String) throws(SchemaError) -> MeasurementSchema {
        try SchemaSource.builtin(named: name).schema
    }
}
