import OAIPMH

/// Why a thumbnail URL has no hashes. Permanent failures are kept and never fetched again; transient ones are kept
/// with their reason and fetched again by a later run.
public enum ThumbnailFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The URL is not an http: or https: URL (a `file:` URL would read a local file).
    case notHTTP(url: String)
    /// The server answered with an error status (the last one, after retries for 5xx, 408 and 429).
    case httpStatus(Int)
    /// No complete answer (timeout, refused or dropped connection, …), after retries.
    case transport(TransportError)
    /// The body is over the size limit.
    case tooBig(bytes: Int, limit: Int)
    /// The body is no decodable image.
    case image(ImageError)

    public var description: String {
        switch self {
        case .notHTTP(let url): return "\(url): not an http(s) URL"
        case .httpStatus(let code): return "HTTP \(code)"
        case .transport(let error): return error.description
        case .tooBig(let bytes, let limit): return "\(bytes) bytes, over the limit of \(limit)"
        case .image(let error): return error.description
        }
    }

    /// True when fetching again later could succeed: server errors (5xx), 408 and 429, and transport failures other
    /// than TLS and malformed URLs. A 404 or 410, another 4xx, a body that is too big or no image is permanent.
    public var isTransient: Bool {
        switch self {
        case .httpStatus(let code): return code >= 500 || code == 408 || code == 429
        case .transport(let error): return error.isRetryable
        case .notHTTP, .tooBig, .image: return false
        }
    }
}
