import RecordStore

/// File names made from setSpecs, provider names and record identifiers, safe on every file system: lower-case
/// ASCII letters, digits, `-` and `_` only (no separators, no reserved names such as `CON` or `NUL`, no names that
/// differ only in case), at most 60 characters of the name followed by `-` and 16 hex digits of its XXH64, so two
/// names never share a file.
public enum SafeFileName {
    /// The file name (without extension) for `name`.
    public static func make(_ name: String) -> String {
        var stem: [UInt8] = []
        var lastWasDash = false
        for byte in name.utf8 {
            let c: UInt8
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): c = byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): c = byte + 32
            default: c = UInt8(ascii: "-")
            }
            if c == UInt8(ascii: "-") {
                if lastWasDash || stem.isEmpty { continue }
                lastWasDash = true
            } else {
                lastWasDash = false
            }
            stem.append(c)
            if stem.count >= 60 { break }
        }
        while stem.last == UInt8(ascii: "-") { stem.removeLast() }
        let hash = XXH64.hex(name)
        return stem.isEmpty ? hash : String(decoding: stem, as: UTF8.self) + "-" + hash
    }
}
