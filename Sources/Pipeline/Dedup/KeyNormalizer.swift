import Foundation

/// Text as dedup compares it: case folded, diacritics removed (é → e, and ø → o, ł → l, æ → ae, ß → ss, …),
/// every run of characters that are not letters or digits (punctuation, symbols, white space) one space, no
/// space at either end. "Le Déjeuner sur l'herbe." and "LE DEJEUNER SUR L’HERBE" give "le dejeuner sur l herbe".
public enum KeyNormalizer {
    /// `text` normalised.
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizedBytes(text), as: UTF8.self)
    }

    /// `text` normalised, as UTF-8 bytes.
    public static func normalizedBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 {
                var b = byte
                if b >= 0x41 && b <= 0x5A { b += 0x20 }
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b)
                } else {
                    pendingSpace = true
                }
            }
            return out
        }
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue  // a diacritic, once decomposed
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                 .letterNumber, .otherNumber:
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                if let folded = folds[scalar.value] {
                    out.append(contentsOf: folded.utf8)
                } else if scalar.isASCII {
                    let b = UInt8(scalar.value)
                    out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                } else {
                    out.append(contentsOf: properties.lowercaseMapping.utf8)
                }
            default:
                pendingSpace = true
            }
        }
        return out
    }

    /// Letters that carry no combining mark once decomposed, folded by hand.
    static let folds: [UInt32: String] = [
        0xDF: "ss", 0x1E9E: "ss", 0xC6: "ae", 0xE6: "ae", 0x152: "oe", 0x153: "oe", 0xD8: "o", 0xF8: "o",
        0x141: "l", 0x142: "l", 0x110: "d", 0x111: "d", 0xDE: "th", 0xFE: "th", 0xD0: "d", 0xF0: "d", 0x131: "i",
        0x126: "h", 0x127: "h", 0x166: "t", 0x167: "t",
    ]
}
