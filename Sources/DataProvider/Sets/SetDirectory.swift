/// The published setSpec of every stored set name, and back: valid names unchanged, the others escaped
/// (`SetSpec.escaped`), with a `~~2`, `~~3` … suffix in the rare case the escaped form is itself a stored valid name.
/// Deterministic for a given collection of names.
struct SetDirectory: Sendable {
    /// Stored name → published spec.
    private(set) var published: [String: String] = [:]
    /// Published spec → stored name.
    private(set) var stored: [String: String] = [:]

    init(names: some Sequence<String>) {
        let unique = Set(names)
        var invalid: [String] = []
        for name in unique {
            if SetSpec.isValid(name) {
                published[name] = name
                stored[name] = name
            } else {
                invalid.append(name)
            }
        }
        for name in invalid.sorted() {
            let base = SetSpec.escaped(name)
            var candidate = base
            var suffix = 2
            while stored[candidate] != nil {
                candidate = base + "~~\(suffix)"
                suffix += 1
            }
            published[name] = candidate
            stored[candidate] = name
        }
    }
}
