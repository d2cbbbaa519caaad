/// Multi-index hashing over 64-bit perceptual hashes: the bits are split into `distance + 1` blocks (at least 3), so two hashes
/// within `distance` bits agree exactly on at least one block (pigeonhole); each block is a sorted array of
/// (block value, item) searched by binary search, and every item found there is checked by its full distance.
struct ImageHashIndex {
    private let distance: Int
    private let hashes: [UInt64]
    private let spans: [(shift: UInt64, mask: UInt64)]
    private var tables: [[UInt64]] = []

    /// An index of `hashes` (item k has hashes[k]) for searches within `distance` bits.
    init(hashes: [UInt64], distance: Int) {
        self.distance = distance
        self.hashes = hashes
        let blocks = max(distance + 1, 3)  // at least 3: a block fits in 32 bits
        var spans: [(shift: UInt64, mask: UInt64)] = []
        var start = 0
        for block in 0..<blocks {
            let width = 64 / blocks + (block < 64 % blocks ? 1 : 0)
            spans.append((UInt64(start), width >= 64 ? .max : (UInt64(1) << UInt64(width)) - 1))
            start += width
        }
        self.spans = spans
        tables = spans.map { span in
            hashes.enumerated().map { (item, hash) in ((hash >> span.shift) & span.mask) << 32 | UInt64(item) }.sorted()
        }
    }

    /// The items (other than `item`) whose hash is within the distance of `item`'s, with their distance, sorted.
    func neighbours(of item: Int) -> [(item: Int, distance: Int)] {
        let hash = hashes[item]
        var found = Set<Int>()
        for (block, span) in spans.enumerated() {
            let value = (hash >> span.shift) & span.mask
            let table = tables[block]
            var low = 0, high = table.count
            while low < high {
                let mid = (low + high) / 2
                if table[mid] >> 32 < value { low = mid + 1 } else { high = mid }
            }
            while low < table.count && table[low] >> 32 == value {
                let other = Int(table[low] & 0xFFFF_FFFF)
                if other != item && (hashes[other] ^ hash).nonzeroBitCount <= distance { found.insert(other) }
                low += 1
            }
        }
        return found.sorted().map { ($0, (hashes[$0] ^ hash).nonzeroBitCount) }
    }
}
