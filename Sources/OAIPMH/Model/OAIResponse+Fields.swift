/// Filling the response's parts from their child elements (by local name, text trimmed), shared by both page readers.
extension OAIIdentify {
    /// Sets the field an Identify child element names; unknown elements (descriptions) are ignored.
    mutating func set(field local: String, to value: String) {
        switch local {
        case "repositoryName": repositoryName = value
        case "baseURL": baseURL = value
        case "protocolVersion": protocolVersion = value
        case "adminEmail": adminEmails.append(value)
        case "earliestDatestamp": earliestDatestamp = value
        case "deletedRecord": deletedRecord = value
        case "granularity": granularity = Granularity(rawValue: value)
        case "compression": compression.append(value)
        default: break
        }
    }
}

extension OAIHeader {
    /// False when the identifier is empty or only white space (of any kind): such a header names no record.
    public var hasIdentifier: Bool { !identifier.allSatisfy(\.isWhitespace) }

    /// Sets the field a header child element names (identifier, datestamp, setSpec); an empty setSpec, or one the
    /// header already gave, adds nothing.
    mutating func set(field local: String, to value: String) {
        switch local {
        case "identifier": identifier = value
        case "datestamp": datestamp = value
        case "setSpec": if !value.isEmpty, !setSpecs.containsSameBytes(as: value) { setSpecs.append(value) }
        default: break
        }
    }
}

extension OAISet {
    /// Sets the field a set child element names (setSpec, setName).
    mutating func set(field local: String, to value: String) {
        switch local {
        case "setSpec": spec = value
        case "setName": name = value
        default: break
        }
    }
}

extension OAIMetadataFormat {
    /// Sets the field a metadataFormat child element names.
    mutating func set(field local: String, to value: String) {
        switch local {
        case "metadataPrefix": prefix = value
        case "schema": schema = value
        case "metadataNamespace": namespace = value
        default: break
        }
    }
}
