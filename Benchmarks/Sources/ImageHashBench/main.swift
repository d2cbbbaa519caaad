import Foundation
import Pipeline

/// make bench-images: decodes and hashes every image of a folder (Thresher's `ImageDecoder` and `PerceptualHash`),
/// writes `file<TAB>phash<TAB>dhash` lines to the output file and prints the throughput (images/s, one core, the
/// files read into memory first; the best of `--rounds`).
/// Usage: ImageHashBench DIR OUTPUT.tsv [--rounds 3]
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ImageHashBench DIR OUTPUT.tsv [--rounds N]\n".utf8))
    exit(64)
}
let directory = URL(fileURLWithPath: arguments[1])
let rounds = arguments.firstIndex(of: "--rounds").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 3
let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
let files = try names.map { [UInt8](try Data(contentsOf: directory.appendingPathComponent($0))) }
let megabytes = Double(files.reduce(0) { $0 + $1.count }) / 1_000_000

var lines: [String] = []
var failures = 0
var best = Double.infinity
for round in 0..<max(1, rounds) {
    let start = Date()
    var out: [String] = []
    failures = 0
    for (name, bytes) in zip(names, files) {
        do {
            let hashes = PerceptualHash.hashes(gray: try ImageDecoder.decode(bytes: bytes))
            out.append("\(name)\t\(PerceptualHash.hex(hashes.phash))\t\(PerceptualHash.hex(hashes.dhash))")
        } catch {
            failures += 1
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
        }
    }
    best = min(best, Date().timeIntervalSince(start))
    if round == 0 { lines = out }
}
try (lines.joined(separator: "\n") + "\n").write(toFile: arguments[2], atomically: true, encoding: .utf8)
print(String(format: "thresher: %d images (%.1f MB) decoded and hashed (both hashes) in %.3f s, %.0f images/s (one core, best of %d); %d failed",
             files.count, megabytes, best, Double(files.count) / best, rounds, failures))
