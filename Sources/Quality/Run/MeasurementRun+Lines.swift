import Foundation
import ThresherCore

/// JSON Lines inputs without a batch barrier (`OrderedPipeline`): every thread takes the next block of lines, reads,
/// scores and formats it on its own, and blocks are written in file order as soon as the ones before them are.
extension MeasurementRun {
    /// One block of lines, as measured.
    struct LineBlock {
        /// Where the block ends in the file (the byte after its last newline).
        var end = 0
        /// Lines in the block (blank ones too), for the line numbers of later blocks.
        var lines = 0
        /// Records read (good or bad), for the progress line.
        var records = 0
        /// Records measured, i.e. rows in `rows`.
        var measured = 0
        /// The rows, each ended by a newline.
        var rows: [UInt8] = []
        /// Records that could not be measured: their line in the block (from 1) and why.
        var skipped: [(line: Int, why: String)] = []
    }

    /// Bytes per block: ≈100 typical records.
    static let lineBlockBytes = 1 << 21

    /// Measures the JSON Lines file `file` (named `path` in reports) and writes its rows to `sink` in file order.
    func measureLines(_ file: MappedFile, path: String, to sink: MeasurementSink,
                      blockBytes: Int = lineBlockBytes) throws -> MeasurementSummary {
        let bytes = file.bytes
        var cursor = 0
        var lineBase = 0
        var summary = MeasurementSummary()
        let jobs = scorer.jobs
        var numbers = (0..<jobs).map { _ in RowBytes() }
        try numbers.withUnsafeMutableBufferPointer { numbers in
            try OrderedPipeline.run(jobs: jobs, ahead: 4 * jobs, take: { () -> Range<Int>? in
                guard cursor < bytes.count else { return nil }
                let start = cursor
                cursor = Self.blockEnd(bytes, from: start, atLeast: blockBytes)
                return start..<cursor
            }, work: { k, range in
                scorer.withScorer(k) { scorer in
                    Self.measureBlock(bytes, range, formatter: formatter, scorer: &scorer, numbers: &numbers[k])
                }
            }, deliver: { block in
                try sink.append(block.rows)
                for (line, why) in block.skipped { report("\(path):\(lineBase + line): \(why); skipped") }
                progress.advance(by: block.records)
                file.release(before: block.end)
                lineBase += block.lines
                summary.measured += block.measured
                summary.written += block.measured
                summary.skipped += block.skipped.count
            })
        }
        return summary
    }

    /// The end of the block starting at `start`: just after the first newline at `start + atLeast - 1` or later, or
    /// the end of the file.
    static func blockEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atLeast: Int) -> Int {
        let from = min(bytes.count, start + max(1, atLeast) - 1)
        guard from < bytes.count, let base = bytes.baseAddress,
              let newline = memchr(base + from, 0x0A, bytes.count - from) else { return bytes.count }
        return base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
    }

    /// Reads, scores and formats the lines of `range` (whole lines) as `InputReader` reads JSON Lines: one record a
    /// non-blank line.
    static func measureBlock(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, formatter: RowFormatter,
                             scorer: inout RecordScorer, numbers: inout RowBytes) -> LineBlock {
        var block = LineBlock()
        block.end = range.upperBound
        block.rows.reserveCapacity(range.count / 40)
        guard let base = bytes.baseAddress else { return block }
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let end = memchr(base + lineStart, 0x0A, range.upperBound - lineStart)
                .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? range.upperBound
            block.lines += 1
            var last = end
            if last > lineStart, bytes[last - 1] == 0x0D { last -= 1 }
            let slice = UnsafeBufferPointer(rebasing: bytes[lineStart..<last])
            if slice.contains(where: { !InputReader.isSpace($0) }), let record = InputReader.record(Array(slice), position: "") {
                block.records += 1
                switch ParallelScorer.score(record.json, problem: record.problem, with: &scorer) {
                case .measured(let identity, let measurement):
                    formatter.append(identity, measurement, numbers: &numbers, to: &block.rows)
                    block.rows.append(0x0A)
                    block.measured += 1
                case .unreadable(let why):
                    block.skipped.append((block.lines, why))
                }
            }
            lineStart = end + 1
        }
        return block
    }
}
