import Foundation

/// Generated heritage-like records (titles, creators, dates, descriptions and image URLs from word lists) with
/// planted near-duplicates: about one base record in eight gets one or two duplicates, each with one known edit
/// (re-cased and re-punctuated text with another image URL; the same image URL with a translated title and no
/// description; one word of a long description changed; a sentence added to the description). Every record of a
/// group has the guid `gen:K` or `gen:K#dJ`. Template titles ("Untitled") and works by the same creator occur among
/// the others, as in real data. Deterministic for a seed.
struct PlantedCorpus {
    private var random: SplitMix
    private var counter = 0
    /// Duplicates planted so far.
    private(set) var planted = 0

    static let syllables = ["an", "ber", "cal", "dor", "el", "fen", "gar", "hol", "is", "jun", "kel", "lin", "mar", "nor",
                            "ol", "pet", "quin", "ros", "sel", "tor", "ul", "van", "wil", "xan", "yor", "zel", "bra", "cri",
                            "dro", "fle", "gri", "kro", "pla", "sto", "tre", "vla"]
    static let templates = ["Untitled", "Sans titre", "Ohne Titel", "[no title]"]

    init(seed: UInt64) { random = SplitMix(state: seed) }

    /// A made-up word: 2 to 4 syllables, from a vocabulary of about 50,000 (skewed: low numbers are frequent).
    mutating func word() -> String {
        let skewed = Int(Double(random.next(1_000_000)) / 1_000_000 * Double(random.next(1_000_000)) / 1_000_000 * 50_000)
        var n = skewed, out = ""
        repeat {
            out += Self.syllables[n % Self.syllables.count]
            n /= Self.syllables.count
        } while n > 0 && out.count < 12
        return out
    }

    mutating func words(_ count: Int) -> [String] { (0..<count).map { _ in word() } }

    /// The next group: a base record and its planted duplicates.
    mutating func next() -> [(guid: String, fields: [String: [String]])] {
        let k = counter
        counter += 1
        let guid = "gen:\(k)"
        var fields: [String: [String]] = [:]
        let creatorNumber = random.next(200_000)
        let creator = "\(word().capitalized) \(word().capitalized) \(creatorNumber)"
        let date = String(1500 + random.next(520))
        if random.next(100) < 2 {
            fields["title"] = [Self.templates[random.next(Self.templates.count)]]
        } else {
            fields["title"] = [words(2 + random.next(6)).joined(separator: " ").capitalized]
        }
        if random.next(100) < 85 { fields["creator"] = [creator] }
        if random.next(100) < 70 { fields["date"] = [date] }
        if random.next(100) < 60 { fields["description"] = [words(8 + random.next(50)).joined(separator: " ") + "."] }
        fields["image"] = ["https://media.example.org/\(k % 977)/\(k).jpg"]
        fields["isShownAt"] = ["https://provider.example.org/item/\(k)"]
        if random.next(100) < 30 { fields["subject"] = words(1 + random.next(3)) }
        var group = [(guid, fields)]
        guard random.next(8) == 0 else { return group }
        for j in 0..<(1 + random.next(2)) {
            var copy = fields
            let description = fields["description"]?.first ?? ""
            let descriptionWords = description.split(separator: " ").map(String.init)
            switch random.next(4) {
            case 0:  // re-cased, re-punctuated, another image
                copy["title"] = fields["title"].map { $0.map { $0.uppercased() + "." } }
                copy["description"] = fields["description"].map { $0.map { $0.lowercased().replacingOccurrences(of: ".", with: " ;") } }
                copy["image"] = ["https://mirror.example.net/\(k)/\(j).png"]
            case 1:  // the same image, a translated title, no description
                copy["title"] = ["[de] " + words(3).joined(separator: " ")]
                copy["description"] = nil
            case 2 where descriptionWords.count >= 40:  // one word of a long description changed, another image
                var changed = descriptionWords
                changed[random.next(changed.count - 1)] = word()
                copy["description"] = [changed.joined(separator: " ")]
                copy["image"] = ["https://mirror.example.net/\(k)/\(j).png"]
            default:  // a sentence added, a field added, the same image
                copy["description"] = [(description + " Digitised in 2019.").trimmingCharacters(in: .whitespaces)]
                copy["language"] = ["en"]
            }
            group.append(("\(guid)#d\(j)", copy))
            planted += 1
        }
        return group
    }
}

/// SplitMix64: a small seeded generator.
struct SplitMix {
    var state: UInt64

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int { Int(nextUInt64() % UInt64(max(1, bound))) }
}
