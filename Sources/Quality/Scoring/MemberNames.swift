/// The member names of a collection whose field paths are all one plain name (`$['dc:title']`):
/// one pass over an instance's members finds every field's value, instead of a path evaluation
/// per field.
struct MemberNames: Sendable {
    /// Distinct names, flat: name `u` is `bytes[starts[u]..<starts[u + 1]]`.
    let bytes: [UInt8]
    let starts: [Int]
    /// Per query of the collection (in field order): the distinct name it selects.
    let nameOfQuery: [Int]
    /// Open-addressing table of name ids (-1 empty).
    let table: [Int32]
    let mask: Int

    var count: Int { starts.count - 1 }

    /// Nil unless every path is `$['name']` (or `$["name"]`) without escapes.
    init?(paths: [String]) {
        var names: [[UInt8]] = []
        var nameOfQuery: [Int] = []
        for path in paths {
            guard let name = MemberNames.plainName(path) else { return nil }
            if let u = names.firstIndex(of: name) { nameOfQuery.append(u) } else {
                names.append(name)
                nameOfQuery.append(names.count - 1)
            }
        }
        var bytes: [UInt8] = [], starts = [0]
        for n in names { bytes += n; starts.append(bytes.count) }
        var size = 16
        while size < names.count * 4 { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        for (u, n) in names.enumerated() {
            var slot = n.withUnsafeBufferPointer { MemberNames.hash($0) } & (size - 1)
            while table[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            table[slot] = Int32(u)
        }
        self.bytes = bytes; self.starts = starts; self.nameOfQuery = nameOfQuery
        self.table = table; self.mask = size - 1
    }

    /// The name of `$['name']` / `$["name"]` when it holds no quote or backslash.
    static func plainName(_ path: String) -> [UInt8]? {
        let p = Array(path.utf8)
        guard p.count >= 6, p[0] == UInt8(ascii: "$"), p[1] == UInt8(ascii: "["), p[p.count - 1] == UInt8(ascii: "]") else { return nil }
        let quote = p[2]
        guard quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""), p[p.count - 2] == quote else { return nil }
        let name = p[3..<(p.count - 2)]
        guard !name.contains(where: { $0 == quote || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 < 0x20 }) else { return nil }
        return Array(name)
    }

    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for x in b { h = (h ^ UInt64(x)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The id of a name, or -1.
    @inline(__always) func lookup(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        table.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    var slot = MemberNames.hash(name) & mask
                    while true {
                        let u = Int(table[slot])
                        if u < 0 { return -1 }
                        let s = starts[u], n = starts[u + 1] - s
                        if n == name.count && (n == 0 || memcmp(bytes.baseAddress! + s, name.baseAddress!, n) == 0) { return u }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
