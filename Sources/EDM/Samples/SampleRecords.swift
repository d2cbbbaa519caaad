import ThresherCore
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
///
/// Each live record has the shape Europeana's OAI-PMH endpoint serves (`metadataPrefix=edm`): an `rdf:RDF` with the
/// `edm:ProvidedCHO`, `edm:WebResource`s, contextual entities (`edm:Agent`, `edm:Place`, `edm:TimeSpan`,
/// `skos:Concept`), the provider's `ore:Aggregation`, the provider `ore:Proxy` (`edm:europeanaProxy` false), the
/// Europeana `ore:Proxy` (`edm:europeanaProxy` true, with the enrichment links) and the `edm:EuropeanaAggregation`.
/// Records range from sparse (a title or a description only, some without `edm:rights`) to rich (titles and
/// descriptions in several languages, several contextual entities), ≈2–20 KB, in en, de, fr, nl, it, pl, sv, hu, el
/// and la (some values untagged), and a few carry awkward but real values (quotes, `&`, `<`, markup as text, long
/// subjects, a title repeated as the description, an empty value), so quality scores differ between them.
/// The header (identifier, datestamp, sets, deleted) comes from the seed's stream; the payload from its own
/// stream per record, so changing the payloads leaves the headers as they are.
public enum SampleRecords {
    /// The sets the records are spread over, with the awkward names real repositories have.
    public static let sets = ["2021672", "92062", "Kunsthistorisches Museum Wien", "Maps & Atlases",
                              "Bibliothèque municipale", "herbarium"]

    /// `count` records for `seed`; the same arguments give the same records everywhere.
    public static func make(count: Int, seed: UInt64) -> [SampleRecord] {
        var random = SplitMix64(seed: seed)
        var out = XMLOut()
        return (0..<max(0, count)).map { record(number: $0 + 1, seed: seed, random: &random, out: &out) }
    }

    // MARK: Vocabulary (invented records; place names and coordinates are real places')

    /// Language tags, indexed everywhere below: en, de, fr, nl, it, pl, sv, hu, el, la.
    private static let languages = ["en", "de", "fr", "nl", "it", "pl", "sv", "hu", "el", "la"]

    private struct Dataset {
        let id: String, name: String, country: String, language: Int, dataProvider: String, templates: [Int]
    }

    /// One per entry of `sets`, same order.
    private static let datasets = [
        Dataset(id: "2021672", name: "2021672_Ag_NL_Thresher_Sample_Paintings", country: "Netherlands", language: 3,
                dataProvider: "Haags Voorbeeldmuseum", templates: [0, 2, 3, 6]),
        Dataset(id: "92062", name: "92062_Ag_AT_Thresher_Sample_Library", country: "Austria", language: 1,
                dataProvider: "Österreichische Beispielbibliothek", templates: [7, 5, 1]),
        Dataset(id: "15503", name: "15503_Ag_AT_Thresher_Sample_Kunsthistorisches", country: "Austria", language: 1,
                dataProvider: "Kunsthistorische Beispielsammlung Wien", templates: [2, 0, 3, 6]),
        Dataset(id: "90402", name: "90402_Ag_EU_Thresher_Sample_Maps_&_Atlases", country: "Europe", language: 0,
                dataProvider: "Maps & Atlases \"Sample\" Collection", templates: [1, 7, 0]),
        Dataset(id: "2059508", name: "2059508_Ag_FR_Thresher_Sample_Bibliotheque", country: "France", language: 2,
                dataProvider: "Bibliothèque municipale d'exemple", templates: [5, 7, 6]),
        Dataset(id: "11614", name: "11614_Ag_SE_Thresher_Sample_Herbarium", country: "Sweden", language: 9,
                dataProvider: "Herbarium Universitatis Exempli", templates: [4]),
    ]

    /// Title templates, `%` is the place's name, in the ten languages.
    private static let titleTemplates: [[(String, String)]] = [
        ["View of %", "Ansicht von %", "Vue de %", "Gezicht op %", "Veduta di %", "Widok miasta %", "Utsikt över %",
         "% látképe", "Άποψη: %", "Prospectus urbis %"],
        ["Map of % and its surroundings", "Karte von % und Umgebung", "Plan de % et de ses environs", "Kaart van % en omgeving",
         "Pianta di % e dintorni", "Mapa: % i okolice", "Karta över % med omnejd", "% és környékének térképe",
         "Χάρτης: % και περίχωρα", "Tabula % et agri"],
        ["Portrait of a young woman from %", "Bildnis einer jungen Frau aus %", "Portrait d'une jeune femme de %",
         "Portret van een jonge vrouw uit %", "Ritratto di giovane donna di %", "Portret młodej kobiety z miasta %",
         "Porträtt av en ung kvinna från %", "Fiatal nő portréja (%)", "Πορτρέτο νεαρής γυναίκας (%)", "Effigies puellae %"],
        ["The harbour at % at dawn", "Der Hafen von % im Morgengrauen", "Le port de % à l'aube", "De haven van % bij dageraad",
         "Il porto di % all'alba", "Port w mieście % o świcie", "Hamnen i % i gryningen", "% kikötője hajnalban",
         "Το λιμάνι: % την αυγή", "Portus % prima luce"],
        ["Herbarium sheet: Quercus robur L., collected near %", "Herbarbeleg: Quercus robur L., gesammelt bei %",
         "Planche d'herbier : Quercus robur L., récoltée près de %", "Herbariumvel: Quercus robur L., verzameld bij %",
         "Foglio d'erbario: Quercus robur L., raccolto presso %", "Arkusz zielnikowy: Quercus robur L., zebrany koło miasta %",
         "Herbarieark: Quercus robur L., insamlad nära %", "Herbáriumi lap: Quercus robur L., gyűjtve % mellett",
         "Φύλλο βοτανολογίου: Quercus robur L., %", "Quercus robur L., prope % lecta"],
        ["Letter written in % to a friend", "Brief aus % an einen Freund", "Lettre écrite à % à un ami", "Brief uit % aan een vriend",
         "Lettera scritta da % a un amico", "List z miasta % do przyjaciela", "Brev från % till en vän",
         "Levél egy barátnak (%)", "Επιστολή από %: προς φίλο", "Epistula % ad amicum scripta"],
        ["Street scene in the old town of %", "Straßenszene in der Altstadt von %", "Scène de rue dans la vieille ville de %",
         "Straatgezicht in de oude stad van %", "Scena di strada nel centro storico di %", "Scena uliczna na starym mieście (%)",
         "Gatuscen i gamla stan i %", "Utcakép % óvárosában", "Σκηνή δρόμου στην παλιά πόλη: %", "Vicus in oppido vetere %"],
        ["A description of the city of %, with engravings", "Beschreibung der Stadt % mit Kupferstichen",
         "Description de la ville de %, avec gravures", "Beschrijving der stad %, met gravures",
         "Descrizione della città di %, con incisioni", "Opisanie miasta % z rycinami", "Beskrifning öfver staden %, med gravyrer",
         "% város leírása metszetekkel", "Περιγραφή της πόλης: %, με χαρακτικά", "Descriptio urbis %, cum tabulis aeneis"],
    ].map { $0.map { template in
        let parts = template.split(separator: "%", omittingEmptySubsequences: false)
        return (String(parts[0]), String(parts[1]))
    } }
    private static let templateTypes = ["IMAGE", "IMAGE", "IMAGE", "IMAGE", "IMAGE", "TEXT", "IMAGE", "TEXT"]
    private static let templateConcepts = [[6, 9, 2], [1, 2, 9], [7, 0, 2], [8, 0, 6], [5, 11, 2], [10, 4, 9], [3, 9, 6], [9, 1, 4]]

    /// Description sentences per language.
    private static let sentences: [[String]] = [
        ["Drawn in ink over graphite and later coloured by hand.", "The sheet is mounted on paper and inscribed on the verso.",
         "Part of a series made for a travel album; provenance unknown before 1900.",
         "Light falls on the water between boats and small figures on the quay."],
        ["Feder über Graphit, später von Hand koloriert.", "Das Blatt ist auf Papier aufgezogen und verso beschriftet.",
         "Teil einer Folge für ein Reisealbum; Provenienz vor 1900 unbekannt.",
         "Licht fällt auf das Wasser zwischen Booten und kleinen Figuren am Kai."],
        ["Encre sur mine de plomb, rehaussée plus tard à la main.", "La feuille est montée sur papier et annotée au verso.",
         "Fait partie d'une série destinée à un album de voyage ; provenance inconnue avant 1900.",
         "La lumière tombe sur l'eau entre les barques et de petites figures sur le quai."],
        ["Pen over potlood, later met de hand ingekleurd.", "Het blad is op papier geplakt en op de achterzijde beschreven.",
         "Onderdeel van een reeks voor een reisalbum; herkomst vóór 1900 onbekend.",
         "Licht valt op het water tussen boten en kleine figuren op de kade."],
        ["Inchiostro su grafite, colorato a mano in seguito.", "Il foglio è montato su carta e iscritto al verso.",
         "Parte di una serie per un album di viaggio; provenienza ignota prima del 1900."],
        ["Tusz na rysunku grafitem, później ręcznie kolorowany.", "Arkusz naklejony na papier, z napisem na odwrociu.",
         "Część serii do albumu podróżnego; proweniencja przed 1900 nieznana."],
        ["Tusch över blyerts, senare handkolorerad.", "Bladet är uppfodrat på papper och påskrivet på baksidan.",
         "Del av en serie för ett resealbum; proveniens före 1900 okänd."],
        ["Tus, grafit alárajzolással, később kézzel színezve.", "A lap papírra kasírozva, hátoldalán felirattal.",
         "Egy útialbumhoz készült sorozat része; 1900 előtti proveniencia ismeretlen."],
        ["Μελάνι πάνω σε γραφίτη, αργότερα χρωματισμένο με το χέρι.", "Το φύλλο είναι επικολλημένο σε χαρτί, με επιγραφή στο πίσω μέρος.",
         "Μέρος σειράς για λεύκωμα ταξιδιού· άγνωστη προέλευση πριν από το 1900."],
        ["Atramento super graphidem, postea manu coloratum.", "Folium chartae affixum, in tergo inscriptum.",
         "Pars seriei ad librum itinerarium factae."],
    ]

    /// Real places: names in the ten languages, latitude, longitude.
    private static let places: [(names: [String], lat: String, long: String)] = [
        (["Vienna", "Wien", "Vienne", "Wenen", "Vienna", "Wiedeń", "Wien", "Bécs", "Βιέννη", "Vindobona"], "48.2082", "16.3738"),
        (["Lyon", "Lyon", "Lyon", "Lyon", "Lione", "Lyon", "Lyon", "Lyon", "Λυών", "Lugdunum"], "45.764", "4.8357"),
        (["Gdansk", "Danzig", "Gdańsk", "Gdańsk", "Danzica", "Gdańsk", "Gdańsk", "Gdańsk", "Γκντανσκ", "Gedanum"], "54.352", "18.6466"),
        (["Amsterdam", "Amsterdam", "Amsterdam", "Amsterdam", "Amsterdam", "Amsterdam", "Amsterdam", "Amszterdam", "Άμστερνταμ",
          "Amstelodamum"], "52.3676", "4.9041"),
        (["Budapest", "Budapest", "Budapest", "Boedapest", "Budapest", "Budapeszt", "Budapest", "Budapest", "Βουδαπέστη",
          "Budapestinum"], "47.4979", "19.0402"),
        (["Rome", "Rom", "Rome", "Rome", "Roma", "Rzym", "Rom", "Róma", "Ρώμη", "Roma"], "41.9028", "12.4964"),
        (["Stockholm", "Stockholm", "Stockholm", "Stockholm", "Stoccolma", "Sztokholm", "Stockholm", "Stockholm", "Στοκχόλμη",
          "Holmia"], "59.3293", "18.0686"),
        (["Athens", "Athen", "Athènes", "Athene", "Atene", "Ateny", "Aten", "Athén", "Αθήνα", "Athenae"], "37.9838", "23.7275"),
        (["Bruges", "Brügge", "Bruges", "Brugge", "Bruges", "Brugia", "Brygge", "Brugge", "Μπριζ", "Brugae"], "51.2093", "3.2247"),
        (["Krakow", "Krakau", "Cracovie", "Krakau", "Cracovia", "Kraków", "Kraków", "Krakkó", "Κρακοβία", "Cracovia"], "50.0647", "19.945"),
    ]

    /// The language each place's own name is in.
    private static let placeLanguages = [1, 2, 5, 3, 7, 4, 6, 8, 3, 5]

    /// Invented makers: labels (language index, label), inverted name, life dates, birthplace, occupation.
    private static let agents: [(labels: [(Int, String)], inverted: String, born: Int, died: Int, birthplace: Int, occupation: String)] = [
        ([(0, "Anna Kovács"), (7, "Kovács Anna"), (1, "Anna Kovács"), (8, "Άννα Κόβατς")], "Kovács, Anna", 1821, 1890, 4, "painter"),
        ([(3, "Jan de Vries"), (0, "Jan de Vries"), (2, "Jean de Vries"), (9, "Ioannes Frisius")], "Vries, Jan de", 1640, 1702, 3, "engraver"),
        ([(2, "Marie Dupont"), (0, "Marie Dupont"), (4, "Maria Dupont")], "Dupont, Marie", 1788, 1851, 1, "draughtswoman"),
        ([(1, "Karl Müller"), (0, "Karl Mueller"), (5, "Karol Müller"), (6, "Karl Müller")], "Müller, Karl", 1802, 1877, 0, "cartographer"),
        ([(4, "Giulia Rossi"), (0, "Giulia Rossi"), (2, "Julie Rossi"), (9, "Iulia Rossia")], "Rossi, Giulia", 1755, 1820, 5, "painter"),
        ([(0, "Ærø Workshop"), (1, "Werkstatt Ærø"), (6, "Ærø-verkstaden"), (2, "Atelier d'Ærø")], "Ærø Workshop", 1850, 1920, 6, "workshop"),
        ([(0, "Ñuño García"), (2, "Nuño García"), (4, "Ñuño García")], "García, Ñuño", 1901, 1968, 8, "photographer"),
        ([(5, "Zofia Nowak"), (0, "Zofia Nowak"), (1, "Sophie Nowak"), (7, "Nowak Zofia")], "Nowak, Zofia", 1870, 1944, 9, "botanist"),
        ([(8, "Νίκος Παπαδάκης"), (0, "Nikos Papadakis"), (1, "Nikos Papadakis"), (2, "Nikos Papadakis")], "Papadakis, Nikos",
         1885, 1950, 7, "photographer"),
        ([(6, "Erik Lindqvist"), (0, "Erik Lindqvist"), (1, "Erik Lindqvist"), (3, "Erik Lindqvist")], "Lindqvist, Erik",
         1760, 1831, 6, "botanist"),
    ]

    /// Concepts: labels in the ten languages.
    private static let concepts: [[String]] = [
        ["painting", "Gemälde", "peinture", "schilderij", "dipinto", "obraz", "målning", "festmény", "πίνακας ζωγραφικής", "pictura"],
        ["map", "Landkarte", "carte", "kaart", "carta geografica", "mapa", "karta", "térkép", "χάρτης", "tabula geographica"],
        ["drawing", "Zeichnung", "dessin", "tekening", "disegno", "rysunek", "teckning", "rajz", "σχέδιο", "delineatio"],
        ["photograph", "Fotografie", "photographie", "foto", "fotografia", "fotografia", "fotografi", "fénykép", "φωτογραφία",
         "photographema"],
        ["manuscript", "Handschrift", "manuscrit", "handschrift", "manoscritto", "rękopis", "handskrift", "kézirat", "χειρόγραφο",
         "codex manu scriptus"],
        ["herbarium specimen", "Herbarbeleg", "spécimen d'herbier", "herbariumspecimen", "campione d'erbario", "okaz zielnikowy",
         "herbariebelägg", "herbáriumi példány", "δείγμα βοτανολογίου", "specimen herbarii"],
        ["landscape", "Landschaft", "paysage", "landschap", "paesaggio", "krajobraz", "landskap", "tájkép", "τοπίο", "regio"],
        ["portrait", "Porträt", "portrait", "portret", "ritratto", "portret", "porträtt", "portré", "προσωπογραφία", "effigies"],
        ["harbour", "Hafen", "port", "haven", "porto", "port", "hamn", "kikötő", "λιμάνι", "portus"],
        ["architecture", "Architektur", "architecture", "architectuur", "architettura", "architektura", "arkitektur", "építészet",
         "αρχιτεκτονική", "architectura"],
        ["letter", "Brief", "lettre", "brief", "lettera", "list", "brev", "levél", "επιστολή", "epistula"],
        ["pedunculate oak", "Stieleiche", "chêne pédonculé", "zomereik", "farnia", "dąb szypułkowy", "skogsek", "kocsányos tölgy",
         "βελανιδιά", "Quercus robur"],
    ]

    /// Long subject headings (over 50 characters), as library records have them.
    private static let longSubjects = [
        "Harbours -- Netherlands -- History -- 19th century -- Pictorial works",
        "Women -- Portraits -- Costume and dress -- Europe, Central -- 17th century",
        "Botany -- Specimens -- Quercus robur -- Collected in the field, labelled by hand",
        "Cities and towns -- Maps -- Early works to 1800 -- Engraved and hand-coloured",
        "Städte -- Ansichten -- Kupferstich -- Sammlung \"Topographia\" & Nachträge",
    ]
    private static let media = [("en", "ink on paper"), ("de", "Tinte auf Papier"), ("fr", "encre sur papier"), ("nl", "inkt op papier"),
                                ("it", "inchiostro su carta"), ("pl", "tusz na papierze"), ("sv", "tusch på papper"),
                                ("hu", "tus, papír"), ("el", "μελάνι σε χαρτί"), ("la", "atramentum in charta")]
    private static let dateForms = ["", "ca. ", "[", "before "]
    private static let rights = ["http://creativecommons.org/publicdomain/mark/1.0/", "http://creativecommons.org/licenses/by/4.0/",
                                 "http://rightsstatements.org/vocab/InC/1.0/", "http://creativecommons.org/publicdomain/zero/1.0/",
                                 "http://creativecommons.org/licenses/by-sa/4.0/", "http://rightsstatements.org/vocab/NoC-NC/1.0/"]
    private static let centuryNames = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
                                       "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]

    /// A century's labels in the ten languages.
    private static func centuryLabels(_ century: Int) -> [String] {
        let roman = centuryNames[century]
        return ["\(century)th century", "\(century). Jahrhundert", "\(roman)e siècle", "\(century)e eeuw", "\(roman) secolo",
                "\(roman) wiek", "\(century - 1)00-talet", "\(century). század", "\(century)ος αιώνας", "Saeculum \(roman)"]
    }
    private static let centuries: [[String]] = (0...20).map { $0 < 15 ? [] : centuryLabels($0) }

    private static let namespaces = """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:edm="http://www.europeana.eu/schemas/edm/" xmlns:owl="http://www.w3.org/2002/07/owl#" \
        xmlns:wgs84_pos="http://www.w3.org/2003/01/geo/wgs84_pos#" xmlns:skos="http://www.w3.org/2004/02/skos/core#" \
        xmlns:rdaGr2="http://rdvocab.info/ElementsGr2/" xmlns:foaf="http://xmlns.com/foaf/0.1/" \
        xmlns:ebucore="http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#" xmlns:doap="http://usefulinc.com/ns/doap#" \
        xmlns:odrl="http://www.w3.org/ns/odrl/2/" xmlns:cc="http://creativecommons.org/ns#" \
        xmlns:ore="http://www.openarchives.org/ore/terms/" xmlns:svcs="http://rdfs.org/sioc/services#" \
        xmlns:oa="http://www.w3.org/ns/oa#" xmlns:dqv="http://www.w3.org/ns/dqv#">
        """
    private static let base = "http://thresher.example/"
    static func languageTag(_ index: Int) -> String { languages[index] }

    // MARK: Records

    private static func record(number: Int, seed: UInt64, random: inout SplitMix64, out: inout XMLOut) -> SampleRecord {
        let identifier = "oai:thresher.sample:\(number)"
        let day = 1 + random.next(28)
        let month = 1 + random.next(12)
        let date = "2024-\(pad(month))-\(pad(day))"
        let datestamp = "\(date)T\(pad(random.next(24))):\(pad(random.next(60))):\(pad(random.next(60)))Z"
        let setIndex = number % Self.sets.count
        var sets = [Self.sets[setIndex]]
        if random.next(8) == 0 { sets.append(Self.sets[(number + 3) % Self.sets.count]) }
        if random.next(50) == 0 {
            return SampleRecord(identifier: identifier, datestamp: datestamp, sets: sets, deleted: true, metadataXML: "")
        }
        var r = SplitMix64(seed: (seed ^ 0x5EED_0F5A_3B1E_C0DE) &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(number))
        payload(number: number, dataset: datasets[setIndex], sets: sets, date: date, random: &r, out: &out)
        return SampleRecord(identifier: identifier, datestamp: datestamp, sets: sets, deleted: false,
                            metadataXML: String(decoding: out.bytes, as: UTF8.self))
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private static func payload(number: Int, dataset: Dataset, sets: [String], date: String, random r: inout SplitMix64,
                                out o: inout XMLOut) {
        o.bytes.removeAll(keepingCapacity: true)
        let roll = r.next(100)
        let richness = roll < 18 ? 0 : roll < 48 ? 1 : roll < 80 ? 2 : 3  // 0: sparse … 3: rich
        let sparse = richness == 0 ? r.next(3) : -1  // 0: title only, 1: description only, 2: title and identifier
        let lang = r.next(10) < 7 ? dataset.language : r.next(10)
        let template = dataset.templates[r.next(dataset.templates.count)]
        let type = r.next(40) == 0 ? "3D" : templateTypes[template]
        let place = r.next(places.count)
        let agent = r.next(agents.count)
        let maker = agents[agent]
        let year = maker.born + 20 + r.next(max(1, maker.died - maker.born - 20))
        let awkward = r.next(22)  // 0 quotes and &, 1 markup as text, 2 `<` in a description, 3 title = description,
                                  // 4 an empty value, 5 a title twice
        let hasRights = !(richness == 0 && r.next(3) == 0)
        let rightsURI = rights[r.next(rights.count)]
        let hasAgent = richness >= 2 || (richness == 1 && r.next(2) == 0)
        let local = dataset.id + "/sample_" + String(number)
        let item = base + "item/" + local
        let providerAggregation = base + "aggregation/provider/" + local
        let europeanaAggregation = base + "aggregation/europeana/" + local
        let providerProxy = base + "proxy/provider/" + local
        let shownBy = richness >= 1 ? base + "media/" + local + (type == "TEXT" ? ".pdf" : ".jpg") : ""
        let views = richness == 3 ? r.next(4) : 0

        // Contextual entities the record links to.
        var placeIDs: [Int] = richness >= 1 ? [place] : []
        let agentEntity = richness >= 2 && hasAgent
        if agentEntity && maker.birthplace != place { placeIDs.append(maker.birthplace) }
        let century = year / 100 + 1
        let timeSpans = richness >= 2
        let conceptIDs = richness >= 1 ? Array(templateConcepts[template].prefix(richness)) : []
        let labelCount = richness == 3 ? 10 : 3 + r.next(6)  // labels per entity, in the first languages

        // Titles and descriptions.
        var titles: [(lang: Int, text: String)] = []
        if sparse != 1 {
            let (before, after) = titleTemplates[template][lang]
            var primary = before + places[place].names[lang] + after
            if awkward == 0 { primary = "Study \"after nature\" & sketches: " + primary }
            if awkward == 1 { primary = "<script>alert(\"sample\")</script> " + primary }
            titles.append((r.next(5) == 0 ? -1 : lang, primary))
            if awkward == 5 { titles.append(titles[0]) }
            let more = richness == 2 ? r.next(2) : richness == 3 ? 1 + r.next(3) : 0
            for _ in 0..<more {
                let other = (lang + 1 + r.next(9)) % 10
                let (before, after) = titleTemplates[template][other]
                titles.append((other, before + places[place].names[other] + after))
            }
        }
        var descriptions: [(lang: Int, text: String)] = []
        let descriptionCount = sparse == 1 ? 1 : [0, 1, 1 + r.next(2), 2 + r.next(3)][richness]
        for index in 0..<descriptionCount {
            let dl = index == 0 ? lang : (lang + 1 + r.next(9)) % 10
            let pool = sentences[dl]
            let first = r.next(pool.count)  // consecutive sentences, repeating only once the pool is used up
            var text = pool[first]
            for next in 0..<r.next(1 + 2 * richness) { text += " " + pool[(first + 1 + next) % pool.count] }
            if index == 0 && awkward == 2 { text += " Height < 30 cm & width > 20 cm; \"unframed\"." }
            if index == 0 && awkward == 3, let title = titles.first { text = title.text }
            descriptions.append((index == 0 && r.next(4) == 0 ? -1 : dl, text))
        }

        o.raw(namespaces)
        o.open("edm:ProvidedCHO", about: item, empty: true)

        // Web resources.
        if richness >= 1 && r.next(2) == 0 { o.open("edm:WebResource", about: base + "view/" + local, empty: true) }
        if richness >= 1 {
            o.open("edm:WebResource", about: shownBy)
            o.literal("ebucore:hasMimeType", type == "TEXT" ? "application/pdf" : "image/jpeg")
            o.typed("ebucore:fileByteSize", "long", 40_000 + r.next(4_000_000))
            if type != "TEXT" {
                o.typed("ebucore:width", "integer", 600 + r.next(3_000))
                o.typed("ebucore:height", "integer", 600 + r.next(3_000))
            }
            if hasRights && richness >= 2 { o.resource("edm:rights", rightsURI) }
            o.close("edm:WebResource")
            for view in 0..<views {
                o.open("edm:WebResource", about: base + "media/" + local + "_" + String(view + 2) + ".jpg")
                o.literal("dc:description", "verso", lang: 0)
                o.literal("ebucore:hasMimeType", "image/jpeg")
                o.close("edm:WebResource")
            }
        }

        // Contextual entities.
        if agentEntity {
            o.open("edm:Agent", about: agentURI(agent))
            for (l, label) in maker.labels { o.literal("skos:prefLabel", label, lang: l) }
            o.literal("skos:altLabel", maker.inverted, lang: 0)
            if richness == 3 {
                o.literal("rdaGr2:biographicalInformation",
                          (maker.labels.first { $0.0 == 0 } ?? maker.labels[0]).1 + " (" + String(maker.born) + "–" + String(maker.died) + ") was a " + maker.occupation
                              + " born in " + places[maker.birthplace].names[0] + ".", lang: 0)
            }
            o.literal("rdaGr2:dateOfBirth", String(maker.born))
            o.literal("rdaGr2:dateOfDeath", String(maker.died))
            o.resource("rdaGr2:placeOfBirth", placeURI(maker.birthplace))
            o.literal("rdaGr2:professionOrOccupation", maker.occupation, lang: 0)
            o.close("edm:Agent")
        }
        for id in placeIDs {
            o.open("edm:Place", about: placeURI(id))
            o.literal("wgs84_pos:lat", places[id].lat)
            o.literal("wgs84_pos:long", places[id].long)
            if r.next(3) == 0 { o.literal("skos:prefLabel", places[id].names[placeLanguages[id]]) }
            for l in 0..<labelCount { o.literal("skos:prefLabel", places[id].names[l], lang: l) }
            o.close("edm:Place")
        }
        if timeSpans {
            o.open("edm:TimeSpan", about: base + "timespan/year/" + String(year))
            o.literal("skos:prefLabel", String(year))
            o.resource("dcterms:isPartOf", base + "timespan/" + String(century))
            o.literal("edm:begin", String(year) + "-01-01")
            o.literal("edm:end", String(year) + "-12-31")
            o.close("edm:TimeSpan")
            o.open("edm:TimeSpan", about: base + "timespan/" + String(century))
            let labels = centuries[century]
            for l in 0..<labelCount { o.literal("skos:prefLabel", labels[l], lang: l) }
            o.literal("edm:begin", String(century - 1) + "01-01-01")
            o.literal("edm:end", String(century) + "00-12-31")
            o.close("edm:TimeSpan")
        }
        for id in conceptIDs {
            o.open("skos:Concept", about: conceptURI(id))
            for l in 0..<labelCount { o.literal("skos:prefLabel", concepts[id][l], lang: l) }
            o.close("skos:Concept")
        }

        // The provider's aggregation.
        o.open("ore:Aggregation", about: providerAggregation)
        o.resource("edm:aggregatedCHO", item)
        o.literal("edm:dataProvider", dataset.dataProvider)
        for view in 0..<views { o.resource("edm:hasView", base + "media/" + local + "_" + String(view + 2) + ".jpg") }
        o.resource("edm:isShownAt", base + "view/" + local)
        if richness >= 1 { o.resource("edm:isShownBy", shownBy) }
        if richness >= 2 { o.resource("edm:object", base + "thumb/" + local + ".jpg") }
        o.literal("edm:provider", "Thresher Sample Aggregator")
        if hasRights { o.resource("edm:rights", rightsURI) }
        o.close("ore:Aggregation")

        // The provider proxy.
        o.open("ore:Proxy", about: providerProxy)
        if richness == 3 {
            let other = agents[(agent + 1 + r.next(agents.count - 1)) % agents.count]
            o.literal("dc:contributor", other.inverted + ", " + String(other.born) + "-" + String(other.died))
        }
        if hasAgent {
            o.literal("dc:creator", maker.inverted + ", " + String(maker.born) + "-" + String(maker.died))
            if richness >= 2 { o.resource("dc:creator", agentURI(agent)) }
        } else if richness == 1 {
            o.literal("dc:creator", "Unknown maker", lang: 0)
        }
        if richness >= 1 {
            let form = dateForms[r.next(dateForms.count)]
            o.literal("dc:date", form + String(year) + (form == "[" ? "?]" : ""))
        }
        for description in descriptions { o.literal("dc:description", description.text, lang: description.lang) }
        if awkward == 4 { o.literal("dc:description", "") }
        if richness >= 2 {
            o.literal("dc:format", type == "TEXT" ? String(16 + r.next(400)) + " p."
                          : String(10 + r.next(60)) + " x " + String(10 + r.next(60)) + " cm")
        }
        if sparse != 0 && sparse != 1 || richness >= 1 { o.literal("dc:identifier", "INV-" + String(number)) }
        if richness >= 2 || (richness == 1 && type == "TEXT") { o.literal("dc:language", languages[lang]) }
        if richness >= 2 && type == "TEXT" {
            o.literal("dc:publisher", "Officina Exempli, " + places[place].names[lang], lang: lang)
        }
        if richness == 3 && r.next(2) == 0 { o.literal("dc:rights", "Thresher sample data (CC0)", lang: 0) }
        if richness >= 1 {
            for _ in 0..<r.next(1 + 2 * richness) {
                let concept = templateConcepts[template][r.next(3)]
                o.literal("dc:subject", concepts[concept][lang], lang: r.next(3) == 0 ? -1 : lang)
            }
            if richness >= 2 && r.next(3) == 0 { o.literal("dc:subject", longSubjects[r.next(longSubjects.count)], lang: 0) }
            if richness == 3 { o.resource("dc:subject", conceptURI(conceptIDs[0])) }
        }
        for title in titles { o.literal("dc:title", title.text, lang: title.lang) }
        if richness >= 1 { o.literal("dc:type", concepts[templateConcepts[template][0]][lang], lang: lang) }
        if richness == 3 {
            let other = (lang + 1 + r.next(9)) % 10
            o.literal("dcterms:alternative", concepts[templateConcepts[template][0]][other] + ": "
                          + places[place].names[other], lang: other)
        }
        if richness >= 2 && r.next(2) == 0 { o.literal("dcterms:created", String(year)) }
        if richness >= 2 && r.next(2) == 0 { o.literal("dcterms:isPartOf", "Sample collection: " + sets[0], lang: 0) }
        if richness >= 2 && type == "IMAGE" { o.literal("dcterms:medium", media[lang].1, lang: lang) }
        if richness == 1 { o.literal("dcterms:spatial", places[place].names[lang]) }
        if richness >= 2 { o.resource("dcterms:spatial", placeURI(place)) }
        o.literal("edm:europeanaProxy", "false")
        o.resource("ore:proxyFor", item)
        o.resource("ore:proxyIn", providerAggregation)
        o.literal("edm:type", type)
        o.close("ore:Proxy")

        // The Europeana proxy: the enrichment links.
        o.open("ore:Proxy", about: base + "proxy/europeana/" + local)
        if agentEntity { o.resource("dc:creator", agentURI(agent)) }
        if timeSpans { o.resource("dc:date", base + "timespan/year/" + String(year)) }
        if richness >= 1 { o.literal("dc:identifier", "sample_" + String(number)) }
        for id in conceptIDs { o.resource("dc:subject", conceptURI(id)) }
        if richness >= 1 { o.resource("dcterms:spatial", placeURI(place)) }
        if timeSpans { o.resource("dcterms:temporal", base + "timespan/" + String(century)) }
        o.literal("edm:europeanaProxy", "true")
        if richness >= 1 { o.literal("edm:year", String(year)) }
        o.resource("ore:proxyFor", item)
        o.resource("ore:proxyIn", europeanaAggregation)
        o.resource("ore:lineage", providerProxy)
        o.literal("edm:type", type)
        o.close("ore:Proxy")

        o.open("edm:EuropeanaAggregation", about: europeanaAggregation)
        o.resource("edm:aggregatedCHO", item)
        o.literal("edm:datasetName", dataset.name)
        o.literal("edm:country", dataset.country)
        if richness >= 1 { o.resource("edm:preview", base + "thumb/" + local + ".jpg") }
        o.resource("edm:landingPage", base + "portal/item/" + local)
        o.literal("edm:language", languages[dataset.language])
        o.literal("edm:completeness", String(min(10, 1 + 3 * richness + r.next(2))))
        o.literal("dcterms:created", date + "T00:00:00.000Z")
        o.close("edm:EuropeanaAggregation")
        o.raw("\n</rdf:RDF>")
    }

    private static func agentURI(_ id: Int) -> String { base + "agent/base/" + String(1_001 + id) }
    private static func placeURI(_ id: Int) -> String { base + "place/base/" + String(201 + id) }
    private static func conceptURI(_ id: Int) -> String { base + "concept/base/" + String(41 + id) }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// The payload's bytes, written without intermediate strings (the demo and benchmarks make 100,000s of records).
private struct XMLOut {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(32_768) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// `text` escaped as character data, or for a double-quoted attribute value.
    mutating func text(_ text: String, attribute: Bool = false) {
        XMLEscaping.append(text, attribute: attribute, to: &bytes)
    }

    /// A class node's start tag on its own line (`empty`: the whole, empty node).
    mutating func open(_ name: String, about: String, empty: Bool = false) {
        raw("\n  <"); raw(name); raw(" rdf:about=\""); text(about, attribute: true); raw(empty ? "\"/>" : "\">")
    }

    mutating func close(_ name: String) { raw("\n  </"); raw(name); raw(">") }

    /// A property with a literal value; `lang` indexes the language tags (-1: none).
    mutating func literal(_ name: String, _ value: String, lang: Int = -1) {
        raw("\n    <"); raw(name)
        if lang >= 0 { raw(" xml:lang=\""); raw(SampleRecords.languageTag(lang)); raw("\"") }
        raw(">"); text(value); raw("</"); raw(name); raw(">")
    }

    /// A property with an XML Schema datatype.
    mutating func typed(_ name: String, _ datatype: String, _ value: Int) {
        raw("\n    <"); raw(name); raw(" rdf:datatype=\"http://www.w3.org/2001/XMLSchema#"); raw(datatype); raw("\">")
        raw(String(value)); raw("</"); raw(name); raw(">")
    }

    /// A property linking to `uri`.
    mutating func resource(_ name: String, _ uri: String) {
        raw("\n    <"); raw(name); raw(" rdf:resource=\""); text(uri, attribute: true); raw("\"/>")
    }
}
