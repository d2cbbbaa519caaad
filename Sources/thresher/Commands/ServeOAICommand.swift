import ArgumentParser
import DataProvider
import Foundation
import Server

/// `thresher serve-oai`: re-publish a store as an OAI-PMH 2.0 repository.
struct ServeOAICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-oai",
        abstract: "Serve a record store as an OAI-PMH 2.0 data provider at http://HOST:PORT/oai.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("page-size"), help: "Records per ListRecords/ListIdentifiers page.")
    var pageSize = 100

    @Option(name: .customLong("repository-name"), help: "The repositoryName in Identify.")
    var repositoryName = "Thresher"

    @Option(name: .customLong("admin-email"), help: "The adminEmail in Identify.")
    var adminEmail = "thresher@example.org"

    @Option(name: .customLong("base-url"), help: "The public base URL to announce (behind a proxy); default http://HOST:PORT/oai.")
    var baseURL: String?

    @Flag(help: "Log nothing (no startup line, no request lines).")
    var quiet = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
    }

    func run() async throws {
        let store = try storeOptions.openExisting()
        let base = baseURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/oai"
        let provider = OAIDataProvider(store: store, configuration: ProviderConfiguration(
            baseURL: base, repositoryName: repositoryName, adminEmail: adminEmail, pageSize: pageSize))
        if !quiet { printError("thresher: serving \(base) from \(storeOptions.store)") }
        do {
            try await OAIServer(provider: provider, host: host, port: port, logRequests: !quiet).run()
        } catch {
            throw CommandFailure("serve-oai on \(host):\(port): \(error)")
        }
    }
}
