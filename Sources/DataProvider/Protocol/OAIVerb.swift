/// The six OAI-PMH 2.0 verbs.
enum OAIVerb: String, Sendable, CaseIterable {
    case identify = "Identify"
    case listMetadataFormats = "ListMetadataFormats"
    case listSets = "ListSets"
    case getRecord = "GetRecord"
    case listIdentifiers = "ListIdentifiers"
    case listRecords = "ListRecords"

    /// The arguments the verb accepts besides `verb` (OAI-PMH 2.0 §4).
    var allowedArguments: Set<String> {
        switch self {
        case .identify: return []
        case .listMetadataFormats: return ["identifier"]
        case .listSets: return ["resumptionToken"]
        case .getRecord: return ["identifier", "metadataPrefix"]
        case .listIdentifiers, .listRecords: return ["metadataPrefix", "from", "until", "set", "resumptionToken"]
        }
    }
}
