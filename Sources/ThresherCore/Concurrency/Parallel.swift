import Dispatch
import Foundation

/// Runs work on several threads of its own and waits for all of them. Dedicated threads, not the shared dispatch
/// or Swift-concurrency pool: a command runs on that pool already (its `main` is async) and blocks one of its two
/// threads on a 2-core machine, so work handed to the pool would run one piece at a time.
public enum Parallel {
    /// Calls `body(k)` for every `k` in `0..<count`, each on a thread of its own (`0` on the calling thread), and
    /// returns when all have returned.
    public static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        let group = DispatchGroup()
        for k in 1..<count {
            group.enter()
            let thread = Thread {
                body(k)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        body(0)
        group.wait()
    }
}
