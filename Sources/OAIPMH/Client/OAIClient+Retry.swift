import Foundation

extension OAIClient {
    /// Performs `request`, retrying what `policy` says is worth retrying; throws the last error otherwise.
    /// `onRetry` hears each failure with its attempt number (1-based) and the delay before the next attempt;
    /// `sleep` waits that many seconds (injectable so tests need not wait; defaults to `Thread.sleep`).
    public func perform(_ request: OAIRequest, retrying policy: RetryPolicy,
                        onRetry: (OAIClientError, Int, Double) -> Void = { _, _, _ in },
                        sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws(OAIClientError) -> OAIResponse {
        var random = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do throws(OAIClientError) {
                return try perform(request)
            } catch {
                guard let delay = policy.delay(after: error, attempt: attempt, random: &random) else { throw error }
                onRetry(error, attempt, delay)
                if delay > 0 { sleep(delay) }
                attempt += 1
            }
        }
    }
}
