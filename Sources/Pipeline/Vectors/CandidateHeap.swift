/// A binary heap of (distance, node) pairs: the nearest on top (`nearestFirst`) or the farthest.
struct CandidateHeap {
    /// A node and its distance to the query.
    struct Entry {
        var distance: Float
        var node: Int32
    }

    private(set) var entries: [Entry] = []
    let nearestFirst: Bool

    init(nearestFirst: Bool, capacity: Int = 0) {
        self.nearestFirst = nearestFirst
        entries.reserveCapacity(capacity)
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    var top: Entry? { entries.first }

    @inline(__always)
    private func above(_ a: Entry, _ b: Entry) -> Bool {
        if a.distance != b.distance { return nearestFirst ? a.distance < b.distance : a.distance > b.distance }
        return nearestFirst ? a.node < b.node : a.node > b.node
    }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard above(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return first }
        entries[0] = last
        var parent = 0
        let count = entries.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var best = left
            if left + 1 < count, above(entries[left + 1], entries[left]) { best = left + 1 }
            guard above(entries[best], entries[parent]) else { break }
            entries.swapAt(best, parent)
            parent = best
        }
        return first
    }

    /// The entries nearest first.
    func sortedNearestFirst() -> [Entry] {
        entries.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.node < $1.node }
    }
}
