import Foundation

/// An OAI-PMH client for one repository: one HTTP exchange and one streaming parse per call.
public final class OAIClient: Sendable {
    /// The repository's base URL.
    public let baseURL: String
    private let transport: HTTPTransport

    public init(baseURL: String, configuration: TransportConfiguration = TransportConfiguration()) {
        self.baseURL = baseURL
        transport = HTTPTransport(configuration: configuration)
    }

    /// Sends `request` once and parses the answer. `noRecordsMatch` gives an empty response; every other
    /// OAI-PMH error, HTTP error status and unreadable body is thrown.
    public func perform(_ request: OAIRequest, converter: PayloadConverter? = nil) throws(OAIClientError) -> OAIResponse {
        let url = request.url(base: baseURL)
        let http: HTTPResponse
        do {
            http = try transport.send(request, to: baseURL)
        } catch {
            throw .transport(error)
        }
        let parsed: (response: OAIResponse, errors: [OAIError])
        do {
            if let relabelled = PageEncoding.declaringCharset(of: http.headers["content-type"], in: http.body),
               let result = try? OAIResponseParser.parse(relabelled, name: url, converter: converter) {
                parsed = result
            } else {
                parsed = try OAIResponseParser.parse(http.body, name: url, converter: converter)
            }
        } catch {
            // A non-200 status without an OAI-PMH body is an HTTP failure; with one, the OAI error counts.
            if http.status != 200 {
                throw .httpStatus(code: http.status, retryAfter: Self.retryAfter(http.headers["retry-after"]), url: url)
            }
            switch error {
            case .notOAIPMH(let detail):
                let body = PageEncoding.utf8(fromUTF16: http.body) ?? http.body
                throw .notOAIPMH(url: url, answer: ForeignAnswer(status: http.status, contentType: http.headers["content-type"],
                                                                 body: body, detail: detail))
            case .malformed(let detail): throw .malformed(url: url, detail: detail)
            }
        }
        // 503 and 429 say "come back later" whatever the body says (some servers add an OAI-PMH error to them):
        // retried under Retry-After. Other statuses with an OAI-PMH error body report that error.
        if http.status == 503 || http.status == 429 {
            throw .httpStatus(code: http.status, retryAfter: Self.retryAfter(http.headers["retry-after"]), url: url)
        }
        if let first = parsed.errors.first {
            if case .noRecordsMatch = first, parsed.errors.count == 1 { return OAIResponse(responseDate: parsed.response.responseDate) }
            throw .oai(first, url: url)
        }
        if http.status != 200 {
            throw .httpStatus(code: http.status, retryAfter: Self.retryAfter(http.headers["retry-after"]), url: url)
        }
        return parsed.response
    }

    /// Identify.
    public func identify() throws(OAIClientError) -> OAIIdentify {
        let response = try perform(.identify)
        guard let identify = response.identify else {
            throw .notOAIPMH(url: OAIRequest.identify.url(base: baseURL), answer: ForeignAnswer(
                status: 200, contentType: nil, kind: .xml, detail: "an OAI-PMH response without an Identify element", firstBytes: ""))
        }
        return identify
    }

    /// GetRecord: the record, or nil when the repository says idDoesNotExist.
    public func getRecord(identifier: String, metadataPrefix: String) throws(OAIClientError) -> OAIRecord? {
        do {
            return try perform(.getRecord(identifier: identifier, metadataPrefix: metadataPrefix)).records.first
        } catch where error.isIdDoesNotExist {
            return nil
        }
    }

    /// The longest Retry-After read, in seconds (a year): longer ones are read as this.
    public static let maximumRetryAfter: Double = 365 * 86_400

    /// Seconds from a Retry-After value (delta-seconds, i.e. digits, or an HTTP-date), nil when absent or unreadable;
    /// at most `maximumRetryAfter` (callers cap it further).
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        // Digits only (RFC 9110 delay-seconds; a fraction is tolerated): not "1e30", "inf", "0x10" or "-5".
        let parts = value.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        if parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }), let seconds = Double(value) {
            return min(seconds, maximumRetryAfter)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return min(max(0, date.timeIntervalSince(now)), maximumRetryAfter) }
        }
        return nil
    }
}
