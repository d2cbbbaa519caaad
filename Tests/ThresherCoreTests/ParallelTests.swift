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

    @Test func forEachVisitsEveryIndexOnce() throws {
        for count in [0, 1, 5, 100] {
            let seen = Locked([Int]())
            try Parallel.forEach(count, threads: 2) { k in seen.withLock { $0.append(k) } }
            #expect(seen.withLock { $0 }.sorted() == Array(0..<count))
        }
    }

    struct Failed: Error, Equatable { let index: Int }

    @Test func forEachThrowsTheLowestFailure() {
        #expect(throws: Failed(index: 3)) {
            try Parallel.forEach(10, threads: 1) { k in if k == 3 || k == 4 { throw Failed(index: k) } }
        }
    }
}
