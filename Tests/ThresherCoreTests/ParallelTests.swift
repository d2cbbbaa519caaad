import Testing
@testable import ThresherCore

@Suite struct ParallelTests {
    @Test func everyPieceRunsOnceAndTheCallWaitsForAll() {
        for count in [0, 1, 2, 7] {
            let seen = Locked([Int]())
            Parallel.run(count) { k in seen.withLock { $0.append(k) } }
            #expect(seen.withLock { $0 }.sorted() == Array(0..<count))
        }
    }
}
