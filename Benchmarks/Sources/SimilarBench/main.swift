import Foundation
import Pipeline
import RecordStore

// make bench-similar: RECORDS (default 1,000,000) seeded clustered 384-d unit vectors (CLUSTERS Gaussian clusters,
// default RECORDS/100) stored in a record store; the HNSW graph built from them (M, EF_CONSTRUCTION), stored, read
// back; QUERIES (default 1,000) top-10 queries from the same clusters timed one by one (EF_SEARCH), and their
// recall@10 against the exact scan (BLAS, batched). Usage: SimilarBench WORKDIR. With PEER_FILES=1 the vectors,
// queries and exact answers are written to WORKDIR for the Python peer (hnswlib).

func env(_ name: String, _ fallback: Int) -> Int { ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback }

let records = env("RECORDS", 1_000_000)
let queryCount = env("QUERIES", 1_000)
let clusters = max(1, env("CLUSTERS", records / 100))
let dimension = 384
let parameters = HNSWParameters(m: env("M", 16), efConstruction: env("EF_CONSTRUCTION", 100), efSearch: env("EF_SEARCH", 96))
let work = CommandLine.arguments.dropFirst().first ?? ".work/similar"
let model = "bench-clustered"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

func now() -> Double { Date().timeIntervalSince1970 }
func seconds(_ since: Double) -> String { String(format: "%.1f s", now() - since) }
func say(_ line: String) { FileHandle.standardOutput.write(Data(("similar: " + line + "\n").utf8)) }

/// SplitMix64 and Box–Muller: the same vectors on every machine.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func gaussian() -> Float {
        let u1 = (Double(next() >> 11) + 1) / Double(1 << 53)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

var centreGenerator = Generator(state: 2026)
let centres = (0..<clusters).map { _ in VectorMath.normalised((0..<dimension).map { _ in centreGenerator.gaussian() }) }
/// A point of cluster `index % clusters`: its centre plus noise of norm ≈ 1 (cosine ≈ 0.5 to another member).
func point(_ generator: inout Generator, _ index: Int) -> [Float] {
    let centre = centres[(index &* 7919) % clusters]
    let scale = 1 / Float(dimension).squareRoot()
    return VectorMath.normalised(centre.map { $0 + scale * generator.gaussian() })
}

say("\(records) vectors of \(dimension) components in \(clusters) clusters, \(queryCount) queries, "
    + "M=\(parameters.m) efConstruction=\(parameters.efConstruction) efSearch=\(parameters.efSearch)")

// 1. The store.
let path = work + "/similar-\(records).sqlite"
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
var started = now()
do {
    let store = try SQLiteRecordStore(path: path)
    var generator = Generator(state: 1)
    var batch: [VectorInput] = []
    for index in 0..<records {
        batch.append(VectorInput(seq: Int64(index + 1), identifier: "v\(index)", key: "k", bytes: VectorMath.bytes(point(&generator, index))))
        if batch.count == 10_000 || index == records - 1 {
            try store.storeVectors(batch, model: model)
            batch.removeAll(keepingCapacity: true)
        }
    }
}
say("generated and stored: \(seconds(started))")

// 2. The graph: built from the vectors read from the store, stored, read back.
let store = try SQLiteRecordStore(path: path)
started = now()
let matrix = try SimilaritySearch.loadMatrix(store: store, model: model)
say("read \(matrix.count) vectors from the store: \(seconds(started))")
started = now()
do {
    let built = SimilaritySearch.buildIndex(matrix, parameters: parameters)
    let buildTime = now() - started
    say("built the graph: " + String(format: "%.1f s (%.0f vectors/s, 1 thread)", buildTime, Double(records) / buildTime))
    started = now()
    try SimilaritySearch.storeIndex(built, in: store, model: model)
    say("stored the graph: \(seconds(started))")
}
started = now()
let index = try SimilaritySearch.updatedIndex(store: SQLiteRecordStore(path: path), model: model, parameters: parameters, persist: false)
say("read the graph and its vectors back: \(seconds(started)) (\(index.nodeCount) nodes)")
let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
say(String(format: "store file: %.2f GB", Double(fileSize) / 1e9))

// 3. Queries: latency one by one, recall against the exact scan.
var queryGenerator = Generator(state: 99)
let queries = (0..<queryCount).map { point(&queryGenerator, $0 &* 31 &+ 17) }
var latencies: [Double] = []
var answers: [[ScoredNeighbour]] = []
for query in queries {
    let t = DispatchTime.now().uptimeNanoseconds
    let found = index.search(query, k: 10)
    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    answers.append(found)
}
let sorted = latencies.sorted()
func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
say(String(format: "HNSW top-10 latency: p50 %.3f ms, p99 %.3f ms, mean %.3f ms (%d queries, 1 thread)",
           percentile(0.5), percentile(0.99), latencies.reduce(0, +) / Double(latencies.count), latencies.count))
started = now()
let exact = matrix.top(queries, k: 10)
let exactTime = now() - started
var exactSingle: [Double] = []
for query in queries.prefix(10) {
    let t = DispatchTime.now().uptimeNanoseconds
    _ = matrix.top(query, k: 10)
    exactSingle.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
}
say(String(format: "exact scan: %.1f ms a query batched (%d queries in %.1f s, sgemm), %.1f ms one query (sgemv, median of 10)",
           exactTime * 1000 / Double(queries.count), queries.count, exactTime, exactSingle.sorted()[exactSingle.count / 2]))
var hits = 0
for (found, truth) in zip(answers, exact) {
    let expected = Set(truth.map(\.seq))
    hits += found.filter { expected.contains($0.seq) }.count
}
say(String(format: "recall@10 HNSW vs exact: %.4f", Double(hits) / Double(queries.count * 10)))

if ProcessInfo.processInfo.environment["PEER_FILES"] == "1" {
    func write(_ floats: [Float], to name: String) throws {
        try floats.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: work + "/" + name)) }
    }
    try write(matrix.values, to: "vectors.f32")
    try write(queries.flatMap { $0 }, to: "queries.f32")
    let truth = exact.flatMap { $0.map { Int32($0.seq - 1) } }
    try truth.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: work + "/truth.i32")) }
}
if ProcessInfo.processInfo.environment["KEEP"] != "1" {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
