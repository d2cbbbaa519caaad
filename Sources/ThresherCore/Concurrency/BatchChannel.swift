import Foundation

/// A bounded first-in first-out hand-over of batches from one producing thread to one consuming thread: `put`
/// waits while `capacity` batches are waiting, `take` waits for a batch and gives nil once the channel is closed and
/// empty. Memory stays bounded by `capacity` batches whatever the speeds of the two sides.
public final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    // Every stored property below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var waiting: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    /// A channel holding at most `capacity` batches (at least 1).
    public init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// Hands `element` over, waiting while the channel is full.
    public func put(_ element: Element) {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count - head >= capacity, !closed { condition.wait() }
        guard !closed else { return }
        waiting.append(element)
        condition.broadcast()
    }

    /// The next batch, waiting for one; nil once the channel is closed and every batch was taken.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == waiting.count, !closed { condition.wait() }
        guard head < waiting.count else { return nil }
        let element = waiting[head]
        head += 1
        if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return element
    }

    /// No more batches: `take` gives the ones waiting, then nil.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
