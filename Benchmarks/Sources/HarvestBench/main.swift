import EDM
import Foundation
import OAIPMH
import RecordStore
import XMLSupport

// Where a harvested record's client CPU goes, stage by stage, on generated EDM pages (release build, one
// core): libxml2's SAX2 events alone, the page reader, the JSON conversion, the one pass `harvest` makes,
// the tree reader (for pages the event reader leaves), the content hash and the store.
//
//   HarvestBench [RECORDS]          every stage
//   ONLY=onepass HarvestBench       the one pass only, ROUNDS times (for profiling)
//   ONLY=store HarvestBench         the store stage only (STORE_PAGE=N records per commit, INDEX_BATCH=N)
//   KEEP=1 HarvestBench             keep the store the store stage wrote (its path is printed), for inspection
let requested = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let pageSize = 250
let only = ProcessInfo.processInfo.environment["ONLY"]
let rounds = Int(ProcessInfo.processInfo.environment["ROUNDS"] ?? "1") ?? 1
let samples = ProcessInfo.processInfo.environment["PAGE"] == nil ? SampleRecords.make(count: requested, seed: 1) : []

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
}
var pages: [[UInt8]] = []
for start in stride(from: 0, to: samples.count, by: pageSize) {
    var xml = #"<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><request verb="ListRecords">http://x/oai</request><ListRecords>"#
    for sample in samples[start..<min(samples.count, start + pageSize)] {
        let sets = sample.sets.map { "<setSpec>\(escape($0))</setSpec>" }.joined()
        if sample.deleted {
            xml += #"<record><header status="deleted"><identifier>\#(sample.identifier)</identifier><datestamp>\#(sample.datestamp)</datestamp>\#(sets)</header></record>"#
        } else {
            xml += "<record><header><identifier>\(sample.identifier)</identifier><datestamp>\(sample.datestamp)</datestamp>\(sets)</header><metadata>\(sample.metadataXML)</metadata></record>"
        }
    }
    xml += "<resumptionToken completeListSize=\"\(requested)\" cursor=\"\(start)\">t\(start)</resumptionToken></ListRecords></OAI-PMH>"
    pages.append(Array(xml.utf8))
}
var recordsPerPage = pageSize
if let file = ProcessInfo.processInfo.environment["PAGE"] {
    // PAGE=file.xml: that one page, read RECORDS / its records times (e.g. a page of real Europeana records).
    let page = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
    recordsPerPage = max(1, try OAIResponseParser.parse(page).response.records.count)
    pages = Array(repeating: page, count: max(1, requested / recordsPerPage))
}
let count = ProcessInfo.processInfo.environment["PAGE"] == nil ? requested : pages.count * recordsPerPage
let bytes = pages.reduce(0) { $0 + $1.count }

/// This process's user + system CPU seconds so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func measure(_ label: String, records: Int = count, _ body: () throws -> Void) rethrows {
    let cpu = cpuSeconds()
    try body()
    let used = cpuSeconds() - cpu
    let padded = label.padding(toLength: 62, withPad: " ", startingAt: 0)
    print(padded + String(format: " %6.1f µs CPU/record %9.0f records/s", used / Double(records) * 1e6, Double(records) / used))
}

print(String(format: "# HarvestBench: %d EDM records in %d pages (%.1f MB, %.1f KB/record)", count, pages.count,
             Double(bytes) / 1e6, Double(bytes) / Double(count) / 1e3))

let converter: PayloadConverter = { payload, header in
    PayloadText(bytes: try RecordConverter.jsonBytes(tree: payload, identifier: header.identifier, sets: header.setSpecs))
}

if only != "store" && only != "onepass" {
    final class Nothing: XMLEventHandler {
        var elements = 0
        func startElement(_ tag: XMLStartTag) -> Bool { elements += 1; return true }
        func endElement(_ end: XMLEndTag) {}
        func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    }
    let nothing = Nothing()
    try measure("libxml2 SAX2 events only (a handler that does nothing)") {
        for page in pages { try XMLEventParser.parse(page, name: "page", names: XMLNameTable(), handler: nothing) }
    }
    let keepNothing: PayloadConverter = { _, _ in "" }
    try measure("event reader: envelope, payload trees and payload XML") {
        for page in pages { _ = try OAIResponseParser.parse(page, converter: keepNothing) }
    }
    final class Trees: @unchecked Sendable { var trees: [(XMLTree, OAIHeader)] = [] }
    let kept = Trees()
    let keep: PayloadConverter = { tree, header in kept.trees.append((tree, header)); return "" }
    for page in pages { _ = try OAIResponseParser.parse(page, converter: keep) }
    try measure("convert an XMLTree to JSON (EDM)", records: kept.trees.count) {
        for (tree, header) in kept.trees { _ = try RecordConverter.jsonBytes(tree: tree, identifier: header.identifier, sets: header.setSpecs) }
    }
    kept.trees.removeAll()
}
if only != "store" {
    for _ in 0..<rounds {
        try measure("one pass, what `harvest` does: event reader + convert") {
            for page in pages { _ = try OAIResponseParser.parse(page, converter: converter) }
        }
    }
    if only == "onepass" { exit(0) }
    try measure("tree reader + convert (non-UTF-8 pages, DTDs)") {
        for page in pages { _ = try OAIResponseParser.parse(page, converter: converter, method: .treeReader) }
    }
}

// The store's input, as the harvest makes it.
var inputs: [RecordInput] = []
for page in pages {
    for record in try OAIResponseParser.parse(page, converter: converter).response.records {
        let deleted = record.header.isDeleted
        var json: [UInt8]?
        if case .success(let text) = record.converted { json = text.bytes }
        inputs.append(RecordInput(identifier: record.header.identifier, datestamp: record.header.datestamp, deleted: deleted,
                                  sets: record.header.setSpecs, metadataBytes: deleted ? nil : record.metadataBytes,
                                  jsonBytes: deleted ? nil : json))
    }
}
var digest = 0
measure("content hash (XXH64 of the payload XML)") {
    for input in inputs { digest &+= (input.metadataBytes ?? []).withUnsafeBytes { XXH64.hex(bytes: $0) }.utf8.count }
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresher-harvestbench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer {
    if ProcessInfo.processInfo.environment["KEEP"] == nil {
        try? FileManager.default.removeItem(at: directory)
    } else {
        print("# store kept at \(directory.path)/h.sqlite")
    }
}
let indexBatch = Int(ProcessInfo.processInfo.environment["INDEX_BATCH"] ?? "") ?? SQLiteRecordStore.defaultIndexBatch
// The store stage twice in this run: payloads as text (the store before compression) and as zstd frames (the default).
var onePassCPU = 0.0
if only != "store" {
    let cpu = cpuSeconds()
    for page in pages { _ = try OAIResponseParser.parse(page, converter: converter) }
    onePassCPU = (cpuSeconds() - cpu) / Double(count)
}
var storeCPU: [Double] = []
for (label, compression) in [("today: payloads as text", PayloadCompression.uncompressed), ("zstd, per-format dictionaries", .zstd)] {
    let file = directory.appendingPathComponent(compression.method == .zstd ? "h.sqlite" : "text.sqlite").path
    let cpu = cpuSeconds()
    try measure("store (pages of 250, checkpoint, hash), \(label)") {
        let store = try SQLiteRecordStore(path: file, indexBatch: indexBatch, payloadCompression: compression)
        var checkpoint = SetCheckpoint(key: HarvestJobKey(endpoint: "e", metadataPrefix: "edm", set: nil))
        let storePage = Int(ProcessInfo.processInfo.environment["STORE_PAGE"] ?? "") ?? pageSize
        for start in stride(from: 0, to: inputs.count, by: storePage) {
            checkpoint.pages += 1
            try store.storePage(Array(inputs[start..<min(inputs.count, start + storePage)]), metadataPrefix: "edm", checkpoint: checkpoint)
        }
        try store.completeIndexes()
    }
    storeCPU.append((cpuSeconds() - cpu) / Double(count))
    let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    print(String(format: "  file after closing: %.0f bytes per record", Double(size) / Double(count)))
}
if onePassCPU > 0, storeCPU.count == 2 {
    let today = onePassCPU + storeCPU[0], compressed = onePassCPU + storeCPU[1]
    print(String(format: "one pass + store, what a harvest spends beyond HTTP: today %.1f µs/record, zstd %.1f µs/record (%+.1f%%)",
                 today * 1e6, compressed * 1e6, (compressed / today - 1) * 100))
}
