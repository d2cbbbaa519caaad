import ThresherCore
import XMLSupport

/// An OAI-PMH record header.
public struct OAIHeader: Sendable, Equatable {
    /// The item's identifier.
    public var identifier: String
    /// The datestamp as sent.
    public var datestamp: String
    /// The sets the record belongs to.
    public var setSpecs: [String]
    /// True for `status="deleted"`.
    public var isDeleted: Bool

    public init(identifier: String, datestamp: String, setSpecs: [String] = [], isDeleted: Bool = false) {
        self.identifier = identifier
        self.datestamp = datestamp
        self.setSpecs = setSpecs
        self.isDeleted = isDeleted
    }
}

/// An OAI-PMH record: its header and, unless deleted, its metadata.
public struct OAIRecord: Sendable {
    /// The header.
    public var header: OAIHeader
    /// The single element inside `<metadata>`, as a document of its own with its namespaces declared
    /// (nil when the page was read with a `PayloadConverter`, which sees the payload in place instead).
    public var metadata: XMLDocument?
    /// The payload as standalone XML, UTF-8 (set when the page was read with a `PayloadConverter`).
    public var metadataBytes: [UInt8]?
    /// What the `PayloadConverter` made of the payload, or why it failed.
    public var converted: Result<PayloadText, PayloadConversionFailure>?

    public init(header: OAIHeader, metadata: XMLDocument?, metadataXML: String? = nil,
                converted: Result<PayloadText, PayloadConversionFailure>? = nil) {
        self.header = header
        self.metadata = metadata
        self.metadataBytes = metadataXML.map { Array($0.utf8) }
        self.converted = converted
    }

    /// The payload as standalone XML (set when the page was read with a `PayloadConverter`).
    public var metadataXML: String? {
        get { metadataBytes.map { String(decoding: $0, as: UTF8.self) } }
        set { metadataBytes = newValue.map { Array($0.utf8) } }
    }
}

/// Converts a record's payload (its element tree) while its page is read.
public typealias PayloadConverter = @Sendable (_ payload: XMLTree, _ header: OAIHeader) throws -> PayloadText

/// Why a `PayloadConverter` failed on a record.
public struct PayloadConversionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// A resumption token: the way to the next page of a list.
public struct OAIResumptionToken: Sendable, Equatable {
    /// The token, trimmed; empty when the list is complete.
    public var value: String
    /// The cursor attribute, if any.
    public var cursor: Int?
    /// The completeListSize attribute, if any.
    public var completeListSize: Int?
    /// The expirationDate attribute, if any.
    public var expirationDate: String?

    public init(value: String, cursor: Int? = nil, completeListSize: Int? = nil, expirationDate: String? = nil) {
        self.value = value
        self.cursor = cursor
        self.completeListSize = completeListSize
        self.expirationDate = expirationDate
    }

    /// True when the list goes on.
    public var hasMore: Bool { !value.isEmpty }

    /// A cursor (`minimum` 0) or completeListSize (`minimum` 1) attribute as the schema allows it, nil otherwise:
    /// a negative size, or a size of 0 on a list that goes on, is no size at all.
    static func number(_ attribute: String?, minimum: Int) -> Int? {
        guard let value = attribute.flatMap({ Int($0.trimmingOAIWhitespace()) }), value >= minimum else { return nil }
        return value
    }
}

/// A set from ListSets.
public struct OAISet: Sendable, Equatable {
    public var spec: String
    public var name: String

    public init(spec: String, name: String) {
        self.spec = spec
        self.name = name
    }
}

/// A metadata format from ListMetadataFormats.
public struct OAIMetadataFormat: Sendable, Equatable {
    public var prefix: String
    public var schema: String
    public var namespace: String

    public init(prefix: String, schema: String, namespace: String) {
        self.prefix = prefix
        self.schema = schema
        self.namespace = namespace
    }
}

/// What Identify says about a repository.
public struct OAIIdentify: Sendable, Equatable {
    /// Datestamp granularity.
    public typealias Granularity = DatestampGranularity

    public var repositoryName: String = ""
    public var baseURL: String = ""
    public var protocolVersion: String = ""
    public var adminEmails: [String] = []
    public var earliestDatestamp: String = ""
    public var deletedRecord: String = ""
    /// nil when the repository states something else than the two granularities.
    public var granularity: Granularity?
    public var compression: [String] = []

    public init() {}
}

/// Something repaired in a page so that none of its records were lost.
public struct OAIRepair: Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: String, Sendable, Equatable {
        case byteOrderMark = "byte-order mark removed"
        case leadingWhitespace = "white space before the XML declaration removed"
        case illegalCharacters = "characters illegal in XML 1.0 removed"
        case htmlEntities = "HTML entities made character references"
        case undefinedEntities = "undefined entities kept as text"
        case invalidUTF8 = "invalid UTF-8 replaced by U+FFFD"
    }

    public var kind: Kind
    /// How many times.
    public var count: Int

    public init(kind: Kind, count: Int) {
        self.kind = kind
        self.count = count
    }

    public var description: String { "\(kind.rawValue) (\(count))" }
}

/// One parsed OAI-PMH response (one page of a list).
public struct OAIResponse: Sendable {
    public var responseDate: String?
    /// ListRecords / GetRecord.
    public var records: [OAIRecord] = []
    /// ListIdentifiers.
    public var headers: [OAIHeader] = []
    /// ListSets.
    public var sets: [OAISet] = []
    /// ListMetadataFormats.
    public var metadataFormats: [OAIMetadataFormat] = []
    /// Identify.
    public var identify: OAIIdentify?
    /// The token element, when the page has one (an empty value means the list is complete).
    public var resumptionToken: OAIResumptionToken?
    /// What had to be repaired to read the page.
    public var repairs: [OAIRepair] = []

    public init(responseDate: String? = nil) {
        self.responseDate = responseDate
    }

    /// The token to request the next page with, or nil when the list is complete.
    public var nextToken: String? {
        guard let value = resumptionToken?.value, !value.isEmpty else { return nil }
        return value
    }
}
