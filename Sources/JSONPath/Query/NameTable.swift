/// A small open-addressing hash table from member names (UTF-8) to trie children.
struct NameTable: Sendable {
    var slots: [(hash: UInt64, child: Int, name: [UInt8])?]
    let mask: Int
    let children: Set<Int>

    init(_ names: [([UInt8], Int)]) {
        var size = 8
        while size < names.count * 4 { size <<= 1 }
        mask = size - 1
        slots = Array(repeating: nil, count: size)
        for (name, child) in names {
            let h = name.withUnsafeBufferPointer { NameTable.hash($0) }
            var k = Int(truncatingIfNeeded: h) & mask
            while slots[k] != nil { k = (k + 1) & mask }
            slots[k] = (h, child, name)
        }
        children = Set(names.map(\.1))
    }

    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        return h
    }

    /// The child for `name`, or -1.
    @inline(__always) func lookup(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        let h = NameTable.hash(name)
        var k = Int(truncatingIfNeeded: h) & mask
        while let slot = slots[k] {
            if slot.hash == h && slot.name.count == name.count
                && slot.name.withUnsafeBufferPointer({ $0.elementsEqual(name) }) {
                return slot.child
            }
            k = (k + 1) & mask
        }
        return -1
    }
}
