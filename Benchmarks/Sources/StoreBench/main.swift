import Foundation
import RecordStore

// Stores 100,000 realistic records (≈3 KB XML + ≈4 KB JSON, pages of 100, 4 sets) in a fresh SQLite
// store, one transaction per page with its checkpoint, then reads them all back.
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresher-storebench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let path = directory.appendingPathComponent("bench.sqlite").path

let filler = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 48)
func input(_ n: Int) -> RecordInput {
    let xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        + "<rdf:Description rdf:about=\"item/\(n)\"><dc:title>Record \(n)</dc:title><dc:description>\(filler.prefix(2_800))</dc:description>"
        + "</rdf:Description></rdf:RDF>"
    let json = "{\"ore:Proxy\":[{\"@about\":\"item/\(n)\",\"dc:title\":[\"Record \(n)\"],\"dc:description\":[\"\(filler)\(filler.prefix(1_000))\"]}],"
        + "\"identifier\":\"oai:bench:\(n)\",\"sets\":[\"set\(n % 4)\"]}"
    return RecordInput(identifier: "oai:bench:\(n)", datestamp: "2024-01-01T00:00:00Z", deleted: false, sets: ["set\(n % 4)"],
                       metadataXML: xml, json: json)
}
let inputs = (0..<count).map(input)
let bytes = inputs.reduce(0) { $0 + ($1.metadataXML?.utf8.count ?? 0) + ($1.json?.utf8.count ?? 0) }

let store = try SQLiteRecordStore(path: path)
let start = Date()
var checkpoint = SetCheckpoint(key: HarvestJobKey(endpoint: "http://127.0.0.1/oai", metadataPrefix: "edm", set: nil))
for page in stride(from: 0, to: count, by: 100) {
    let slice = Array(inputs[page..<min(count, page + 100)])
    checkpoint.pages += 1
    checkpoint.records += slice.count
    checkpoint.resumptionToken = "token-\(page)"
    try store.storePage(slice, metadataPrefix: "edm", checkpoint: checkpoint)
}
let writeSeconds = Date().timeIntervalSince(start)
let readStart = Date()
var read = 0
try store.forEachRecord(RecordQuery()) { _ in read += 1 }
let readSeconds = Date().timeIntervalSince(readStart)
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
print(String(format: "store: %d records (%.0f MB of XML+JSON) in %.1f s: %.0f records/s (pages of 100, one transaction each)",
             count, Double(bytes) / 1e6, writeSeconds, Double(count) / writeSeconds))
print(String(format: "read back: %d records in %.1f s: %.0f records/s; file %.0f MB", read, readSeconds,
             Double(read) / readSeconds, Double(size) / 1e6))
