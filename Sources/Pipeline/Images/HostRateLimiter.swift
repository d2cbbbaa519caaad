import Foundation
import Synchronization

/// A politeness cap per host shared by all fetching threads: at most `requestsPerSecond` requests start per second
/// to any one host (as the harvest's `RateLimiter` does for a whole run), while requests to other hosts go on.
final class HostRateLimiter: Sendable {
    private let interval: Double
    private let nextSlot = Mutex<[String: Double]>([:])
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) -> Void

    /// A limiter allowing `requestsPerSecond` per host (nil or ≤ 0: no limit). `now` and `sleep` default to the
    /// system clock and `Thread.sleep`.
    init(requestsPerSecond: Double?,
         now: @escaping @Sendable () -> Double = { Date().timeIntervalSinceReferenceDate },
         sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        if let rate = requestsPerSecond, rate > 0, rate.isFinite { interval = 1 / rate } else { interval = 0 }
        self.now = now
        self.sleep = sleep
    }

    /// Blocks the calling thread until the next request to `host` may start.
    func wait(host: String) {
        guard interval > 0 else { return }
        let current = now()
        let start = nextSlot.withLock { slots -> Double in
            let slot = max(slots[host] ?? 0, current)
            slots[host] = slot + interval
            return slot
        }
        if start > current { sleep(start - current) }
    }

    /// The host of `url` in lower case ("" when it has none).
    static func host(of url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? ""
    }
}
