import Foundation
import Pipeline
import RecordStore

/// make bench-dedup's Swift side.
///   generate --records N --store PATH --sample N --sample-out FILE
///       a store of N generated records with planted near-duplicates, cleansed views written directly (no harvest, no
///       cleanse), and the normalised texts of the first N' records (one a line) for the datasketch peer
///   run --store PATH [--threshold 0.8] [--jobs 2]
///       one dedup run, timed; precision and recall of the planted pairs
///   cleanse --store PATH [--jobs 2]
///       one cleanse run over every record (the generated views replaced by the built-in EDM mapping's), timed
///   labelled --input labelled.jsonl --store PATH [--threshold 0.8]
///       the labelled set (Benchmarks/dedup-labelled) loaded and deduplicated; pair precision and recall
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String) -> String? {
    guard let k = arguments.firstIndex(of: "--" + name), k + 1 < arguments.count else { return nil }
    return arguments[k + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("dedup-bench: " + message + "\n").utf8))
    exit(1)
}

/// `text` as a JSON string literal.
func appendJSONString(_ text: String, to out: inout [UInt8]) {
    let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
    out += Array(data.dropFirst().dropLast())
}

/// Stores records (minimal EDM JSON with a provider proxy of their fields) and their cleansed views.
func load(_ records: [(guid: String, fields: [String: [String]])], into store: SQLiteRecordStore) throws {
    let names = ["title": "dc:title", "creator": "dc:creator", "description": "dc:description", "date": "dc:date",
                 "subject": "dc:subject", "type": "dc:type", "language": "dc:language"]
    for start in stride(from: 0, to: records.count, by: 2_000) {
        let page = records[start..<min(records.count, start + 2_000)]
        var inputs: [RecordInput] = []
        for record in page {
            var json: [UInt8] = Array(#"{"edm:ProvidedCHO":[{"@about":"#.utf8)
            appendJSONString(record.guid, to: &json)
            json += Array(#"}],"ore:Proxy":[{"edm:europeanaProxy":["false"]"#.utf8)
            for (field, values) in record.fields.sorted(by: { $0.key < $1.key }) {
                guard let name = names[field] else { continue }
                json += Array(",\"\(name)\":[".utf8)
                for (k, value) in values.enumerated() {
                    if k > 0 { json.append(0x2C) }
                    appendJSONString(value, to: &json)
                }
                json.append(0x5D)
            }
            json += Array("}]}".utf8)
            inputs.append(RecordInput(identifier: record.guid, datestamp: "2024-01-01T00:00:00Z", deleted: false, sets: ["bench"],
                                      metadataBytes: Array("<r/>".utf8), jsonBytes: json))
        }
        _ = try store.storeRecords(inputs, metadataPrefix: "edm")
    }
    var after: Int64?
    var views: [CleansedViewInput] = []
    var byGuid: [String: [String: [String]]] = [:]
    for record in records { byGuid[record.guid] = record.fields }
    while true {
        let page = try store.uncleansed(metadataPrefix: nil, mappingHash: "bench", after: after, limit: 8_192)
        guard let through = page.through else { break }
        for record in try store.recordJSON(seqs: page.seqs, withXML: false) {
            let fields = byGuid[record.identifier] ?? [:]
            let view = CleansedRecord(guid: record.identifier, datestamp: "2024-01-01T00:00:00Z",
                                      fields: fields.mapValues { $0.map { CleansedRecord.Value($0) } })
            views.append(CleansedViewInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash,
                                           mappingHash: "bench", view: view.encoded(), rejected: []))
        }
        try store.storeCleansedViews(views)
        views.removeAll(keepingCapacity: true)
        after = through
    }
}

/// Pair precision and recall of the store's clusters against `groups` (guid → group; records of one group are
/// duplicates of each other).
func pairFigures(_ store: SQLiteRecordStore, groups: [String: String]) throws -> (precision: Double, recall: Double,
                                                                                   found: Int, right: Int, truth: Int) {
    var truth = 0
    var sizes: [String: Int] = [:]
    for group in groups.values { sizes[group, default: 0] += 1 }
    for size in sizes.values { truth += size * (size - 1) / 2 }
    var found = 0, right = 0
    for cluster in try store.duplicateClusters() {
        let members = cluster.members
        found += members.count * (members.count - 1) / 2
        var byGroup: [String: Int] = [:]
        for member in members { if let g = groups[member] { byGroup[g, default: 0] += 1 } }
        for count in byGroup.values { right += count * (count - 1) / 2 }
    }
    return (found == 0 ? 1 : Double(right) / Double(found), truth == 0 ? 1 : Double(right) / Double(truth), found, right, truth)
}

func runDedup(_ store: SQLiteRecordStore, threshold: Double, jobs: Int) async throws -> (DedupSummary, Double) {
    let start = Date()
    let summary = try await DedupRun(store: store, options: DedupOptions(threshold: threshold, jobs: jobs)).run()
    return (summary, Date().timeIntervalSince(start))
}

func describe(_ s: DedupSummary) -> String {
    "\(s.records) records, \(s.checked) checked, \(s.candidates) candidate pairs, \(s.evidence) evidence, "
        + "\(s.clusters) clusters with \(s.clustered) records, \(s.measured) measured"
}

func maxRSSMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let threshold = option("threshold").flatMap(Double.init) ?? 0.8
let jobs = option("jobs").flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount

switch arguments.first {
case "generate":
    guard let path = option("store"), let count = option("records").flatMap(Int.init) else { fail("generate --records N --store PATH") }
    let sampleSize = option("sample").flatMap(Int.init) ?? 100_000
    let start = Date()
    let store = try SQLiteRecordStore(path: path)
    var generator = PlantedCorpus(seed: 15)
    var sampleText: [UInt8] = []
    var made = 0
    var batch: [(guid: String, fields: [String: [String]])] = []
    while made < count {
        batch.removeAll(keepingCapacity: true)
        while batch.count < 50_000 && made < count {
            for record in generator.next() where made < count {
                batch.append(record)
                if made < sampleSize {
                    let text = RecordKeys(CleansedRecord(guid: record.guid, datestamp: nil,
                                                         fields: record.fields.mapValues { $0.map { .init($0) } })).text
                    sampleText += text
                    sampleText.append(0x0A)
                }
                made += 1
            }
        }
        try load(batch, into: store)
        FileHandle.standardError.write(Data("\r  generated \(made) records".utf8))
    }
    FileHandle.standardError.write(Data("\n".utf8))
    if let out = option("sample-out") { try Data(sampleText).write(to: URL(fileURLWithPath: out)) }
    print(String(format: "generated %d records (%d planted duplicates) in %.1f s", made, generator.planted, Date().timeIntervalSince(start)))

case "run":
    guard let path = option("store") else { fail("run --store PATH") }
    let store = try SQLiteRecordStore(path: path)
    let (summary, seconds) = try await runDedup(store, threshold: threshold, jobs: jobs)
    print(String(format: "dedup: %.2f s, %.0f records/s, peak RSS %.0f MB; ", seconds, Double(summary.records) / seconds,
                 maxRSSMB()) + describe(summary))
    var groups: [String: String] = [:]
    var after: Int64?
    while true {
        let page = try store.cleansedViews(after: after, limit: 65_536, rejectedOnly: false)
        guard let last = page.last else { break }
        for view in page { groups[view.identifier] = String(view.identifier.split(separator: "#").first ?? "") }
        after = last.seq
    }
    let figures = try pairFigures(store, groups: groups)
    print(String(format: "planted pairs: precision %.4f, recall %.4f (%d pairs clustered, %d right, %d planted)",
                 figures.precision, figures.recall, figures.found, figures.right, figures.truth))
    let (again, againSeconds) = try await runDedup(store, threshold: threshold, jobs: jobs)
    print(String(format: "dedup again (unchanged): %.2f s, up to date: ", againSeconds) + (again.upToDate ? "yes" : "no"))

case "cleanse":
    guard let path = option("store") else { fail("cleanse --store PATH") }
    let store = try SQLiteRecordStore(path: path)
    let start = Date()
    var run = try CleanseRun(store: store, mapping: .edm, require: [])
    run.jobs = jobs
    let summary = try run.run()
    let seconds = Date().timeIntervalSince(start)
    print(String(format: "cleanse: %.2f s, %.0f records/s, peak RSS %.0f MB; %d processed, %d accepted, %d rejected", seconds,
                 Double(summary.processed) / seconds, maxRSSMB(), summary.processed, summary.accepted, summary.rejected))

case "labelled":
    guard let input = option("input"), let path = option("store") else { fail("labelled --input FILE --store PATH") }
    let data = try Data(contentsOf: URL(fileURLWithPath: input))
    var records: [(guid: String, fields: [String: [String]])] = []
    var groups: [String: String] = [:]
    var variants: [String: String] = [:]
    for line in data.split(separator: 0x0A) where !line.isEmpty {
        guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let guid = object["guid"] as? String, let group = object["group"] as? String,
              let fields = object["fields"] as? [String: [String]] else { fail("\(input): a line is not a labelled record") }
        records.append((guid, fields))
        groups[guid] = group
        variants[guid] = object["variant"] as? String ?? "?"
    }
    try? FileManager.default.removeItem(atPath: path)
    let store = try SQLiteRecordStore(path: path)
    try load(records, into: store)
    let (summary, _) = try await runDedup(store, threshold: threshold, jobs: jobs)
    let figures = try pairFigures(store, groups: groups)
    print("labelled set: \(records.count) records, \(Set(groups.values).count) groups; \(describe(summary))")
    print(String(format: "threshold %.2f: pair precision %.4f, recall %.4f (%d pairs clustered, %d right, %d labelled)",
                 threshold, figures.precision, figures.recall, figures.found, figures.right, figures.truth))
    // Per variant: is it clustered with its base record? And the wrong pairs.
    var hits: [String: (Int, Int)] = [:]
    for (guid, variant) in variants where variant != "base" {
        let base = String(guid.split(separator: "#").first ?? "")
        let cluster = try store.duplicateCluster(of: guid)
        let expected = !["other-work", "untitled"].contains(variant)
        let together = cluster?.members.contains(base) ?? false
        var entry = hits[variant] ?? (0, 0)
        entry.0 += together == expected ? 1 : 0
        entry.1 += 1
        hits[variant] = entry
    }
    for (variant, entry) in hits.sorted(by: { $0.key < $1.key }) {
        print("  \(variant): \(entry.0) of \(entry.1) as labelled (with the base record: \(["other-work", "untitled"].contains(variant) ? "no" : "yes"))")
    }
    for cluster in try store.duplicateClusters() where Set(cluster.members.compactMap { groups[$0] }).count > 1 {
        print("  wrong cluster: \(cluster.members.joined(separator: " "))")
    }

default:
    fail("usage: DedupBench generate|run|labelled …")
}
