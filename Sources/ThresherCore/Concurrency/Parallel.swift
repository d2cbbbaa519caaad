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

    /// Calls `body(k)` for every `k` in `0..<count` on up to `threads` threads (each taking the next index), and
    /// returns when all are done. After a failure no further index is started; the error of the lowest failed index
    /// is thrown.
    public static func forEach(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let workers = Swift.max(1, Swift.min(count, threads))
        let next = Locked(0)
        let failure = Locked<(index: Int, error: any Error)?>(nil)
        run(workers) { _ in
            while true {
                let k = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard k < count else { return }
                do {
                    try body(k)
                } catch {
                    failure.withLock { found in
                        if found.map({ k < $0.index }) ?? true { found = (k, error) }
                    }
                    next.withLock { $0 = count }
                }
            }
        }
        if let found = failure.withLock({ $0 }) { throw found.error }
    }
}
