import EDM
import Foundation
import OAIPMH
import RecordStore

// make bench-store: today's store (payloads as text) beside the compressed one (zstd with per-format dictionaries),
// in one run, on the generated EDM corpus (`SampleRecords`, with each record's JSON as the harvester makes it): pages of
// 250 with their checkpoint, as a harvest writes them, into fresh SQLite files; then bytes on disk per record (after the
// store is closed, so the WAL is checkpointed into the file), and reading back: every record (`forEachRecord`), the
// measure path (`jsonBatches`) and single records by identifier. ROUNDS (default 2) alternates the two.
//
//   StoreBench [RECORDS]    default 100,000
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let rounds = Int(ProcessInfo.processInfo.environment["ROUNDS"] ?? "") ?? 2
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresher-storebench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

/// This process's user + system CPU seconds so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

let started = Date()
let inputs: [RecordInput] = SampleRecords.make(count: count, seed: 1).map { sample in
    guard !sample.deleted else {
        return RecordInput(identifier: sample.identifier, datestamp: sample.datestamp, deleted: true, sets: sample.sets,
                           metadataBytes: nil, jsonBytes: nil)
    }
    let json = (try? RecordConverter.json(metadataXML: sample.metadataXML, identifier: sample.identifier, sets: sample.sets)) ?? "{}"
    return RecordInput(identifier: sample.identifier, datestamp: sample.datestamp, deleted: false, sets: sample.sets,
                       metadataXML: sample.metadataXML, json: json)
}
let payloadBytes = inputs.reduce(0) { $0 + ($1.metadataBytes?.count ?? 0) + ($1.jsonBytes?.count ?? 0) }
let live = inputs.filter { !$0.deleted }.count
print(String(format: "# StoreBench: %d generated EDM records (%d live; %.1f MB of XML+JSON, %.0f bytes per live record), made in %.1f s",
             count, live, Double(payloadBytes) / 1e6, Double(payloadBytes) / Double(max(1, live)), Date().timeIntervalSince(started)))

var random = SystemRandomNumberGenerator()
let lookups = (0..<2_000).map { _ in inputs[Int.random(in: 0..<inputs.count, using: &random)].identifier }

func run(_ label: String, _ compression: PayloadCompression, round: Int) throws {
    let path = directory.appendingPathComponent("\(label.replacingOccurrences(of: "/", with: "_"))-\(round).sqlite").path
    var cpu = cpuSeconds()
    let wall = Date()
    do {
        let store = try SQLiteRecordStore(path: path, payloadCompression: compression)
        var checkpoint = SetCheckpoint(key: HarvestJobKey(endpoint: "http://127.0.0.1/oai", metadataPrefix: "edm", set: nil))
        for page in stride(from: 0, to: count, by: 250) {
            checkpoint.pages += 1
            checkpoint.records += min(count, page + 250) - page
            checkpoint.resumptionToken = "token-\(page)"
            try store.storePage(Array(inputs[page..<min(count, page + 250)]), metadataPrefix: "edm", checkpoint: checkpoint)
        }
        try store.completeIndexes()
    }  // closed: the WAL is checkpointed into the file
    let storeCPU = cpuSeconds() - cpu, storeWall = Date().timeIntervalSince(wall)
    let size = fileSize(path)

    let store = try SQLiteRecordStore(path: path, payloadCompression: compression)
    cpu = cpuSeconds()
    var read = 0
    try store.forEachRecord(RecordQuery()) { record in read += (record.metadataXML?.utf8.count ?? 0) > 0 ? 1 : 0 }
    let allCPU = cpuSeconds() - cpu

    cpu = cpuSeconds()
    var jsonBytes = 0
    let batches = store.jsonBatches(RecordQuery(), batchSize: 512)
    while let batch = try batches.next() { for record in batch { jsonBytes += record.json.count } }
    let jsonCPU = cpuSeconds() - cpu

    cpu = cpuSeconds()
    var found = 0
    for identifier in lookups where try store.record(identifier: identifier, metadataPrefix: "edm") != nil { found += 1 }
    let lookupCPU = cpuSeconds() - cpu

    print(String(format: "%@ round %d: %6.0f bytes/record on disk (%.0f MB) | store %5.1f µs CPU/record, %6.0f records/s | "
                 + "read all %5.2f µs/record (%d) | jsonBatches %5.2f µs/record | record(identifier:) %5.1f µs",
                 label.padding(toLength: 16, withPad: " ", startingAt: 0), round, Double(size) / Double(count), Double(size) / 1e6,
                 storeCPU / Double(count) * 1e6, Double(count) / storeWall, allCPU / Double(count) * 1e6, read,
                 jsonCPU / Double(live) * 1e6, lookupCPU / Double(lookups.count) * 1e6))
    _ = jsonBytes
    _ = found
}

// VARIANTS="3/15/1000 1/15/500": zstd settings to try (level with a dictionary / without / dictionary samples).
let variants: [(String, PayloadCompression)] = (ProcessInfo.processInfo.environment["VARIANTS"] ?? "").split(separator: " ").compactMap { text in
    let parts = text.split(separator: "/").compactMap { Int32($0) }
    guard parts.count == 3 else { return nil }
    return ("zstd \(text)", .zstd(level: parts[0], levelWithoutDictionary: parts[1], dictionarySamples: Int(parts[2])))
}
for round in 1...max(1, rounds) {
    if ProcessInfo.processInfo.environment["SKIP_TEXT"] == nil { try run("today (text)", .uncompressed, round: round) }
    for (label, compression) in variants.isEmpty ? [("zstd", PayloadCompression.zstd)] : variants {
        try run(label, compression, round: round)
    }
}

// The real fixture records (too few to train a dictionary on): their payloads as the harvester stores them (the
// <metadata> child and its JSON), raw against zstd frames without a dictionary.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Tests/Fixtures/edm/oai-pmh-xml")
    .standardized
let converter: PayloadConverter = { payload, header in
    PayloadText(bytes: try RecordConverter.jsonBytes(tree: payload, identifier: header.identifier, sets: header.setSpecs))
}
var raw = 0, compressed = 0, records = 0
for file in (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path))?.sorted() ?? [] where file.hasSuffix(".xml") {
    let page = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(file)))
    for record in try OAIResponseParser.parse(page, converter: converter).response.records {
        guard let xml = record.metadataBytes, case .success(let json) = record.converted else { continue }
        records += 1
        for payload in [xml, json.bytes] {
            raw += payload.count
            compressed += try PayloadCompression.zstd.frameSize(of: payload)
        }
    }
}
print(String(format: "real fixture records (Tests/Fixtures/edm/oai-pmh-xml, %d): %d bytes of XML+JSON, %d as zstd frames without a dictionary: %.2f× smaller",
             records, raw, compressed, Double(raw) / Double(max(1, compressed))))

// Migration: the first round's text store as `v6-compressed-payloads` leaves an older store (its payload_compression
// row, written here with the sqlite3 shell), then opened with compression: payloads compressed in batches, VACUUM.
let oldStore = directory.appendingPathComponent("today (text)-1.sqlite").path
let shell = Process()
shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
shell.arguments = [oldStore, "INSERT INTO payload_compression VALUES (1, 0, 'compress')"]
if FileManager.default.fileExists(atPath: oldStore), (try? shell.run()) != nil {
    shell.waitUntilExit()
    let before = fileSize(oldStore)
    let cpu = cpuSeconds(), wall = Date()
    var heard: [String] = []
    do {
        _ = try SQLiteRecordStore(path: oldStore) { heard += $0 }
    }
    print(String(format: "migration of the text store (%@ announced): %.1f s wall, %.1f s CPU (%.0f µs/record); file %.0f MB → %.0f MB",
                 heard.joined(separator: ", "), Date().timeIntervalSince(wall), cpuSeconds() - cpu,
                 (cpuSeconds() - cpu) / Double(count) * 1e6, Double(before) / 1e6, Double(fileSize(oldStore)) / 1e6))
}
