import Foundation

/// Token ids by their exact UTF-8 bytes (an open-addressing hash table over one byte buffer): lookups take a byte
/// range and allocate nothing, and two spellings of one character (composed, decomposed) stay two tokens, as in the
/// reference tokenizer (Swift's `String ==` would take them as one).
struct VocabularyTable: Sendable {
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    private var ids: [Int32] = []
    private var slots: [Int32]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Adds `token` with `id`; a token seen before takes the new id.
    mutating func insert<Bytes: Collection<UInt8>>(_ token: Bytes, id: Int32) {
        let key = [UInt8](token)
        var slot = key.withUnsafeBufferPointer { Self.hash($0) } & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if bytes[Int(starts[entry])..<Int(starts[entry + 1])].elementsEqual(key) {
                ids[entry] = id
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(ids.count)
        ids.append(id)
        bytes.append(contentsOf: key)
        starts.append(Int32(bytes.count))
    }

    /// The id of the token spelt by `key`, or nil.
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(key) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { return nil }
                let start = Int(starts[entry]), end = Int(starts[entry + 1])
                if end - start == key.count {
                    guard let a = stored.baseAddress, let b = key.baseAddress else { return ids[entry] }  // both empty
                    if memcmp(a + start, b, key.count) == 0 { return ids[entry] }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
