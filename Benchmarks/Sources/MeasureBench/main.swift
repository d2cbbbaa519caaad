import EDMCorpus
import Foundation
import JSONPath
import RecordStore

// MeasureBench: the inputs of `make bench-measure` (Benchmarks/scripts/bench-measure.sh).
//   MeasureBench corpus --seeds DIR --records N --output FILE
//       writes N generated EDM records in Thresher's JSON shape (`identifier`, `sets`) as JSON Lines; record k is
//       the same bytes whatever N is, so the first M lines of a larger corpus are the corpus of M records.
//   MeasureBench load --input FILE --store PATH [--batch 500]
//       stores every line of FILE in a fresh record store (its JSON as is, a minimal metadata XML), one
//       transaction per batch, as a harvest would have left them.

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    return args[k + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("MeasureBench: \(message)\n".utf8))
    exit(1)
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Writes `bytes` whole to the file descriptor.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 { if errno == EINTR { continue }; fail("write: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }
}

/// Calls `body` with each non-empty line of the file at `path` (without its newline), reading 8 MiB at a time.
func forEachLine(_ path: String, _ body: ([UInt8]) throws -> Void) rethrows {
    let fd = open(path, O_RDONLY)
    if fd < 0 { fail("\(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 8 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 { if errno == EINTR { continue }; fail("\(path): \(String(cString: strerror(errno)))") }
        if n == 0 { break }
        var start = 0
        for k in 0..<n where chunk[k] == 0x0A {
            if pending.isEmpty {
                if k > start { try body(Array(chunk[start..<k])) }
            } else {
                pending.append(contentsOf: chunk[start..<k])
                try body(pending)
                pending.removeAll(keepingCapacity: true)
            }
            start = k + 1
        }
        pending.append(contentsOf: chunk[start..<n])
    }
    if !pending.isEmpty { try body(pending) }
}

let command = CommandLine.arguments.dropFirst().first ?? ""
let cores = ProcessInfo.processInfo.activeProcessorCount

switch command {
case "corpus":
    let seedDir = argument("--seeds") ?? "seeds/edm-oai-pmh-json"
    guard let count = argument("--records").flatMap(Int.init), count >= 0 else { fail("corpus: --records N") }
    guard let output = argument("--output") else { fail("corpus: --output FILE") }
    let seeds: [RawJSON]
    do { seeds = try CorpusGenerator.seeds(directory: seedDir) } catch { fail("\(error)") }
    if seeds.isEmpty { fail("no seed records in \(seedDir)") }
    let generator = CorpusGenerator(seeds: seeds)
    let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { fail("\(output): \(String(cString: strerror(errno)))") }
    let start = ContinuousClock.now
    var total = 0
    var smallest = Int.max, largest = 0
    let block = 4_096
    for first in stride(from: 0, to: count, by: block) {
        let n = min(block, count - first)
        // Each thread renders every `parts`-th record of the block; the block is written in record order.
        let parts = max(1, min(cores, n))
        let shares = UnsafeMutableBufferPointer<[[UInt8]]>.allocate(capacity: parts)
        shares.initialize(repeating: [])
        nonisolated(unsafe) let out = shares
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            out[part] = stride(from: first + part, to: first + n, by: parts).map { generator.record($0, shape: .thresher) }
        }
        var lines: [UInt8] = []
        lines.reserveCapacity(n * 16_384)
        for j in 0..<n {
            let record = shares[j % parts][j / parts]
            lines.append(contentsOf: record)
            lines.append(0x0A)
            total += record.count
            smallest = min(smallest, record.count)
            largest = max(largest, record.count)
        }
        shares.deinitialize()
        shares.deallocate()
        writeAll(fd, lines)
    }
    close(fd)
    let s = seconds(since: start)
    print(String(format: "corpus: %d records from %d seeds, %.0f MB (mean %d bytes, min %d, max %d) in %.1f s (%.0f records/s on %d threads) -> %@",
                 count, seeds.count, Double(total) / 1e6, count > 0 ? total / count : 0, count > 0 ? smallest : 0, largest, s,
                 Double(count) / max(s, 1e-9), cores, output))

case "load":
    guard let input = argument("--input") else { fail("load: --input FILE") }
    guard let path = argument("--store") else { fail("load: --store PATH") }
    let batchSize = Int(argument("--batch") ?? "") ?? 500
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store: SQLiteRecordStore
    do { store = try SQLiteRecordStore(path: path) } catch { fail("\(path): \(error)") }
    let start = ContinuousClock.now
    var batch: [RecordInput] = []
    batch.reserveCapacity(batchSize)
    var count = 0, bytes = 0
    func flush() {
        do { try store.storeRecords(batch, metadataPrefix: "edm") } catch { fail("storing: \(error)") }
        batch.removeAll(keepingCapacity: true)
    }
    forEachLine(input) { line in
        guard let doc = try? JSONDocument(parsing: line) else { fail("\(input): line \(count + 1) is not JSON") }
        guard let identifier = doc.member(doc.root, named: "identifier").flatMap({ doc.string($0) }) else {
            fail("\(input): line \(count + 1) has no identifier")
        }
        let sets = doc.member(doc.root, named: "sets").map { doc.elements($0).compactMap { doc.string($0) } } ?? []
        // The store keeps the harvested XML beside the JSON; measure reads the JSON, so a minimal one stands in.
        let xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><edm:ProvidedCHO xmlns:edm=\"http://www.europeana.eu/schemas/edm/\" rdf:about=\"\(identifier)\"/></rdf:RDF>"
        batch.append(RecordInput(identifier: identifier, datestamp: "2024-01-01T00:00:00Z", deleted: false, sets: sets,
                                 metadataBytes: Array(xml.utf8), jsonBytes: line))
        count += 1
        bytes += line.count
        if batch.count >= batchSize { flush() }
    }
    if !batch.isEmpty { flush() }
    do { try store.completeIndexes() } catch { fail("indexes: \(error)") }
    let s = seconds(since: start)
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print(String(format: "load: %d records (%.0f MB of JSON) into %@ in %.1f s (%.0f records/s, batches of %d, one transaction each); file %.0f MB",
                 count, Double(bytes) / 1e6, path, s, Double(count) / max(s, 1e-9), batchSize, Double(size) / 1e6))

default:
    fail("usage: MeasureBench corpus --seeds DIR --records N --output FILE | load --input FILE --store PATH [--batch N]")
}
