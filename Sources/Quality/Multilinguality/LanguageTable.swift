/// Interns language tags (UTF-8 bytes) to small ids, so a scorer compares ids, not strings.
/// Ids 0, 1, 2 are the classes `_0` (untagged literal), `_1` (absent), `_2` (link only).
struct LanguageTable: Sendable {
    static let untagged = 0, absent = 1, link = 2
    private(set) var names: [String] = ["_0", "_1", "_2"]
    private var bytes: [[UInt8]] = [[], [], []]
    private var byHash: [UInt64: Int] = [:]
    /// Ids whose hash was already taken by another tag (checked linearly; practically never used).
    private var collided: [Int] = []

    var count: Int { names.count }

    /// Open-addressing table for tags of 1…8 bytes packed into a UInt64 (0 = empty slot).
    private var packedKeys: [UInt64] = Array(repeating: 0, count: 256)
    private var packedIDs: [Int32] = Array(repeating: 0, count: 256)
    private var packedCount = 0

    mutating func id(_ tag: UnsafeBufferPointer<UInt8>) -> Int {
        guard tag.count >= 1 && tag.count <= 8 else { return slowID(tag) }
        var key: UInt64 = 0
        for (k, b) in tag.enumerated() { key |= UInt64(b) << (8 * UInt64(k)) }
        // A raw tag byte is never 0 (JSON strings hold no raw NUL), so packing is unambiguous.
        let mask = packedKeys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 40) & mask
        while packedKeys[slot] != 0 {
            if packedKeys[slot] == key { return Int(packedIDs[slot]) }
            slot = (slot + 1) & mask
        }
        let id = slowID(tag)
        packedKeys[slot] = key
        packedIDs[slot] = Int32(id)
        packedCount += 1
        if packedCount * 2 > packedKeys.count { growPacked() }
        return id
    }

    private mutating func growPacked() {
        let oldKeys = packedKeys, oldIDs = packedIDs
        packedKeys = Array(repeating: 0, count: oldKeys.count * 2)
        packedIDs = Array(repeating: 0, count: oldKeys.count * 2)
        let mask = packedKeys.count - 1
        for (k, key) in oldKeys.enumerated() where key != 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 40) & mask
            while packedKeys[slot] != 0 { slot = (slot + 1) & mask }
            packedKeys[slot] = key
            packedIDs[slot] = oldIDs[k]
        }
    }

    private mutating func slowID(_ tag: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in tag { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        if let k = byHash[h] {
            if bytes[k].elementsEqual(tag) { return k }
            for c in collided where bytes[c].elementsEqual(tag) { return c }
            let k = add(tag)
            collided.append(k)
            return k
        }
        let k = add(tag)
        byHash[h] = k
        return k
    }

    private mutating func add(_ tag: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.append(Array(tag))
        names.append(String(decoding: tag, as: UTF8.self))
        return names.count - 1
    }
}
