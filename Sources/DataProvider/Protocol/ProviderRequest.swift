import ThresherCore
import OAIPMH
import RecordStore

/// A request whose arguments passed the protocol's syntax checks (OAI-PMH 2.0 §3.1, §4).
struct ProviderRequest {
    /// What a list request asks for, fresh or resumed.
    enum ListStart {
        case fresh(metadataPrefix: String, set: String?, from: UTCDatestamp.Argument?, until: UTCDatestamp.Argument?)
        case resumed(token: String)
    }

    enum Kind {
        case identify
        case listMetadataFormats(identifier: String?)
        case listSets(token: String?)
        case getRecord(identifier: String, metadataPrefix: String)
        case listIdentifiers(ListStart)
        case listRecords(ListStart)
    }

    var verb: OAIVerb
    var kind: Kind
    /// The arguments to echo as `<request>` attributes, in the schema's order.
    var echo: [(String, String)]

    private static let echoOrder = ["verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken"]

    /// Checks `arguments` (decoded, in order, possibly repeated).
    static func parse(_ arguments: [(String, String)]) -> Result<ProviderRequest, OAIError> {
        let verbValues = arguments.filter { $0.0 == "verb" }.map(\.1)
        guard let verbText = verbValues.first else { return .failure(OAIError.badVerb("The verb argument is missing.")) }
        guard verbValues.count == 1 else { return .failure(OAIError.badVerb("The verb argument is repeated.")) }
        guard let verb = OAIVerb(rawValue: verbText) else {
            return .failure(OAIError.badVerb("'\(verbText)' is not an OAI-PMH verb."))
        }
        var values: [String: String] = [:]
        for (name, value) in arguments where name != "verb" {
            guard verb.allowedArguments.contains(name) else {
                return .failure(OAIError.badArgument("'\(name)' is not an argument of \(verb.rawValue)."))
            }
            guard values[name] == nil else {
                return .failure(OAIError.badArgument("The argument '\(name)' is repeated."))
            }
            values[name] = value
        }
        if values["resumptionToken"] != nil, values.count > 1 {
            let others = values.keys.filter { $0 != "resumptionToken" }.sorted().joined(separator: ", ")
            return .failure(OAIError.badArgument("resumptionToken is an exclusive argument; remove \(others)."))
        }
        for name in ["identifier", "metadataPrefix", "set", "from", "until"] where values[name] == "" {
            return .failure(OAIError.badArgument("The argument '\(name)' is empty."))
        }
        if let prefix = values["metadataPrefix"], !SetSpec.isValidSegment(prefix) {
            return .failure(OAIError.badArgument("'\(prefix)' is not a valid metadataPrefix."))
        }
        if let set = values["set"], !SetSpec.isValid(set) {
            return .failure(OAIError.badArgument("'\(set)' is not a valid setSpec."))
        }

        let echo = echoOrder.compactMap { name -> (String, String)? in
            name == "verb" ? ("verb", verb.rawValue) : values[name].map { (name, $0) }
        }
        func request(_ kind: Kind) -> Result<ProviderRequest, OAIError> { .success(ProviderRequest(verb: verb, kind: kind, echo: echo)) }

        switch verb {
        case .identify:
            return request(.identify)
        case .listMetadataFormats:
            return request(.listMetadataFormats(identifier: values["identifier"]))
        case .listSets:
            return request(.listSets(token: values["resumptionToken"]))
        case .getRecord:
            guard let identifier = values["identifier"] else { return .failure(OAIError.badArgument("GetRecord needs an identifier.")) }
            guard let prefix = values["metadataPrefix"] else { return .failure(OAIError.badArgument("GetRecord needs a metadataPrefix.")) }
            return request(.getRecord(identifier: identifier, metadataPrefix: prefix))
        case .listIdentifiers, .listRecords:
            let start: ListStart
            if let token = values["resumptionToken"] {
                start = .resumed(token: token)
            } else {
                guard let prefix = values["metadataPrefix"] else {
                    return .failure(OAIError.badArgument("\(verb.rawValue) needs a metadataPrefix (or a resumptionToken)."))
                }
                switch dateRange(from: values["from"], until: values["until"]) {
                case .failure(let error): return .failure(error)
                case .success(let (from, until)): start = .fresh(metadataPrefix: prefix, set: values["set"], from: from, until: until)
                }
            }
            return request(verb == .listRecords ? .listRecords(start) : .listIdentifiers(start))
        }
    }

    private static func dateRange(from: String?, until: String?) -> Result<(UTCDatestamp.Argument?, UTCDatestamp.Argument?), OAIError> {
        var parsedFrom: UTCDatestamp.Argument?
        var parsedUntil: UTCDatestamp.Argument?
        if let from {
            guard let parsed = UTCDatestamp.parseArgument(from) else {
                return .failure(OAIError.badArgument("from '\(from)' is not a date in YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ."))
            }
            parsedFrom = parsed
        }
        if let until {
            guard let parsed = UTCDatestamp.parseArgument(until) else {
                return .failure(OAIError.badArgument("until '\(until)' is not a date in YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ."))
            }
            parsedUntil = parsed
        }
        if let parsedFrom, let parsedUntil {
            guard parsedFrom.granularity == parsedUntil.granularity else {
                return .failure(OAIError.badArgument("from and until have different granularities."))
            }
            guard parsedFrom.start <= parsedUntil.start else {
                return .failure(OAIError.badArgument("from (\(parsedFrom.text)) is later than until (\(parsedUntil.text))."))
            }
        }
        return .success((parsedFrom, parsedUntil))
    }
}
