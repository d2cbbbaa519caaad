import Quality
import RecordStore
import ThresherCore

/// Chooses each cluster's canonical record: the most complete one by the TOTAL of its `edm` measurement (records not
/// yet measured from their current content are measured first and their measurements stored, as `measure` would
/// store them), ties broken by the smallest identifier (by UTF-8 bytes). A record that cannot be measured ranks last.
struct CanonicalChooser {
    let store: any DedupScanning
    let jobs: Int

    /// The identifier and TOTAL of each of `seqs` (nil: no TOTAL), measuring those without a current measurement;
    /// and how many were measured. The stored ones are looked up on `jobs` threads.
    func members(_ seqs: [Int64]) throws -> (identifiers: [Int64: String], totals: [Int64: Double?], measured: Int) {
        let source = try SchemaSource.builtin(named: "edm")
        let schemaHash = source.definition.withUnsafeBytes { XXH64.hex(bytes: $0) }
        let chunk = 8_192, chunks = (seqs.count + chunk - 1) / chunk
        let threads = max(1, min(jobs, chunks))
        let found = Locked([Result<(identifiers: [Int64: String], totals: [Int64: Double?]), StoreError>]())
        let store = self.store, schema = source.schema.name
        Parallel.run(threads) { thread in
            for k in stride(from: thread, to: chunks, by: threads) {
                let part = Array(seqs[(k * chunk)..<min(seqs.count, (k + 1) * chunk)])
                let result = Result { () throws(StoreError) in try store.dedupMembers(seqs: part, schema: schema, schemaHash: schemaHash) }
                found.withLock { $0.append(result) }
            }
        }
        var identifiers: [Int64: String] = [:]
        var totals: [Int64: Double?] = [:]
        identifiers.reserveCapacity(seqs.count)
        totals.reserveCapacity(seqs.count)
        for result in found.withLock({ $0 }) {
            let part = try result.get()
            identifiers.merge(part.identifiers) { a, _ in a }
            totals.merge(part.totals) { a, _ in a }
        }
        let missing = seqs.filter { totals[$0] == nil }
        let measured = try measure(missing, into: &totals, source: source, schemaHash: schemaHash)
        return (identifiers, totals, measured)
    }

    /// Measures `missing` as `measure` would, stores their measurements and adds their TOTALs; how many were measured.
    private func measure(_ missing: [Int64], into totals: inout [Int64: Double?], source: SchemaSource,
                         schemaHash: String) throws -> Int {
        guard !missing.isEmpty else { return 0 }
        let scorer = ParallelScorer(scorer: try RecordScorer(schema: source.schema, file: source.file), jobs: jobs)
        let store = self.store
        let next = Locked(0)
        var measured = 0
        // The next chunk is read and the previous one stored while a chunk is scored and encoded.
        try PagePipeline<[RecordJSON], [MeasurementInput]>.run(depth: 2, workers: 1, read: {
            let range = next.withLock { start -> Range<Int> in
                let range = start..<min(missing.count, start + 4_096)
                start = range.upperBound
                return range
            }
            guard !range.isEmpty else { return nil }
            return try store.recordJSON(seqs: Array(missing[range]), withXML: false)
        }, work: { records in
            let results = scorer.score(records.map { $0.json.isEmpty ? nil : $0.json },
                                       problems: records.map { $0.json.isEmpty ? "it has no JSON" : nil })
            var inputs: [MeasurementInput] = []
            for (record, result) in zip(records, results) {
                guard case .measured(let identity, let measurement) = result else { continue }
                inputs.append(MeasurementInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash,
                                               dataset: identity.dataset, dataProvider: identity.dataProvider,
                                               total: measurement.total, result: MeasurementCodec.encode(measurement)))
            }
            return inputs
        }, consume: { inputs in
            for input in inputs { totals[input.seq] = .some(input.total) }
            try store.storeMeasurements(inputs, schema: source.schema.name, schemaHash: schemaHash)
            measured += inputs.count
        })
        return measured
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
