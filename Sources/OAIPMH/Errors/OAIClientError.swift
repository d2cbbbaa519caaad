/// Whether a failed request is worth sending again.
public enum Retryability: Sendable, Equatable {
    /// No: the same request will fail the same way.
    case never
    /// Yes, after a backoff.
    case retry
    /// Yes, after the server's Retry-After (seconds).
    case retryAfter(Double)
}

/// Why one OAI-PMH request failed.
public enum OAIClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP exchange failed (no complete response).
    case transport(TransportError)
    /// The server answered with an HTTP error status and no OAI-PMH body.
    case httpStatus(code: Int, retryAfter: Double?, url: String)
    /// The repository answered with an OAI-PMH error.
    case oai(OAIError, url: String)
    /// The answer arrived whole and readable but is not an OAI-PMH response (HTML, JSON, another XML
    /// vocabulary, an empty body). Retried like any fault within a listing (a proxy's error page); a run's first
    /// request gives up at once (the endpoint is likely no OAI-PMH base URL).
    case notOAIPMH(url: String, answer: ForeignAnswer)
    /// The body is XML that could not be read, even after repairs (often a truncated page).
    case malformed(url: String, detail: String)

    public var description: String {
        switch self {
        case .transport(let error): return error.description
        case .httpStatus(let code, let retryAfter, let url):
            return "HTTP \(code) from \(url)" + (retryAfter.map { " (Retry-After \(String(format: "%.0f", $0)) s)" } ?? "")
        case .oai(let error, let url): return "\(error) (\(url))"
        case .notOAIPMH(let url, let answer): return "\(url): not an OAI-PMH response: \(answer)"
        case .malformed(let url, let detail): return "\(url): unreadable XML: \(detail)"
        }
    }

    /// How the harvester should treat this failure: 503 and 429 honour Retry-After; other 5xx, timeouts,
    /// resets and truncated or unreadable bodies are retried; other 4xx and protocol errors are not.
    public var retryability: Retryability {
        switch self {
        case .transport(let error):
            return error.isRetryable ? .retry : .never
        case .httpStatus(let code, let retryAfter, _):
            if code == 503 || code == 429 { return retryAfter.map(Retryability.retryAfter) ?? .retry }
            if code >= 500 || code == 408 { return .retry }
            return .never
        case .oai:
            return .never
        case .notOAIPMH, .malformed:
            return .retry
        }
    }

    /// True when a retry could help.
    public var isRetryable: Bool { retryability != .never }

    /// True when an HTTP server answered (a status or an OAI-PMH body), as opposed to no answer at all.
    public var serverAnswered: Bool {
        switch self {
        case .httpStatus, .oai: return true
        case .transport, .notOAIPMH, .malformed: return false
        }
    }

    /// True when nothing answers at the endpoint's address at all (connection refused, unknown host).
    public var nothingListens: Bool {
        switch self {
        case .transport(.connectionRefused), .transport(.hostNotFound): return true
        default: return false
        }
    }

    /// What came back instead of OAI-PMH, when the answer was whole and readable but not OAI-PMH.
    public var foreignAnswer: ForeignAnswer? {
        if case .notOAIPMH(_, let answer) = self { return answer }
        return nil
    }

    /// The OAI-PMH error, when the repository answered with one.
    public var oaiError: OAIError? {
        if case .oai(let error, _) = self { return error }
        return nil
    }

    /// True for `badResumptionToken`.
    public var isBadResumptionToken: Bool {
        if case .badResumptionToken = oaiError { return true }
        return false
    }

    /// True for `idDoesNotExist`.
    public var isIdDoesNotExist: Bool {
        if case .idDoesNotExist = oaiError { return true }
        return false
    }
}
