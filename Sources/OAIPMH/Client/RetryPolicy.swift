/// When and how long to wait before sending a failed request again: exponential backoff with jitter,
/// Retry-After honoured up to a cap, a bounded number of attempts.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all (the first one included).
    public var maxAttempts: Int
    /// The first backoff, in seconds.
    public var base: Double
    /// The longest backoff, in seconds.
    public var cap: Double
    /// The longest Retry-After honoured, in seconds.
    public var retryAfterCap: Double

    public init(maxAttempts: Int = 8, base: Double = 1, cap: Double = 30, retryAfterCap: Double = 300) {
        self.maxAttempts = maxAttempts
        self.base = base
        self.cap = cap
        self.retryAfterCap = retryAfterCap
    }

    /// Seconds to wait after attempt number `attempt` (1-based) failed with `error`, or nil to give up.
    /// Backoff n waits between half and all of min(cap, base·2ⁿ⁻¹).
    public func delay(after error: OAIClientError, attempt: Int, random: inout some RandomNumberGenerator) -> Double? {
        guard attempt < maxAttempts else { return nil }
        switch error.retryability {
        case .never:
            return nil
        case .retryAfter(let seconds):
            return min(max(0, seconds), retryAfterCap)
        case .retry:
            let exponent = Double(min(attempt - 1, 30))
            let ceiling = min(cap, base * pow2(exponent))
            guard ceiling > 0 else { return 0 }
            return ceiling / 2 + Double.random(in: 0...(ceiling / 2), using: &random)
        }
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
