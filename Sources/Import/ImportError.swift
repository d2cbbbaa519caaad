/// Why an input, a file in it or a line of it could not be imported. Every case but `store` is reported and
/// skipped (the rest of the input is still stored); `store` ends the import.
public enum ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input does not exist or cannot be read.
    case unreadable(path: String, reason: String)
    /// The input ends in `.zip` but is not a ZIP archive ZIPFoundation can read.
    case notAZip(path: String, reason: String)
    /// A ZIP entry could not be extracted (corrupt data, a CRC mismatch).
    case badEntry(location: String, reason: String)
    /// A file that is not well-formed XML, with libxml2's message.
    case badXML(location: String, reason: String)
    /// An XML file that holds no record Thresher can identify (no OAI-PMH envelope, no `edm:ProvidedCHO rdf:about`).
    case notARecord(location: String, reason: String)
    /// An OAI-PMH response file that is an error response (other than noRecordsMatch).
    case oaiError(location: String, code: String, message: String)
    /// A JSON Lines line that is not an importable record (`file:line`).
    case badLine(location: String, reason: String)
    /// A record read but not stored as it is (its metadata could not be converted: stored with its XML only; or no
    /// metadata at all: left out), as the harvest reports it.
    case record(location: String, message: String)
    /// Writing to the store failed: the import stops.
    case store(String)

    /// True when a whole file or line was skipped (counted, and the import ends with exit status 1).
    public var skipsInput: Bool {
        switch self {
        case .record, .store: return false
        default: return true
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read it: \(reason); skipped"
        case .notAZip(let path, let reason): return "\(path): not a readable ZIP archive: \(reason); skipped"
        case .badEntry(let location, let reason): return "\(location): cannot extract it: \(reason); skipped"
        case .badXML(let location, let reason): return "\(location): not well-formed XML: \(reason); skipped"
        case .notARecord(let location, let reason): return "\(location): \(reason); skipped"
        case .oaiError(let location, let code, let message):
            return "\(location): an OAI-PMH error response (\(code)\(message.isEmpty ? "" : ": \(message)")); skipped"
        case .badLine(let location, let reason): return "\(location): \(reason); line skipped"
        case .record(let location, let message): return "\(location): \(message)"
        case .store(let message): return message
        }
    }
}
