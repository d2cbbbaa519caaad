import XMLSupport
import EDM
import Foundation
import OAIPMH
import RecordStore

// Where a harvested record's client CPU goes: page parse, metadata serialisation, JSON conversion,
// content hash and store, measured separately on generated EDM pages (release build, one core).
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let pageSize = 250
let samples = SampleRecords.make(count: count, seed: 1)

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
    xml += "<resumptionToken completeListSize=\"\(count)\" cursor=\"\(start)\">t\(start)</resumptionToken></ListRecords></OAI-PMH>"
    pages.append(Array(xml.utf8))
}
let bytes = pages.reduce(0) { $0 + $1.count }

/// This process's user + system CPU seconds so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func measure(_ label: String, _ body: () throws -> Void) rethrows {
    let start = Date()
    let cpu = cpuSeconds()
    try body()
    let seconds = Date().timeIntervalSince(start)
    let used = cpuSeconds() - cpu
    print(String(format: "%-52@ %7.1f µs CPU/record %7.1f µs wall/record", label as NSString, used / Double(count) * 1e6,
                 seconds / Double(count) * 1e6))
}

print(String(format: "# HarvestBench: %d generated EDM records in %d pages (%.1f MB, %.1f KB/record)", count, pages.count,
             Double(bytes) / 1e6, Double(bytes) / Double(count) / 1e3))
if let only = ProcessInfo.processInfo.environment["ONLY"], only == "onepass" {
    // Just the harvest's own parse path, several rounds (for profiling).
    let converter: PayloadConverter = { payload, header in
        try RecordConverter.json(tree: payload, identifier: header.identifier, sets: header.setSpecs)
    }
    final class Nothing: XMLEventHandler {
        var count = 0
        func startElement(_ tag: XMLStartTag) -> Bool { count += 1; return true }
        func endElement(offset: Int) {}
        func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    }
    let nothing = Nothing()
    try measure("libxml2 SAX2 events only (no-op handler)") {
        for page in pages { try XMLEventParser.parse(page, name: "p", names: XMLNameTable(), handler: nothing) }
    }
    let empty: PayloadConverter = { _, _ in "" }
    try measure("page reader, payload trees, no conversion") {
        for page in pages { _ = try OAIResponseParser.parse(page, converter: empty) }
    }
    final class Trees: @unchecked Sendable { var trees: [(XMLTree, OAIHeader)] = [] }
    let kept = Trees()
    let keep: PayloadConverter = { tree, header in kept.trees.append((tree, header)); return "" }
    for page in pages.prefix(20) { _ = try OAIResponseParser.parse(page, converter: keep) }
    for _ in 0..<(Int(ProcessInfo.processInfo.environment["CONVERT_ROUNDS"] ?? "2") ?? 2) {
        let start = Date()
        for (tree, header) in kept.trees { _ = try RecordConverter.json(tree: tree, identifier: header.identifier, sets: header.setSpecs) }
        print(String(format: "convert an XMLTree to JSON: %.1f µs/record", Date().timeIntervalSince(start) / Double(kept.trees.count) * 1e6))
    }
    let rounds = Int(ProcessInfo.processInfo.environment["ROUNDS"] ?? "3") ?? 3
    for _ in 0..<rounds {
        try measure("one pass: stream events + payload bytes + convert") {
            for page in pages { _ = try OAIResponseParser.parse(page, converter: converter) }
        }
    }
    exit(0)
}
let skipToStore = ProcessInfo.processInfo.environment["ONLY"] == "store"
var responses: [OAIResponse] = []
try measure("parse pages (repair scan + libxml2 stream)") {
    for page in pages { responses.append(try OAIResponseParser.parse(page).response) }
}
if skipToStore {
    // Only the store stage (for profiling): inputs as the harvest makes them.
    var inputs: [RecordInput] = []
    for record in responses.flatMap(\.records) {
        let deleted = record.header.isDeleted
        let xml = deleted ? nil : record.metadata?.xmlString
        let json = try xml.map { try RecordConverter.json(metadataXML: $0, identifier: record.header.identifier, sets: record.header.setSpecs) }
        inputs.append(RecordInput(identifier: record.header.identifier, datestamp: record.header.datestamp, deleted: deleted,
                                  sets: record.header.setSpecs, metadataXML: xml, json: json))
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresher-harvestbench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try SQLiteRecordStore(path: directory.appendingPathComponent("h.sqlite").path)
    try measure("store (pages of 250, hash included)") {
        var checkpoint = SetCheckpoint(key: HarvestJobKey(endpoint: "e", metadataPrefix: "edm", set: nil))
        for start in stride(from: 0, to: inputs.count, by: pageSize) {
            checkpoint.pages += 1
            try store.storePage(Array(inputs[start..<min(inputs.count, start + pageSize)]), metadataPrefix: "edm", checkpoint: checkpoint)
        }
    }
    exit(0)
}
let records = responses.flatMap(\.records)

measure("(copy payload into its own document)") {
    for record in records { if let root = record.metadata?.root { _ = XMLDocument(copying: root) } }
}
var xmls: [String] = []
measure("serialise metadata XML") {
    for record in records { xmls.append(record.metadata?.xmlString ?? "") }
}
var jsons: [String] = []
try measure("convert to JSON (EDM)") {
    for record in records {
        if let root = record.metadata?.root {
            jsons.append(try RecordConverter.json(metadata: root, identifier: record.header.identifier, sets: record.header.setSpecs))
        }
    }
}
var digest = 0
measure("content hash (XXH64)") {
    for xml in xmls { digest &+= XXH64.hex(xml).utf8.count }
}
let converter: PayloadConverter = { payload, header in
    try RecordConverter.json(tree: payload, identifier: header.identifier, sets: header.setSpecs)
}
try measure("tree reader: parse + serialise + convert in place") {
    for page in pages { _ = try OAIResponseParser.parse(page, converter: converter, method: .treeReader) }
}
try measure("one pass: stream events + payload bytes + convert") {
    for page in pages { _ = try OAIResponseParser.parse(page, converter: converter) }
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresher-harvestbench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteRecordStore(path: directory.appendingPathComponent("h.sqlite").path)
var inputs: [RecordInput] = []
var index = 0
for record in records {
    let deleted = record.header.isDeleted
    inputs.append(RecordInput(identifier: record.header.identifier, datestamp: record.header.datestamp, deleted: deleted,
                              sets: record.header.setSpecs, metadataXML: deleted ? nil : xmls[index], json: deleted ? nil : jsons.count > index ? jsons[index] : nil))
    index += 1
}
try measure("store (pages of 250, hash included)") {
    var checkpoint = SetCheckpoint(key: HarvestJobKey(endpoint: "e", metadataPrefix: "edm", set: nil))
    for start in stride(from: 0, to: inputs.count, by: pageSize) {
        checkpoint.pages += 1
        try store.storePage(Array(inputs[start..<min(inputs.count, start + pageSize)]), metadataPrefix: "edm", checkpoint: checkpoint)
    }
}
