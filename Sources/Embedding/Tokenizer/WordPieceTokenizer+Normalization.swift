import Foundation

extension WordPieceTokenizer {
    /// The text as BertNormalizer leaves it (clean-up, CJK padding, accents stripped, lower case), as scalars:
    /// NUL, U+FFFD and control/format/unassigned/private-use characters removed (tab, newline and carriage return
    /// kept as white space), white space made a space, CJK ideographs padded with spaces, canonical decomposition
    /// (NFD) without its non-spacing marks, then each character's lower-case mapping.
    static func normalize(_ text: String) -> [Unicode.Scalar] {
        var cleaned = [Unicode.Scalar]()
        cleaned.reserveCapacity(text.utf8.count)
        var ascii = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x09, 0x0A, 0x0D, 0x20: cleaned.append(" ")
                case 0..<0x20, 0x7F: continue
                default: cleaned.append(scalar)
                }
                continue
            }
            ascii = false
            if value == 0xFFFD || isControl(scalar) { continue }
            if scalar.properties.isWhitespace {
                cleaned.append(" ")
            } else if isCJK(value) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        if ascii {
            for k in cleaned.indices where cleaned[k].value >= 0x41 && cleaned[k].value <= 0x5A {
                cleaned[k] = Unicode.Scalar(UInt8(cleaned[k].value + 0x20))
            }
            return cleaned
        }
        var string = String()
        string.unicodeScalars.append(contentsOf: cleaned)
        var result = [Unicode.Scalar]()
        result.reserveCapacity(cleaned.count)
        for scalar in string.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value < 0x80 {
                result.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value + 0x20)) : scalar)
            } else if scalar.properties.generalCategory != .nonspacingMark {
                if scalar.properties.changesWhenLowercased {
                    result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                } else {
                    result.append(scalar)
                }
            }
        }
        return result
    }

    /// Control characters as BERT counts them: general category C* (Cc, Cf, Cn, Co, Cs) except tab, newline, CR.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// CJK Unified Ideographs (and extensions A–F, compatibility ideographs), which BERT splits one by one.
    static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// BERT's punctuation: the ASCII punctuation characters (including `$+<=>^`|~`) and Unicode's P* categories.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
