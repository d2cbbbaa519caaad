import Foundation
import Quality
import RecordStore

// ReportBench: the store of `make bench-report` (Benchmarks/scripts/bench-report.sh).
//   ReportBench store --store PATH --records N [--batch 5000]
//       makes a fresh record store of N records with tiny payloads across 1,000 datasets (skewed: dataset d holds
//       about ((d+1)^(1/2) - d^(1/2)) of the records, the largest about 3%) and 300 data providers, and stores
//       for each a synthetic measurement of the built-in `edm` schema (MeasurementCodec, the layout of the real
//       scorer, completeness/existence/cardinality/problems/language summaries drawn from a seeded RNG; record k
//       is the same whatever N is), with the schema hash `thresher report` computes, so it measures nothing.
//       Nothing is scored: this is the report's input, made fast.

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    return args[k + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ReportBench: \(message)\n".utf8))
    exit(1)
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// SplitMix64: a deterministic stream per record.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 ^ 0x5DEE_CE66_D1CE_4E5B }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let datasetCount = 1_000
let providerCount = 300
let datasets = (0..<datasetCount).map { String(format: "%05d_Ag_Bench_Dataset_%03d", 9_200_000 + $0, $0) }
let providers = (0..<providerCount).map { String(format: "Bench Data Provider %03d", $0) }
let languages = ["en", "de", "fr", "nl", "it", "es", "pl", "sv", "fi", "el", "cs", "hu"]

let command = CommandLine.arguments.dropFirst().first ?? ""
switch command {
case "store":
    guard let path = argument("--store") else { fail("store: --store PATH") }
    guard let count = argument("--records").flatMap(Int.init), count > 0 else { fail("store: --records N") }
    let batchSize = Int(argument("--batch") ?? "") ?? 5_000
    let source: SchemaSource
    let layout: MeasurementLayout
    do {
        source = try SchemaSource.builtin(named: "edm")
        layout = try RecordScorer(schema: MeasurementSchema.builtin(named: "edm")).layout
    } catch { fail("schema edm: \(error)") }
    let schemaHash = source.definition.withUnsafeBytes { XXH64.hex(bytes: $0) }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store: SQLiteRecordStore
    do { store = try SQLiteRecordStore(path: path) } catch { fail("\(path): \(error)") }
    let dims = layout.dimensions.count, fields = layout.fields.count, problemCount = layout.problems.count
    let multi = layout.multilingualFields.count, scopeCount = layout.scopes.count
    let json: [UInt8] = Array("{}".utf8)
    let start = ContinuousClock.now
    var recordBatch: [RecordInput] = [], measureBatch: [MeasurementInput] = []
    recordBatch.reserveCapacity(batchSize)
    measureBatch.reserveCapacity(batchSize)
    var resultBytes = 0
    var seq: Int64 = 0
    for first in stride(from: 0, to: count, by: batchSize) {
        let n = min(batchSize, count - first)
        recordBatch.removeAll(keepingCapacity: true)
        measureBatch.removeAll(keepingCapacity: true)
        for k in first..<(first + n) {
            var rng = SplitMix(seed: UInt64(k))
            let u = rng.unit()
            let d = min(datasetCount - 1, Int(Double(datasetCount) * u * u))  // skewed: small d are large datasets
            let p = (d * 7 + (rng.below(10) == 0 ? rng.below(providerCount) : 0)) % providerCount
            let identifier = "/\(9_200_000 + d)/bench_\(k)"
            let xml = Array("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" rdf:about=\"\(identifier)\"/>".utf8)
            let hash = xml.withUnsafeBytes { XXH64.hex(bytes: $0) }
            recordBatch.append(RecordInput(identifier: identifier, datestamp: "2024-01-01T00:00:00Z", deleted: false,
                                           sets: [datasets[d]], metadataBytes: xml, jsonBytes: json))
            // The measurement: a per-dataset quality level, varied per record.
            let level = 0.35 + 0.5 * Double((d * 37) % 100) / 100
            var completeness: [Double?] = [nil]
            for j in 0..<dims {
                let v = rng.below(25) == 0 ? nil : max(0, min(1, level + (rng.unit() - 0.5) * 0.4 + Double(j % 3) * 0.03))
                completeness.append(v)
            }
            let present = completeness.dropFirst().compactMap { $0 }
            completeness[0] = present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
            var existence = [Bool](repeating: false, count: fields)
            var cardinality = [Int](repeating: 0, count: fields)
            for f in 0..<fields where rng.unit() < level {
                existence[f] = true
                cardinality[f] = 1 + (rng.below(4) == 0 ? rng.below(6) : 0)
            }
            var problems = [Int](repeating: 0, count: problemCount)
            for q in 0..<problemCount where rng.below(8) == 0 { problems[q] = 1 + rng.below(3) }
            var perField: [[LanguageCount]] = []
            var tagged = 0
            var seen = Set<String>()
            for _ in 0..<multi {
                var list: [LanguageCount] = []
                if rng.unit() < level {
                    for _ in 0..<(1 + rng.below(2)) {
                        let lang = languages[rng.below(rng.below(3) == 0 ? languages.count : 3)]
                        if list.contains(where: { $0.language == lang }) { continue }
                        let c = 1 + rng.below(3)
                        list.append(LanguageCount(lang, c)); tagged += c; seen.insert(lang)
                    }
                }
                perField.append(list)
            }
            let scopes = (0..<scopeCount).map { _ in
                LanguageSummary(taggedLiterals: rng.below(tagged + 1), languages: rng.below(seen.count + 1))
            }
            let m = RecordMeasurement(layout: layout, completeness: completeness, existence: existence, cardinality: cardinality,
                                      problems: problems, languages: perField, scopes: scopes,
                                      record: LanguageSummary(taggedLiterals: tagged, languages: seen.count))
            let result = MeasurementCodec.encode(m)
            resultBytes += result.count
            seq += 1  // a fresh store numbers its records 1, 2, … in insertion order
            measureBatch.append(MeasurementInput(seq: seq, identifier: identifier, contentHash: hash, dataset: datasets[d],
                                                 dataProvider: providers[p], total: m.total, result: result))
        }
        do {
            try store.storeRecords(recordBatch, metadataPrefix: "edm")
            try store.storeMeasurements(measureBatch, schema: source.schema.name, schemaHash: schemaHash)
        } catch { fail("storing: \(error)") }
        if first % 100_000 < batchSize, first > 0 {
            FileHandle.standardError.write(Data(String(format: "  %d records, %.0f s\n", first, seconds(since: start)).utf8))
        }
    }
    do { try store.completeIndexes() } catch { fail("indexes: \(error)") }
    let s = seconds(since: start)
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print(String(format: "store: %d measured records (%d datasets, %d providers, mean result %d bytes) into %@ in %.1f s (%.0f records/s); file %.0f MB; schema hash %@",
                 count, datasetCount, providerCount, resultBytes / count, path, s, Double(count) / max(s, 1e-9),
                 Double(size) / 1e6, schemaHash))

default:
    fail("usage: ReportBench store --store PATH --records N [--batch N]")
}
