import Foundation
import Synchronization
import Testing
@testable import Harvest

@Suite struct RateLimiterTests {
    /// A clock that only moves when the limiter sleeps.
    final class FakeClock: Sendable {
        let time = Mutex<Double>(100)
        let sleeps = Mutex<[Double]>([])
    }

    @Test func spacesRequestsAtTheRate() {
        let clock = FakeClock()
        let limiter = RateLimiter(requestsPerSecond: 4, now: { clock.time.withLock { $0 } },
                                  sleep: { seconds in
                                      clock.sleeps.withLock { $0.append(seconds) }
                                      clock.time.withLock { $0 += seconds }
                                  })
        for _ in 0..<5 { limiter.wait() }
        #expect(clock.sleeps.withLock { $0 } == [0.25, 0.25, 0.25, 0.25])
        #expect(clock.time.withLock { $0 } == 101)
        // After a pause longer than the interval the next request goes at once.
        clock.time.withLock { $0 += 10 }
        limiter.wait()
        #expect(clock.sleeps.withLock { $0 }.count == 4)
    }

    @Test func noRateMeansNoWait() {
        let slept = Mutex(false)
        let limiter = RateLimiter(requestsPerSecond: nil, sleep: { _ in slept.withLock { $0 = true } })
        for _ in 0..<10 { limiter.wait() }
        #expect(!slept.withLock { $0 })
    }
}
