import ArgumentParser
import Foundation

/// How requests to a repository are made and retried, shared by `harvest` and `gapfill`.
struct RequestOptions: ParsableArguments {
    @Option(name: .customLong("max-attempts"), parsing: .unconditional, help: "Attempts per request before it counts as failed.")
    var maxAttempts = 8

    @Option(parsing: .unconditional, help: "At most this many requests per second to the host.")
    var rate: Double?

    @Option(parsing: .unconditional, help: "Seconds a whole request may take before it is abandoned and retried.")
    var timeout: Double = 600

    func validate() throws {
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        if let rate, !(rate.isFinite && rate > 0) { throw ValidationError("--rate must be a positive number") }
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be a positive number of seconds, at most 86400 (a day)")
        }
    }
}

/// Throws a usage error unless `endpoint` is an http(s) URL with a host and a valid port.
func validateEndpoint(_ endpoint: String) throws {
    guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
          let host = url.host, !host.isEmpty else {
        throw ValidationError("--endpoint \(endpoint): not an http(s) URL")
    }
    if let port = url.port, !(1...65535).contains(port) {
        throw ValidationError("--endpoint \(endpoint): port \(port) is not between 1 and 65535")
    }
}
