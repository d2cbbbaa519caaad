import Foundation

/// Work in pieces on several threads with no barrier between batches: each thread takes the next piece (pieces are
/// taken one at a time, in order), works on it alone, and the results are delivered in the order of the pieces, one at
/// a time, by whichever thread finishes the piece that is next. Taking, working and delivering overlap.
public enum OrderedPipeline {
    /// Runs `work` on `jobs` threads over the pieces `take` gives until it gives nil (or a call throws), `deliver`ing
    /// each result in order; at most `ahead` pieces are taken and not yet delivered. `take` and `deliver` are never
    /// called by two threads at once. Rethrows the first error of `take` or `deliver`.
    public static func run<Piece, Result>(jobs: Int, ahead: Int, take: () throws -> Piece?, work: (Int, Piece) -> Result,
                                   deliver: (Result) throws -> Void) throws {
        try withoutActuallyEscaping(take) { take in
            try withoutActuallyEscaping(work) { work in
                try withoutActuallyEscaping(deliver) { deliver in
                    let state = State<Piece, Result>(take: take, work: work, deliver: deliver, ahead: max(1, ahead))
                    Parallel.run(max(1, jobs)) { k in state.loop(k) }
                    // The threads may outlive `run` by a moment, holding `state`: it lets go of the closures first.
                    let failure = state.finish()
                    if let failure { throw failure }
                }
            }
        }
    }

    /// What the threads share, guarded by `condition` (the closures: `take` and `deliver` under the discipline above,
    /// `work` on any thread, as `run`'s caller promises).
    private final class State<Piece, Result>: @unchecked Sendable {
        let condition = NSCondition()
        var take: (() throws -> Piece?)?
        var work: ((Int, Piece) -> Result)?
        var deliver: ((Result) throws -> Void)?
        let ahead: Int
        var taken = 0
        var delivered = 0
        var finished = false
        var delivering = false
        var done: [Int: Result] = [:]
        var failure: (any Error)?

        init(take: @escaping () throws -> Piece?, work: @escaping (Int, Piece) -> Result,
             deliver: @escaping (Result) throws -> Void, ahead: Int) {
            self.take = take
            self.work = work
            self.deliver = deliver
            self.ahead = ahead
        }

        /// Lets go of the closures (every thread has left `loop`); the first error.
        func finish() -> (any Error)? {
            condition.lock()
            defer { condition.unlock() }
            take = nil
            work = nil
            deliver = nil
            return failure
        }

        func loop(_ k: Int) {
            condition.lock()
            let (take, work, deliver) = (self.take, self.work, self.deliver)
            condition.unlock()
            guard let take, let work, let deliver else { return }
            while true {
                condition.lock()
                while !finished, failure == nil, taken - delivered >= ahead { condition.wait() }
                guard !finished, failure == nil else {
                    condition.unlock()
                    return
                }
                let piece: Piece?
                do {
                    piece = try take()
                } catch {
                    failure = error
                    piece = nil
                }
                guard let piece else {
                    finished = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let number = taken
                taken += 1
                condition.unlock()

                let result = work(k, piece)

                condition.lock()
                done[number] = result
                guard !delivering else {
                    condition.unlock()
                    continue
                }
                delivering = true
                while failure == nil, let next = done.removeValue(forKey: delivered) {
                    condition.unlock()
                    var failed: (any Error)?
                    do { try deliver(next) } catch { failed = error }
                    condition.lock()
                    if let failed, failure == nil { failure = failed }
                    delivered += 1
                    condition.broadcast()
                }
                delivering = false
                condition.unlock()
            }
        }
    }
}
