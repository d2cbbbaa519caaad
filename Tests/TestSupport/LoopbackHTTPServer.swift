import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 (an OS-assigned port) for tests: POSIX sockets, a thread per
/// connection, `Connection: close`. Its handler can answer normally or misbehave (truncate, drop, delay).
public final class LoopbackHTTPServer: Sendable {
    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// The query exactly as sent (still percent-encoded).
        public var rawQuery: String
        /// The query (or, for a form POST, the body) decoded into ordered pairs.
        public var arguments: [(String, String)]
        /// Header fields, names lower-cased.
        public var headers: [String: String]
        public var body: [UInt8]
    }

    /// How to answer.
    public indirect enum Reply: Sendable {
        /// A complete response.
        case respond(status: Int, headers: [String: String], body: [UInt8])
        /// The headers (with the full Content-Length) and only the first `sendBytes` of the body, then close.
        case truncated(status: Int, headers: [String: String], body: [UInt8], sendBytes: Int)
        /// Close the connection without answering.
        case drop
        /// Wait, then answer.
        case delay(seconds: Double, then: Reply)
        /// The headers, then the body one byte every `interval` seconds, until it is sent or the client leaves.
        case trickle(status: Int, headers: [String: String], body: [UInt8], interval: Double)
    }

    /// The port the server listens on.
    public let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let log = Mutex<[Request]>([])
    private let stopped = Mutex(false)

    /// Starts a server answering with `handler`.
    public init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ServerError.socket("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// The server's base URL, e.g. `http://127.0.0.1:40123`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    public var requests: [Request] { log.withLock { $0 } }

    /// Stops accepting connections.
    public func stop() {
        let already = stopped.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        if !already {
            // Only shut the socket down: the accept loop closes it when it ends, so its descriptor
            // cannot be reused by another server while the loop might still call accept on it.
            shutdown(listener, Int32(SHUT_RDWR))
        }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if stopped.withLock({ $0 }) { return }
                if errno == EINTR { continue }
                return
            }
            if stopped.withLock({ $0 }) {
                close(connection)
                return
            }
            let thread = Thread { [self] in self.serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else { return }
        log.withLock { $0.append(request) }
        send(handler(request), on: connection)
    }

    private func send(_ reply: Reply, on connection: Int32) {
        switch reply {
        case .drop:
            return
        case .delay(let seconds, let then):
            Thread.sleep(forTimeInterval: seconds)
            send(then, on: connection)
        case .respond(let status, let headers, let body):
            write(head(status: status, headers: headers, length: body.count) + body, to: connection)
        case .truncated(let status, let headers, let body, let sendBytes):
            write(head(status: status, headers: headers, length: body.count) + Array(body.prefix(sendBytes)), to: connection)
        case .trickle(let status, let headers, let body, let interval):
            guard write(head(status: status, headers: headers, length: body.count), to: connection) else { return }
            for byte in body {
                Thread.sleep(forTimeInterval: interval)
                guard write([byte], to: connection) else { return }
            }
        }
    }

    private func head(status: Int, headers: [String: String], length: Int) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(length)\r\nConnection: close\r\n\r\n"
        return Array(text.utf8)
    }

    @discardableResult
    private func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    private func readRequest(_ connection: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            data.append(contentsOf: buffer[0..<count])
            headerEnd = Self.find([13, 10, 13, 10], in: data)
            if data.count > 1 << 20 { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: data[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(end + 4)...])
        let length = Int(headers["content-length"] ?? "") ?? 0
        while body.count < length {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { break }
            body.append(contentsOf: buffer[0..<count])
        }
        let target = String(requestLine[1])
        let (path, rawQuery) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) }
            ?? (target, "")
        var arguments = Self.decodeForm(rawQuery)
        if requestLine[0] == "POST", headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true {
            arguments += Self.decodeForm(String(decoding: body, as: UTF8.self))
        }
        return Request(method: String(requestLine[0]), path: path, rawQuery: rawQuery, arguments: arguments,
                       headers: headers, body: body)
    }

    /// Decodes `a=1&b=x%20y` into pairs (`+` is a space, as in HTML forms).
    public static func decodeForm(_ text: String) -> [(String, String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(parts[0]))
            let value = parts.count > 1 ? percentDecode(String(parts[1])) : ""
            return (name, value)
        }
    }

    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 404: return "Not Found"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    /// Why a server could not start.
    public enum ServerError: Error, CustomStringConvertible {
        case socket(String)
        public var description: String {
            switch self {
            case .socket(let message): return message
            }
        }
    }
}
