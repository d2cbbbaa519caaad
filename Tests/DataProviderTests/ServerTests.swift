import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport
@testable import DataProvider
import RecordStore
import Server

@Suite struct ServerTests {
    /// A port that was free a moment ago.
    static func freePort() throws -> Int {
        let probe = try LoopbackHTTPServer { _ in .drop }
        let port = probe.port
        probe.stop()
        return port
    }

    @Test func servesGetAndPostOverHTTP() async throws {
        let dir = try TemporaryDirectory()
        let store = try providerStore(dir)
        let port = try Self.freePort()
        let server = OAIServer(provider: provider(store), host: "127.0.0.1", port: port)
        // Critical only: cancelling the server at the end is logged as an error otherwise.
        let task = Task { try await server.application(logLevel: .critical).run() }
        defer { task.cancel() }
        let base = "http://127.0.0.1:\(port)/oai"
        var body: String?
        for _ in 0..<100 {
            if let data = try? await URLSession.shared.data(from: URL(string: base + "?verb=Identify")!).0 {
                body = String(decoding: data, as: UTF8.self)
                break
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(body?.contains("<repositoryName>Thresher</repositoryName>") == true)
        var post = URLRequest(url: URL(string: base)!)
        post.httpMethod = "POST"
        post.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        post.httpBody = Data("verb=ListIdentifiers&metadataPrefix=edm&set=Maps~20~26~20Atlases".utf8)
        let (data, response) = try await URLSession.shared.data(for: post)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "text/xml; charset=utf-8")
        #expect(values("identifier", in: String(decoding: data, as: UTF8.self)).count == 8)
        let (_, missing) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/elsewhere")!)
        #expect((missing as? HTTPURLResponse)?.statusCode == 404)
    }
}
