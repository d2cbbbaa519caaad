import Foundation
import Synchronization

/// A politeness cap shared by all of a run's workers: at most `requestsPerSecond` requests start per second.
public final class RateLimiter: Sendable {
    private let interval: Double
    private let nextSlot = Mutex<Double>(0)
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) -> Void

    /// A limiter allowing `requestsPerSecond` (nil or ≤ 0: no limit). `now` and `sleep` default to the
    /// system clock and `Thread.sleep`.
    public init(requestsPerSecond: Double?,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSinceReferenceDate },
                sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        if let rate = requestsPerSecond, rate > 0 { interval = 1 / rate } else { interval = 0 }
        self.now = now
        self.sleep = sleep
    }

    /// Blocks the calling thread until the next request may start.
    public func wait() {
        guard interval > 0 else { return }
        let current = now()
        let start = nextSlot.withLock { next -> Double in
            let slot = max(next, current)
            next = slot + interval
            return slot
        }
        let delay = start - current
        if delay > 0 { sleep(delay) }
    }
}
