import OAIPMH

extension OAIVerb {
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

extension OAIError {
    /// True when the `<request>` element must carry the base URL only (badVerb, badArgument: §3.2).
    var suppressesRequestAttributes: Bool {
        switch self {
        case .badVerb, .badArgument: return true
        default: return false
        }
    }
}
