/// One generated sample record.
public struct SampleRecord: Sendable, Equatable {
    /// `oai:thresher.sample:<n>`.
    public var identifier: String
    /// `YYYY-MM-DDThh:mm:ssZ`.
    public var datestamp: String
    /// The sets it belongs to (Europeana-style names, some awkward).
    public var sets: [String]
    /// True for a deleted record (then `metadataXML` is empty).
    public var deleted: Bool
    /// An EDM RDF/XML payload.
    public var metadataXML: String
}

/// Thresher's own sample data: invented EDM records (made by the project, CC0), deterministic for a seed.
/// They vary in size (≈2–20 KB), completeness and languages, so quality scores differ between them.
public enum SampleRecords {
    /// The sets the records are spread over, with the awkward names real repositories have.
    public static let sets = ["2021672", "92062", "Kunsthistorisches Museum Wien", "Maps & Atlases",
                              "Bibliothèque municipale", "herbarium"]

    /// `count` records for `seed`; the same arguments give the same records everywhere.
    public static func make(count: Int, seed: UInt64) -> [SampleRecord] {
        var random = SplitMix64(seed: seed)
        return (0..<max(0, count)).map { record(number: $0 + 1, random: &random) }
    }

    private static let titles: [(String, String)] = [
        ("en", "View of the harbour at dawn"), ("de", "Ansicht des Hafens im Morgengrauen"), ("fr", "Vue du port à l'aube"),
        ("nl", "Gezicht op de haven bij dageraad"), ("it", "Veduta del porto all'alba"), ("pl", "Widok portu o świcie"),
        ("en", "Portrait of a young woman"), ("de", "Bildnis einer jungen Frau"), ("sv", "Porträtt av en ung kvinna"),
        ("en", "Map of the river delta"), ("fr", "Carte du delta du fleuve"), ("hu", "A folyódelta térképe"),
        ("en", "Herbarium sheet: Quercus robur"), ("la", "Quercus robur L."), ("el", "Φύλλο βοτανολογίου"),
    ]
    private static let subjects = ["landscape", "harbour", "portrait", "cartography", "botany", "architecture",
                                   "Landschaft", "Hafen", "paysage", "port", "Bildnis", "krajobraz"]
    private static let creators = ["Anna Kovács", "Jan de Vries", "Marie Dupont", "Karl Müller", "Giulia Rossi",
                                   "Unknown maker", "Ærø Workshop", "Ñuño García"]
    private static let types = ["IMAGE", "TEXT", "IMAGE", "3D", "IMAGE", "TEXT"]
    private static let rights = ["http://creativecommons.org/publicdomain/mark/1.0/",
                                 "http://creativecommons.org/licenses/by/4.0/",
                                 "http://rightsstatements.org/vocab/InC/1.0/",
                                 "http://creativecommons.org/publicdomain/zero/1.0/"]
    private static let places = [("Wien", "48.2082", "16.3738"), ("Lyon", "45.764", "4.8357"), ("Gdańsk", "54.352", "18.6466"),
                                 ("Amsterdam", "52.3676", "4.9041")]
    private static let words = ["the", "collection", "shows", "a", "careful", "study", "of", "light", "on", "water", "with",
                                "boats", "and", "figures", "drawn", "in", "ink", "over", "graphite", "later", "coloured",
                                "by", "hand", "mounted", "paper", "inscribed", "verso", "provenance", "unknown", "before", "1900"]

    private static func record(number: Int, random: inout SplitMix64) -> SampleRecord {
        let identifier = "oai:thresher.sample:\(number)"
        let day = 1 + random.next(28)
        let month = 1 + random.next(12)
        let datestamp = "2024-\(pad(month))-\(pad(day))T\(pad(random.next(24))):\(pad(random.next(60))):\(pad(random.next(60)))Z"
        var sets = [Self.sets[number % Self.sets.count]]
        if random.next(8) == 0 { sets.append(Self.sets[(number + 3) % Self.sets.count]) }
        if random.next(50) == 0 {
            return SampleRecord(identifier: identifier, datestamp: datestamp, sets: sets, deleted: true, metadataXML: "")
        }
        let richness = random.next(4)  // 0: sparse … 3: rich
        let item = "http://thresher.example/item/\(number)"
        var xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" \
            xmlns:dcterms="http://purl.org/dc/terms/" xmlns:edm="http://www.europeana.eu/schemas/edm/" \
            xmlns:ore="http://www.openarchives.org/ore/terms/" xmlns:skos="http://www.w3.org/2004/02/skos/core#" \
            xmlns:wgs84_pos="http://www.w3.org/2003/01/geo/wgs84_pos#" xmlns:rdaGr2="http://rdvocab.info/ElementsGr2/">
            """
        xml += "<edm:ProvidedCHO rdf:about=\"\(item)\"/>"
        xml += "<ore:Proxy rdf:about=\"http://thresher.example/proxy/\(number)\">"
        let titleCount = 1 + random.next(1 + richness)
        for _ in 0..<titleCount {
            let (lang, title) = titles[random.next(titles.count)]
            xml += "<dc:title xml:lang=\"\(lang)\">\(escape(title)) (\(number))</dc:title>"
        }
        if richness > 0 {
            for _ in 0..<(1 + random.next(2 * richness)) {
                let (lang, _) = titles[random.next(titles.count)]
                xml += "<dc:description xml:lang=\"\(lang)\">\(escape(sentence(&random, words: 20 + random.next(40 * richness))))</dc:description>"
            }
        }
        let creatorIndex = random.next(creators.count)
        if richness > 1 || random.next(2) == 0 {
            xml += "<dc:creator rdf:resource=\"http://thresher.example/agent/\(creatorIndex)\"/>"
        }
        for _ in 0..<random.next(2 + 2 * richness) {
            xml += "<dc:subject>\(escape(subjects[random.next(subjects.count)]))</dc:subject>"
        }
        if richness > 0 { xml += "<dc:date>\(1700 + random.next(320))</dc:date>" }
        xml += "<dc:identifier>INV-\(number)</dc:identifier>"
        if richness > 1 { xml += "<dc:language>\(titles[random.next(titles.count)].0)</dc:language>" }
        let placeIndex = random.next(places.count)
        if richness > 1 { xml += "<dcterms:spatial rdf:resource=\"http://thresher.example/place/\(placeIndex)\"/>" }
        if richness > 2 { xml += "<dcterms:temporal rdf:resource=\"http://thresher.example/time/19th\"/>" }
        if richness > 0 { xml += "<dc:type>\(["painting", "map", "drawing", "specimen"][random.next(4)])</dc:type>" }
        xml += "<ore:proxyFor rdf:resource=\"\(item)\"/>"
        xml += "<ore:proxyIn rdf:resource=\"http://thresher.example/aggregation/\(number)\"/>"
        xml += "<edm:type>\(types[random.next(types.count)])</edm:type>"
        xml += "</ore:Proxy>"
        let rightsURI = rights[random.next(rights.count)]
        xml += "<ore:Aggregation rdf:about=\"http://thresher.example/aggregation/\(number)\">"
        xml += "<edm:aggregatedCHO rdf:resource=\"\(item)\"/>"
        xml += "<edm:dataProvider>\(escape(sets[0]))</edm:dataProvider>"
        xml += "<edm:isShownAt rdf:resource=\"http://thresher.example/view/\(number)\"/>"
        if richness > 0 { xml += "<edm:isShownBy rdf:resource=\"http://thresher.example/media/\(number).jpg\"/>" }
        if richness > 1 { xml += "<edm:object rdf:resource=\"http://thresher.example/thumb/\(number).jpg\"/>" }
        xml += "<edm:provider>Thresher Sample Aggregator</edm:provider>"
        xml += "<edm:rights rdf:resource=\"\(rightsURI)\"/>"
        xml += "</ore:Aggregation>"
        if richness > 0 {
            xml += "<edm:WebResource rdf:about=\"http://thresher.example/media/\(number).jpg\">"
            xml += "<edm:rights rdf:resource=\"\(rightsURI)\"/><dc:format>image/jpeg</dc:format></edm:WebResource>"
        }
        if richness > 1 {
            let name = creators[creatorIndex]
            xml += "<edm:Agent rdf:about=\"http://thresher.example/agent/\(creatorIndex)\">"
            xml += "<skos:prefLabel xml:lang=\"en\">\(escape(name))</skos:prefLabel>"
            xml += "<rdaGr2:dateOfBirth>\(1700 + random.next(200))</rdaGr2:dateOfBirth></edm:Agent>"
            let (placeName, lat, long) = places[placeIndex]
            xml += "<edm:Place rdf:about=\"http://thresher.example/place/\(placeIndex)\">"
            xml += "<wgs84_pos:lat>\(lat)</wgs84_pos:lat><wgs84_pos:long>\(long)</wgs84_pos:long>"
            xml += "<skos:prefLabel xml:lang=\"en\">\(escape(placeName))</skos:prefLabel></edm:Place>"
        }
        if richness > 2 {
            xml += "<edm:TimeSpan rdf:about=\"http://thresher.example/time/19th\"><skos:prefLabel xml:lang=\"en\">19th century</skos:prefLabel>"
            xml += "<edm:begin>1801-01-01</edm:begin><edm:end>1900-12-31</edm:end></edm:TimeSpan>"
            xml += "<skos:Concept rdf:about=\"http://thresher.example/concept/\(random.next(20))\">"
            xml += "<skos:prefLabel xml:lang=\"en\">\(escape(subjects[random.next(subjects.count)]))</skos:prefLabel></skos:Concept>"
        }
        xml += "</rdf:RDF>"
        return SampleRecord(identifier: identifier, datestamp: datestamp, sets: sets, deleted: false, metadataXML: xml)
    }

    private static func sentence(_ random: inout SplitMix64, words count: Int) -> String {
        var parts: [String] = []
        parts.reserveCapacity(count)
        for _ in 0..<count { parts.append(words[random.next(words.count)]) }
        return parts.joined(separator: " ") + "."
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// SplitMix64: a tiny, fast, portable pseudo-random generator: the same numbers for a seed on every machine
/// (sample records, seeded tests).
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator for `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        Int(nextUInt64() % UInt64(max(1, bound)))
    }
}
