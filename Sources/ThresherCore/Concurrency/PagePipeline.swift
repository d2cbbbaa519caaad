import Foundation

/// Pages read on one thread, worked on by several threads, consumed on the calling thread in the order they were
/// read, with at most `depth` pages between reading and consuming (memory stays bounded). What the consumer sees does
/// not depend on the threads' timing.
public final class PagePipeline<Page: Sendable, Output: Sendable>: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [(index: Int, page: Page)] = []
    private var done: [Int: Output] = [:]
    private var read = 0
    private var consumed = 0
    private var finished = false
    private var stopped = false
    private var failure: (any Error)?
    private let depth: Int

    private init(depth: Int) { self.depth = max(1, depth) }

    /// Reads pages with `read` (nil: no more) on a thread of its own, runs `work` on each on `workers` threads, and
    /// calls `consume` with the results in page order on the calling thread. The first error (of `read` or `consume`)
    /// stops the rest and is thrown once every thread has returned.
    public static func run(depth: Int, workers: Int, read: @escaping @Sendable () throws -> Page?,
                    work: @escaping @Sendable (Page) -> Output, consume: (Output) throws -> Void) throws {
        let pipeline = PagePipeline(depth: depth)
        let group = DispatchGroup()
        func start(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            let thread = Thread {
                body()
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        start { pipeline.reading(read) }
        for _ in 0..<max(1, workers) { start { pipeline.working(work) } }
        var thrown: (any Error)?
        do {
            try pipeline.consuming(consume)
        } catch {
            thrown = error
        }
        pipeline.stop(thrown)
        group.wait()
        if let error = pipeline.firstError() { throw error }
    }

    private func reading(_ next: @Sendable () throws -> Page?) {
        while true {
            condition.lock()
            while !stopped && read - consumed >= depth { condition.wait() }
            let go = !stopped
            let index = read
            condition.unlock()
            guard go else { return }
            let page: Page?
            do {
                page = try next()
            } catch {
                stop(error)
                return
            }
            condition.lock()
            if let page {
                waiting.append((index, page))
                self.read += 1
            } else {
                finished = true
            }
            condition.broadcast()
            condition.unlock()
            if page == nil { return }
        }
    }

    private func working(_ work: @Sendable (Page) -> Output) {
        while true {
            condition.lock()
            while !stopped && waiting.isEmpty && !finished { condition.wait() }
            guard !stopped, !waiting.isEmpty else {
                condition.unlock()
                return
            }
            let (index, page) = waiting.removeFirst()
            condition.unlock()
            let result = work(page)
            condition.lock()
            done[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    private func consuming(_ consume: (Output) throws -> Void) throws {
        while true {
            condition.lock()
            while !stopped && done[consumed] == nil && !(finished && consumed == read) { condition.wait() }
            guard !stopped, let result = done.removeValue(forKey: consumed) else {
                condition.unlock()
                return
            }
            condition.unlock()
            try consume(result)
            condition.lock()
            consumed += 1
            condition.broadcast()
            condition.unlock()
        }
    }

    private func firstError() -> (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Stops every thread; `error` (the first one) is kept.
    private func stop(_ error: (any Error)?) {
        condition.lock()
        if let error, failure == nil { failure = error }
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
