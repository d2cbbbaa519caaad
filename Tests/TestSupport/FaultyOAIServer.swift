/// A `FaultyOAIRepository` served over real HTTP on 127.0.0.1 at `/oai`.
public final class FaultyOAIServer: Sendable {
    /// The repository behind the server.
    public let repository: FaultyOAIRepository
    private let server: LoopbackHTTPServer

    /// Starts serving `repository`.
    public init(repository: FaultyOAIRepository) throws {
        self.repository = repository
        server = try LoopbackHTTPServer { request in
            guard request.path == "/oai" else {
                return .respond(status: 404, headers: ["Content-Type": "text/plain"], body: Array("not found".utf8))
            }
            let delay = repository.delay(for: request.arguments)
            switch repository.answer(request.arguments) {
            case .response(let status, let headers, let body):
                let reply = LoopbackHTTPServer.Reply.respond(status: status, headers: headers, body: body)
                return delay > 0 ? .delay(seconds: delay, then: reply) : reply
            case .truncated(let status, let headers, let body, let sendBytes):
                return .truncated(status: status, headers: headers, body: body, sendBytes: sendBytes)
            case .dropConnection:
                return .drop
            }
        }
    }

    /// The base URL harvesters use.
    public var endpoint: String { server.baseURL + "/oai" }

    /// Stops the server.
    public func stop() { server.stop() }
}
