import Quality
import RecordStore
import ThresherCore

/// Chooses each cluster's canonical record: the most complete one by the TOTAL of its `edm` measurement (records not
/// yet measured from their current content are measured first and their measurements stored, as `measure` would
/// store them), ties broken by the smallest identifier (by UTF-8 bytes). A record that cannot be measured ranks last.
struct CanonicalChooser {
    let store: any DuplicateClusterStoring & MeasurementStoring
    let jobs: Int

    /// The TOTAL of each of `seqs` (nil: no TOTAL), measuring those without a current measurement; and how many
    /// were measured.
    func totals(_ seqs: [Int64]) throws -> (totals: [Int64: Double?], measured: Int) {
        let source = try SchemaSource.builtin(named: "edm")
        let schemaHash = source.definition.withUnsafeBytes { XXH64.hex(bytes: $0) }
        var totals: [Int64: Double?] = [:]
        var missing: [Int64] = []
        for start in stride(from: 0, to: seqs.count, by: 4_096) {
            let chunk = Array(seqs[start..<min(seqs.count, start + 4_096)])
            let found = try store.currentTotals(seqs: chunk, schema: source.schema.name, schemaHash: schemaHash)
            totals.merge(found) { a, _ in a }
            missing += chunk.filter { found[$0] == nil }
        }
        guard !missing.isEmpty else { return (totals, 0) }
        let scorer = ParallelScorer(scorer: try RecordScorer(schema: source.schema, file: source.file), jobs: jobs)
        var measured = 0
        for start in stride(from: 0, to: missing.count, by: 4_096) {
            let records = try store.recordJSON(seqs: Array(missing[start..<min(missing.count, start + 4_096)]), withXML: false)
            let results = scorer.score(records.map { $0.json.isEmpty ? nil : $0.json },
                                       problems: records.map { $0.json.isEmpty ? "it has no JSON" : nil })
            var stored: [MeasurementInput] = []
            for (record, result) in zip(records, results) {
                guard case .measured(let identity, let measurement) = result else { continue }
                stored.append(MeasurementInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash,
                                               dataset: identity.dataset, dataProvider: identity.dataProvider,
                                               total: measurement.total, result: MeasurementCodec.encode(measurement)))
                totals[record.seq] = .some(measurement.total)
            }
            try store.storeMeasurements(stored, schema: source.schema.name, schemaHash: schemaHash)
            measured += stored.count
        }
        return (totals, measured)
    }

    /// The canonical member of a cluster given its members' identifiers and totals.
    static func canonical(_ members: [(seq: Int64, identifier: String)], totals: [Int64: Double?]) -> String {
        var best: (identifier: String, total: Double)?
        for member in members {
            let total = (totals[member.seq] ?? nil) ?? -Double.infinity
            if let current = best {
                if total > current.total
                    || (total == current.total && member.identifier.utf8.lexicographicallyPrecedes(current.identifier.utf8)) {
                    best = (member.identifier, total)
                }
            } else {
                best = (member.identifier, total)
            }
        }
        return best?.identifier ?? ""
    }
}
