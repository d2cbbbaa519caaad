import DataProvider
import Foundation
import Hummingbird
import Logging

/// Serves an `OAIDataProvider` over HTTP (Hummingbird): GET and POST at `/oai`.
public struct OAIServer: Sendable {
    /// The provider answering requests.
    public let provider: OAIDataProvider
    /// The address to listen on.
    public let host: String
    /// The port to listen on.
    public let port: Int
    /// Write one line per request to stderr.
    public let logRequests: Bool

    public init(provider: OAIDataProvider, host: String = "127.0.0.1", port: Int = 8080, logRequests: Bool = false) {
        self.provider = provider
        self.host = host
        self.port = port
        self.logRequests = logRequests
    }

    /// The Hummingbird application (run it with `runService()`, or inside a ServiceGroup); `logLevel` overrides
    /// the server log's level (info with request logging, warning without).
    public func application(logLevel: Logger.Level? = nil) -> some ApplicationProtocol {
        let router = Router()
        let provider = provider
        let log = logRequests
        router.get("/oai") { request, _ -> Response in
            let arguments = FormArguments.decode(request.uri.query ?? "")
            return Self.response(provider.respond(to: arguments), log: log, line: "GET \(request.uri)")
        }
        router.post("/oai") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let arguments = FormArguments.decode(request.uri.query ?? "") + FormArguments.decode(bytes: Array(buffer: body))
            return Self.response(provider.respond(to: arguments), log: log, line: "POST \(request.uri)")
        }
        var logger = Logger(label: "thresher.serve-oai")
        logger.logLevel = logLevel ?? (logRequests ? .info : .warning)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Thresher"),
                           logger: logger)
    }

    /// Runs until the process gets SIGINT or SIGTERM.
    public func run() async throws {
        try await application().runService()
    }

    private static func response(_ answer: ProviderResponse, log: Bool, line: String) -> Response {
        if log { FileHandle.standardError.write(Data("\(answer.status) \(line)\n".utf8)) }
        return Response(status: .init(code: answer.status), headers: [.contentType: answer.contentType],
                        body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
