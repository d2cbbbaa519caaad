import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport
import DataProvider
import RecordStore
import Server

/// The HTTP binding of the data provider, over a real socket on 127.0.0.1.
@Suite struct ServerTests {
    /// A store of eight records in the set `Maps & Atlases` and two elsewhere.
    static func store(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let xml = #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="r"/></rdf:RDF>"#
        try store.storeRecords((1...10).map { n in
            RecordInput(identifier: "oai:s:\(n)", datestamp: "2024-01-01T10:00:00Z", deleted: false,
                        sets: [n <= 8 ? "Maps & Atlases" : "other"], metadataXML: xml, json: "{}")
        }, metadataPrefix: "edm")
        return store
    }

    /// A port that was free a moment ago.
    static func freePort() throws -> Int {
        let probe = try LoopbackHTTPServer { _ in .drop }
        let port = probe.port
        probe.stop()
        return port
    }

    @Test func servesGetAndPostOverHTTP() async throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let port = try Self.freePort()
        let provider = OAIDataProvider(store: store, configuration: ProviderConfiguration(baseURL: "http://127.0.0.1:\(port)/oai"))
        let server = OAIServer(provider: provider, host: "127.0.0.1", port: port)
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
        #expect(String(decoding: data, as: UTF8.self).components(separatedBy: "<identifier>").count - 1 == 8)
        let (_, missing) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/elsewhere")!)
        #expect((missing as? HTTPURLResponse)?.statusCode == 404)
    }
}
