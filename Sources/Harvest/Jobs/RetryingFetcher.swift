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
