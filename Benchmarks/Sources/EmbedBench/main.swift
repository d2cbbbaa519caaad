import Embedding
import Foundation

// make bench-embed: all-MiniLM-L6-v2 (Thresher's Embedding module, release) on typical EDM record texts.
// usage: EmbedBench TEXTS_FILE RECORDS JOBS BLAS_THREADS VECTORS_OUT
// Embeds RECORDS texts (the file's lines, cycled) with `embed` (JOBS worker threads, OpenBLAS on BLAS_THREADS),
// prints records/s, and writes the vectors of the file's distinct texts (float32, in order) to VECTORS_OUT.
let arguments = CommandLine.arguments
guard arguments.count == 6, let records = Int(arguments[2]), let jobs = Int(arguments[3]), let blas = Int(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: EmbedBench TEXTS_FILE RECORDS JOBS BLAS_THREADS VECTORS_OUT\n".utf8))
    exit(64)
}
do {
    let texts = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n").map(String.init)
    let corpus = (0..<records).map { texts[$0 % texts.count] }
    let model = try MiniLM(location: .resolve(), jobs: jobs)
    MiniLM.setBLASThreads(blas)
    _ = model.embed(Array(texts.prefix(8)))  // warm-up
    let tokenizeStart = DispatchTime.now().uptimeNanoseconds
    let tokens = corpus.reduce(0) { $0 + model.tokenizer.tokenize($1).count }
    let tokenizeSeconds = Double(DispatchTime.now().uptimeNanoseconds - tokenizeStart) / 1e9
    let start = DispatchTime.now().uptimeNanoseconds
    let vectors = model.embed(corpus)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    precondition(vectors.count == records)
    let distinct = model.embed(texts).flatMap { $0 }
    try distinct.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: arguments[5])) }
    print(String(format: "thresher (jobs %d, OpenBLAS threads %d): %d records (%.1f tokens each) in %.2f s: %.1f records/s "
                 + "(tokenizing alone: %.0f records/s on one thread)",
                 jobs, blas, records, Double(tokens) / Double(records), seconds, Double(records) / seconds,
                 Double(records) / tokenizeSeconds))
} catch {
    FileHandle.standardError.write(Data("EmbedBench: \(error)\n".utf8))
    exit(1)
}
