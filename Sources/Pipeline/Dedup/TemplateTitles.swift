/// Titles that say a record has no real title ("Untitled", "Sans titre", "[no title]", …): they never make two
/// records duplicates. Compared after `KeyNormalizer` (so "[No title]" and "no title" are one entry). The list is
/// documented in docs/DEDUP.md.
public enum TemplateTitles {
    /// The normalised template titles.
    public static let normalized: Set<String> = [
        // English
        "untitled", "no title", "without title", "title unknown", "unknown title", "unknown", "unnamed", "none", "n a",
        "not titled", "title", "no name", "anonymous",
        // French
        "sans titre", "titre inconnu", "sans nom",
        // German
        "ohne titel", "o t", "unbenannt", "titel unbekannt", "ohne namen",
        // Italian, Spanish, Portuguese
        "senza titolo", "sin titulo", "sem titulo", "titulo desconocido",
        // Dutch, Scandinavian, Finnish
        "zonder titel", "geen titel", "utan titel", "uden titel", "uten tittel", "ilman nimea", "nimeton",
        // Polish, Czech, Slovak, Hungarian, Romanian, Slovenian, Croatian, Greek
        "bez tytulu", "bez nazvu", "bez nazwy", "cim nelkul", "fara titlu", "brez naslova", "bez naslova", "χωρις τιτλο",
    ]

    /// True when `normalizedTitle` (already normalised) is a template title or empty.
    public static func isTemplate(_ normalizedTitle: String) -> Bool {
        normalizedTitle.isEmpty || normalized.contains(normalizedTitle)
    }
}
