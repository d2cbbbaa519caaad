import Foundation
import OAIPMH

/// Sends OAI-PMH requests under the run's retry policy and politeness cap, reporting each retry.
struct RetryingFetcher: Sendable {
    let client: OAIClient
    let policy: RetryPolicy
    let limiter: RateLimiter
    let progress: ProgressReporter

    /// Performs `request`, retrying what the policy says is worth retrying; throws the last error otherwise.
    func fetch(_ request: OAIRequest, label: String, converter: PayloadConverter? = nil,
               retryIf: (OAIClientError) -> Bool = { _ in true },
               onRetry: () -> Void = {}) throws(OAIClientError) -> OAIResponse {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            limiter.wait()
            do {
                return try client.perform(request, converter: converter)
            } catch {
                guard retryIf(error), let delay = policy.delay(after: error, attempt: attempt, random: &generator) else {
                    throw error
                }
                onRetry()
                progress.retried()
                progress.note("\(label): attempt \(attempt) failed (\(error)); retrying in \(String(format: "%.1f", delay)) s")
                if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                attempt += 1
            }
        }
    }
}

extension RetryingFetcher {
    /// Fetches the list `first` begins and every page its resumption tokens lead to, handing each page to `page`, until
    /// a page without a token; returns nil then, or the token that came back a second time (the list ends there).
    func walkList(_ first: OAIRequest, label: String,
                  _ page: (OAIResponse) -> Void) throws(OAIClientError) -> String? {
        var request = first
        var tokens = Set<String>()
        while true {
            let response = try fetch(request, label: label)
            page(response)
            let token = response.resumptionToken?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if token.isEmpty { return nil }
            if !tokens.insert(token).inserted { return token }
            request = .resumed(verb: first.verb, token: token)
        }
    }
}
