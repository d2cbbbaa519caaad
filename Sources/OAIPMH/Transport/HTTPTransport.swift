import CCurl
import Foundation

/// How requests are sent.
public struct TransportConfiguration: Sendable, Equatable {
    /// The User-Agent header.
    public var userAgent: String
    /// Seconds to establish a connection.
    public var connectTimeout: Double
    /// Seconds without receiving any data before a transfer is abandoned.
    public var readTimeout: Double
    /// Seconds a whole request may take, however steadily its bytes arrive (a server that trickles a
    /// page byte by byte is abandoned, and the request retried, after this long).
    public var requestTimeout: Double
    /// Send arguments in a POST body instead of the URL.
    public var usePOST: Bool

    public init(userAgent: String = "Thresher/0.1 (OAI-PMH harvester; +https://github.com/thresher)",
                connectTimeout: Double = 30, readTimeout: Double = 120, requestTimeout: Double = 600, usePOST: Bool = false) {
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
        self.usePOST = usePOST
    }
}

/// An HTTP response, its body decompressed.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code of the final response (after redirects).
    public var status: Int
    /// Header fields, names lower-cased (the last value wins).
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// HTTP over libcurl: gzip/deflate, redirects, timeouts, keep-alive. One transport serves one thread at a time.
public final class HTTPTransport: @unchecked Sendable {
    // @unchecked: the curl handle is only used under `lock`.
    private let handle: UnsafeMutableRawPointer?
    private let lock = NSLock()
    /// The configuration in use.
    public let configuration: TransportConfiguration

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    public init(configuration: TransportConfiguration = TransportConfiguration()) {
        _ = Self.globalInit
        self.configuration = configuration
        handle = curl_easy_init()
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    /// Sends `request` to `baseURL` (GET, or POST when configured) and waits for the whole response.
    public func send(_ request: OAIRequest, to baseURL: String) throws(TransportError) -> HTTPResponse {
        if configuration.usePOST {
            return try perform(url: baseURL, postBody: request.queryString)
        }
        return try perform(url: request.url(base: baseURL), postBody: nil)
    }

    /// Seconds as whole milliseconds for libcurl, within 1 ms ... 30 days (a NaN or an absurd value cannot trap).
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return 30 * 86_400_000 }
        return Int(min(max(seconds, 0.001), 30 * 86_400) * 1000)
    }

    /// Fetches `url` (GET, or POST with `postBody` as a form body).
    public func perform(url: String, postBody: String?) throws(TransportError) -> HTTPResponse {
        guard let handle else { throw .other(url: url, code: -1, detail: "libcurl could not start") }
        lock.lock()
        defer { lock.unlock() }
        let sink = ResponseSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        curl_easy_reset(handle)
        thresher_curl_setopt_str(handle, CURLOPT_URL, url)
        thresher_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        thresher_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        thresher_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 5)
        // A POST stays a POST, with its arguments, across 301, 302 and 303 redirects (CURL_REDIR_POST_ALL):
        // otherwise libcurl turns it into a GET without arguments, and the repository answers badVerb.
        thresher_curl_setopt_long(handle, CURLOPT_POSTREDIR, 7)
        // OAI-PMH pages run to megabytes: a 256 KiB receive buffer reads them in a few calls, not hundreds.
        thresher_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, 256 * 1024)
        thresher_curl_setopt_str(handle, CURLOPT_ACCEPT_ENCODING, "")
        thresher_curl_setopt_str(handle, CURLOPT_USERAGENT, configuration.userAgent)
        thresher_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        thresher_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
        thresher_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, (Self.milliseconds(configuration.readTimeout) + 999) / 1000))
        thresher_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, Self.milliseconds(configuration.requestTimeout)))
        thresher_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        thresher_curl_setopt_datacb(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            let total = size * count
            data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
                sink.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: total))
            }
            return total
        }
        thresher_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
        thresher_curl_setopt_datacb(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            let total = size * count
            let line = data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
                String(decoding: UnsafeBufferPointer(start: bytes, count: total), as: UTF8.self)
            }
            sink.header(line)
            return total
        }
        if let postBody {
            thresher_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, postBody.utf8.count)
            thresher_curl_setopt_str(handle, CURLOPT_COPYPOSTFIELDS, postBody)
        } else {
            thresher_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        }
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let detail = String(cString: curl_easy_strerror(code))
            throw Self.error(code, url: url, detail: detail)
        }
        var status = 0
        thresher_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private static func error(_ code: CURLcode, url: String, detail: String) -> TransportError {
        switch code {
        case CURLE_COULDNT_CONNECT: return .connectionRefused(url: url)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .hostNotFound(url: url)
        case CURLE_OPERATION_TIMEDOUT: return .timeout(url: url)
        case CURLE_PARTIAL_FILE, CURLE_BAD_CONTENT_ENCODING: return .truncated(url: url, detail: detail)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionDropped(url: url, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE:
            return .tls(url: url, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidURL(url: url)
        default: return .other(url: url, code: Int(code.rawValue), detail: detail)
        }
    }
}

/// Collects one response's headers and body from libcurl's callbacks.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]

    func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after a redirect or 100 Continue)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
        // A page's size known ahead: one allocation instead of a doubling series (capped: a lying header costs nothing).
        if name == "content-length", let length = Int(value), length > body.capacity {
            body.reserveCapacity(min(length, 64 << 20))
        }
    }
}
