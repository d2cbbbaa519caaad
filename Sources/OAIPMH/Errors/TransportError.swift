/// Why an HTTP exchange failed before a complete response arrived.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    case connectionRefused(url: String)
    case hostNotFound(url: String)
    case timeout(url: String)
    /// The connection closed or reset before or during the response.
    case connectionDropped(url: String, detail: String)
    /// The body ended before its announced length, or its compression was broken.
    case truncated(url: String, detail: String)
    case tls(url: String, detail: String)
    case invalidURL(url: String)
    case other(url: String, code: Int, detail: String)

    public var description: String {
        switch self {
        case .connectionRefused(let url): return "\(url): connection refused"
        case .hostNotFound(let url): return "\(url): host not found"
        case .timeout(let url): return "\(url): timed out"
        case .connectionDropped(let url, let detail): return "\(url): connection dropped (\(detail))"
        case .truncated(let url, let detail): return "\(url): response truncated (\(detail))"
        case .tls(let url, let detail): return "\(url): TLS failure (\(detail))"
        case .invalidURL(let url): return "\(url): not a valid URL"
        case .other(let url, let code, let detail): return "\(url): transfer failed (curl \(code): \(detail))"
        }
    }

    /// True when the same request could succeed later.
    public var isRetryable: Bool {
        switch self {
        case .tls, .invalidURL: return false
        default: return true
        }
    }
}
