/// What the provider answers to one request: an HTTP status, a content type and the body bytes.
///
/// OAI-PMH errors are ordinary responses (status 200, an `<error>` element); only a failing store gives 500.
public struct ProviderResponse: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// The Content-Type header value.
    public var contentType: String
    /// The body.
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// The body as text (for logs and tests).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The Content-Type of OAI-PMH responses.
    public static let xmlContentType = "text/xml; charset=utf-8"
}
