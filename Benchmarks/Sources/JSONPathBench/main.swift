import EDMCorpus
import Foundation
import JSONPath

// JSONPathBench: parse and parse + the EDM completeness paths on a generated corpus of EDM records.
// Usage: JSONPathBench --seeds DIR --paths FILE [--records N] [--passes P] [--write-sample FILE]

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    return args[k + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("JSONPathBench: \(message)\n".utf8))
    exit(1)
}

let seedDir = argument("--seeds") ?? "seeds/edm-oai-pmh-json"
let pathsFile = argument("--paths") ?? "seeds/edm-completeness-paths.txt"
let recordCount = Int(argument("--records") ?? "") ?? 10_000
let passes = Int(argument("--passes") ?? "") ?? 3
let cores = ProcessInfo.processInfo.activeProcessorCount
/// `--only a|b|b'|foundation`: run one measurement (for profiling).
let only = argument("--only")
func wanted(_ label: String) -> Bool { only == nil || only == label }

// Seeds: every .json file and every line of every .jsonl file.
let seeds: [RawJSON]
do { seeds = try CorpusGenerator.seeds(directory: seedDir) } catch { fail("\(error)") }
if seeds.isEmpty { fail("no seed records in \(seedDir)") }

guard let pathText = try? String(contentsOfFile: pathsFile, encoding: .utf8) else { fail("cannot read \(pathsFile)") }
let pathLines = pathText.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
let querySet: JSONPathQuerySet
do { querySet = try JSONPathQuerySet(pathLines) } catch { fail("\(error)") }
let singleQueries = querySet.queries

// Corpus.
let generator = CorpusGenerator(seeds: seeds)
let records: [[UInt8]] = (0..<recordCount).map { generator.record($0) }
let totalBytes = records.reduce(0) { $0 + $1.count }
let sizes = records.map(\.count).sorted()
print("corpus: \(records.count) records from \(seeds.count) seeds, \(totalBytes / 1024) KiB, "
    + "size min \(sizes.first ?? 0) / median \(sizes[sizes.count / 2]) / max \(sizes.last ?? 0) bytes; \(pathLines.count) paths; \(cores) cores")

if let sample = argument("--write-sample") {
    var out = Data()
    for r in records.prefix(10_000) { out.append(contentsOf: r); out.append(0x0A) }
    _ = FileManager.default.createFile(atPath: sample, contents: out)
}

// Cross-check: the query set and the single queries select the same nodes.
var setTotal = 0, singleTotal = 0, fieldsPresent = 0
for r in records.prefix(10_000) {
    guard let doc = try? JSONDocument(parsing: r) else { fail("generated record does not parse") }
    let results = querySet.evaluate(doc)
    for k in 0..<singleQueries.count {
        setTotal += results.count(forQuery: k)
        let n = singleQueries[k].count(in: doc)
        singleTotal += n
        if n > 0 { fieldsPresent += 1 }
    }
}
print("check: \(min(records.count, 10_000)) records, \(setTotal) nodes by the query set, \(singleTotal) by single queries, \(fieldsPresent) fields present"
    + (setTotal == singleTotal ? " (agree)" : " (DISAGREE)"))

/// Runs `body` over all records `passes` times on `threads` threads; returns seconds for one pass.
func measure(threads: Int, _ body: @escaping @Sendable (Int, inout JSONPathQuerySet.Results) -> Int) -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<passes {
        let start = clock.now
        if threads == 1 {
            var sink = 0
            var results = JSONPathQuerySet.Results()
            for i in 0..<records.count { sink &+= body(i, &results) }
            if sink == 42 { print("") }
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var sink = 0
                var i = t
                var results = JSONPathQuerySet.Results()
                while i < records.count { sink &+= body(i, &results); i += threads }
                if sink == 42 { print("") }
            }
        }
        let d = clock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        best = min(best, seconds)
    }
    return best
}

func report(_ label: String, threads: Int, seconds: @autoclosure () -> Double) {
    let key = label.hasPrefix("(") ? String(label.dropFirst().prefix { $0 != ")" }) : "foundation"
    guard wanted(key) else { return }
    let seconds = seconds()
    let perCore = Double(records.count) / seconds / Double(threads)
    let mbPerCore = Double(totalBytes) / 1_000_000 / seconds / Double(threads)
    let name = label.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("\(name) threads \(threads)  \(String(format: "%9.0f", perCore)) records/s per core  \(String(format: "%7.1f", mbPerCore)) MB/s per core  (total \(String(format: "%.0f", perCore * Double(threads))) records/s)")
}

let recordsRef = records
let set = querySet
let queries = singleQueries
for threads in Array(Set([1, cores])).sorted() {
    report("(a) parse (JSONDocument)", threads: threads, seconds: measure(threads: threads) { i, _ in
        (try? JSONDocument(parsing: recordsRef[i]))?.tapeCount ?? 0
    })
    report("(b) parse + \(queries.count) paths (query set)", threads: threads, seconds: measure(threads: threads) { i, results in
        guard let doc = try? JSONDocument(parsing: recordsRef[i]) else { return 0 }
        set.evaluate(doc, into: &results)
        return results.nodes.count
    })
    report("(b') parse + \(queries.count) paths (one by one)", threads: threads, seconds: measure(threads: threads) { i, _ in
        guard let doc = try? JSONDocument(parsing: recordsRef[i]) else { return 0 }
        var n = 0
        for q in queries { n &+= q.count(in: doc) }
        return n
    })
}
let datas = records.map { Data($0) }
report("Foundation JSONSerialization parse", threads: 1, seconds: measure(threads: 1) { i, _ in
    ((try? JSONSerialization.jsonObject(with: datas[i])) as? [String: Any])?.count ?? 0
})
