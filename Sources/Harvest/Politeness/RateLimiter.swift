import Foundation
import Synchronization

/// A politeness cap shared by all of a run's workers: at most `requestsPerSecond` requests start per second.
public final class RateLimiter: Sendable {
    private let interval: Double
    private let nextSlot = Mutex<Double>(0)

    /// A limiter allowing `requestsPerSecond` (nil or ≤ 0: no limit).
    public init(requestsPerSecond: Double?) {
        if let rate = requestsPerSecond, rate > 0 { interval = 1 / rate } else { interval = 0 }
    }

    /// Blocks the calling thread until the next request may start.
    public func wait() {
        guard interval > 0 else { return }
        let now = Date().timeIntervalSinceReferenceDate
        let start = nextSlot.withLock { next -> Double in
            let slot = max(next, now)
            next = slot + interval
            return slot
        }
        let delay = start - now
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
    }
}
