/// How the data provider describes itself and pages its lists.
public struct ProviderConfiguration: Sendable, Equatable {
    /// The base URL harvesters send requests to (echoed in every response's `<request>` and in Identify).
    public var baseURL: String
    /// The `repositoryName` of Identify.
    public var repositoryName: String
    /// The `adminEmail` of Identify (must look like an e-mail address: `x@y.z`).
    public var adminEmail: String
    /// Records (or headers) per ListRecords / ListIdentifiers page.
    public var pageSize: Int
    /// Sets per ListSets page.
    public var setPageSize: Int
    /// Schema and namespace of the metadata formats the provider knows by prefix (ListMetadataFormats).
    /// A stored prefix not listed here is described by its records' root namespace.
    public var metadataFormats: [String: MetadataFormat]

    public init(baseURL: String, repositoryName: String = "Thresher", adminEmail: String = "thresher@example.org",
                pageSize: Int = 100, setPageSize: Int = 500,
                metadataFormats: [String: MetadataFormat] = MetadataFormat.known) {
        self.baseURL = baseURL
        self.repositoryName = repositoryName
        self.adminEmail = adminEmail
        self.pageSize = max(1, pageSize)
        self.setPageSize = max(1, setPageSize)
        self.metadataFormats = metadataFormats
    }
}

/// A metadata format as ListMetadataFormats describes it.
public struct MetadataFormat: Sendable, Equatable {
    /// The XML schema of the format.
    public var schema: String
    /// The namespace of the format's root element.
    public var namespace: String

    public init(schema: String, namespace: String) {
        self.schema = schema
        self.namespace = namespace
    }

    /// The formats the provider describes without looking at records: `oai_dc` and Europeana's `edm`.
    public static let known: [String: MetadataFormat] = [
        "oai_dc": MetadataFormat(schema: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                                 namespace: "http://www.openarchives.org/OAI/2.0/oai_dc/"),
        "edm": MetadataFormat(schema: "http://www.europeana.eu/schemas/edm/EDM.xsd",
                              namespace: "http://www.europeana.eu/schemas/edm/"),
    ]
}
