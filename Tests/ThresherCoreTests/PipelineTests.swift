import Foundation
import Testing
@testable import ThresherCore

/// The ordered-parallel helpers: results in the order of their pieces whatever the threads' timing, bounded memory,
/// the first error thrown once every thread is done.
@Suite struct PipelineTests {
    @Test func theOrderedPipelineDeliversInOrder() throws {
        for jobs in [1, 2, 4] {
            var next = 0
            var delivered: [Int] = []
            try OrderedPipeline.run(jobs: jobs, ahead: 3, take: { () -> Int? in
                guard next < 200 else { return nil }
                next += 1
                return next - 1
            }, work: { _, n in
                if n % 7 == 0 { usleep(200) }
                return n * n
            }, deliver: { delivered.append($0) })
            #expect(delivered == (0..<200).map { $0 * $0 })
        }
        struct Stop: Error {}
        var count = 0
        #expect(throws: Stop.self) {
            try OrderedPipeline.run(jobs: 2, ahead: 2, take: { () -> Int? in count += 1; return count }, work: { $1 },
                                    deliver: { if $0 == 10 { throw Stop() } })
        }
    }

    @Test func pagesAreConsumedInTheOrderRead() throws {
        for workers in [1, 3] {
            let next = Locked(0)
            var consumed: [Int] = []
            try PagePipeline<Int, Int>.run(depth: 4, workers: workers, read: {
                next.withLock { n -> Int? in
                    guard n < 300 else { return nil }
                    n += 1
                    return n - 1
                }
            }, work: { page in
                if page % 5 == 0 { usleep(100) }
                return page * 3
            }, consume: { consumed.append($0) })
            #expect(consumed == (0..<300).map { $0 * 3 })
        }
    }

    @Test func aPipelineStopsAtTheFirstError() {
        struct Stop: Error, Equatable { let at: Int }
        // An error while reading: the pages before it may be consumed, nothing after, the error thrown.
        let next = Locked(0)
        var consumed: [Int] = []
        #expect(throws: Stop(at: 50)) {
            try PagePipeline<Int, Int>.run(depth: 3, workers: 2, read: {
                try next.withLock { n -> Int? in
                    if n == 50 { throw Stop(at: 50) }
                    n += 1
                    return n - 1
                }
            }, work: { $0 }, consume: { consumed.append($0) })
        }
        #expect(consumed == Array(0..<consumed.count) && consumed.count <= 50)
        // An error while consuming: the reader and workers stop (the call returns), the error thrown.
        let endless = Locked(0)
        #expect(throws: Stop(at: 7)) {
            try PagePipeline<Int, Int>.run(depth: 2, workers: 2, read: {
                endless.withLock { n -> Int? in
                    n += 1
                    return n
                }
            }, work: { $0 }, consume: { if $0 == 7 { throw Stop(at: 7) } })
        }
    }

    @Test func aChannelHandsOverInOrderAndHoldsAtMostItsCapacity() {
        let channel = BatchChannel<Int>(capacity: 2)
        let most = Locked(0)
        let received = Locked([Int]())
        let put = Locked(0)
        Parallel.run(2) { thread in
            if thread == 0 {
                for k in 0..<100 {
                    channel.put(k)
                    put.withLock { $0 = k + 1 }
                }
                channel.close()
            } else {
                while let k = channel.take() {
                    // What was put and not yet taken never exceeds the capacity (+1: the batch just taken).
                    let waiting = put.withLock { $0 } - received.withLock { $0.count }
                    most.withLock { $0 = max($0, waiting) }
                    received.withLock { $0.append(k) }
                    if k % 10 == 0 { usleep(200) }
                }
            }
        }
        #expect(received.withLock { $0 } == Array(0..<100))
        #expect(most.withLock { $0 } <= 3)
        // Closed and empty: nil at once; a put after closing is dropped.
        channel.put(5)
        #expect(channel.take() == nil)
    }
}
