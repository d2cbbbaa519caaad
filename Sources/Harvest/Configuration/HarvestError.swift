import OAIPMH

/// Why a harvest could not run at all (a set failing is reported in the summary instead).
public enum HarvestError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The endpoint never answered as an OAI-PMH repository in this run.
    case endpointUnavailable(endpoint: String, reason: String)
    /// The run's first request (`request`: Identify, or gap filling's first) was answered whole and readably, but
    /// not in OAI-PMH: the endpoint is likely not an OAI-PMH base URL.
    case notOAIPMH(endpoint: String, request: String, answer: ForeignAnswer)
    /// A date argument is not an OAI-PMH datestamp.
    case badDate(argument: String, value: String)
    /// A file given on the command line cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The record store failed.
    case store(String)
    /// The repository refused a list the run needs (`list`: ListSets, or gapfill's ListIdentifiers of a set).
    case listFailed(endpoint: String, list: String, reason: String)

    public var description: String {
        switch self {
        case .endpointUnavailable(let endpoint, let reason):
            return "\(endpoint): not reachable as an OAI-PMH repository: \(reason)"
        case .notOAIPMH(let endpoint, let request, let answer):
            return "\(endpoint): not an OAI-PMH repository: \(request) answered \(answer)"
                + (answer.likelyMistake.map { "; \($0)" } ?? "")
        case .badDate(let argument, let value):
            return "--\(argument) \(value): not an OAI-PMH datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"
        case .unreadableFile(let path, let reason):
            return "\(path): \(reason)"
        case .store(let message):
            return message
        case .listFailed(let endpoint, let list, let reason):
            return "\(endpoint): \(list) failed: \(reason)"
        }
    }
}
