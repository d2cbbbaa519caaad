import Foundation
import Testing
import TestSupport
import RecordStore
import ThresherCore
import JSONPath
@testable import Quality

/// The pipelines that write rows without a batch barrier give the serial batch path's output, byte for byte, whatever
/// the number of threads and the block size; rows from stored measurements are the formatters' rows.
@Suite struct MeasurementPipelineTests {
    static func run(_ schema: String, format: MeasurementFormat, fields: Bool, jobs: Int, reports: Locked<[String]>) throws -> MeasurementRun {
        let source = try SchemaSource.builtin(named: schema)
        return try MeasurementRun(schema: source.schema, definition: source.definition, file: source.file, format: format,
                                  fields: fields, jobs: jobs, progress: ProgressReporter(quiet: true),
                                  report: { line in reports.withLock { $0.append(line) } })
    }

    /// Good records, blank and CRLF lines, bad JSON, a record without identifier, export lines (live and deleted).
    static func mixedLines() throws -> String {
        let good = try Fixtures.string(MeasurementRunTests.herbarium).split(separator: "\n").map(String.init)
        let deleted = #"{"id":"x","set":"s","sets":["s"],"datestamp":"2020-01-01","deleted":true,"record":null}"#
        let wrapped = #"{"id":"y","set":"s","sets":["s"],"datestamp":"2020-01-01","deleted":false,"record":"# + good[1] + "}"
        var lines: [String] = []
        for k in 0..<40 {
            lines.append(good[k % good.count])
            switch k % 7 {
            case 1: lines.append("")
            case 2: lines.append("{not json")
            case 3: lines.append(deleted)
            case 4: lines.append(#"{"sets":["s"]}"# + "\r")
            case 5: lines.append(wrapped)
            case 6: lines.append("   ")
            default: break
            }
        }
        return lines.joined(separator: "\n") + "\n" + good[2]  // the last line without a newline
    }

    @Test(arguments: [(MeasurementFormat.csv, false), (.csv, true), (.seed, false), (.jsonl, false)])
    func jsonLinesGiveTheBatchPathsOutput(format: MeasurementFormat, fields: Bool) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("mixed.jsonl")
        try Data(try Self.mixedLines().utf8).write(to: URL(fileURLWithPath: path))
        let schema = format == .seed ? "edm-2015" : "edm"

        let serialReports = Locked<[String]>([])
        let serial = try Self.run(schema, format: format, fields: fields, jobs: 2, reports: serialReports)
        serial.linePipeline = false
        let expectedSink = try MeasurementSink(path: dir.path("serial.out"))
        let expected = try serial.measure(inputs: [path], to: expectedSink)
        try expectedSink.close()
        let expectedBytes = try Data(contentsOf: URL(fileURLWithPath: dir.path("serial.out")))
        #expect(expected.written == 40 + 5 + 1 && expected.skipped == 12)

        for jobs in [1, 2, 3] {
            for block in [1, 3_000, 1 << 21] {
                let reports = Locked<[String]>([])
                let run = try Self.run(schema, format: format, fields: fields, jobs: jobs, reports: reports)
                let out = dir.path("p-\(jobs)-\(block).out")
                let sink = try MeasurementSink(path: out)
                if let header = run.formatter.header { try sink.line(header) }
                let file = try #require(MappedFile(path: path))
                let summary = try run.measureLines(file, path: path, to: sink, blockBytes: block)
                try sink.close()
                #expect(summary == expected, "jobs \(jobs), block \(block)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expectedBytes, "jobs \(jobs), block \(block)")
                #expect(reports.withLock { $0 } == serialReports.withLock { $0 }, "jobs \(jobs), block \(block)")
            }
        }
        // And through `measure(inputs:)`, which takes the pipeline for JSON Lines.
        let run = try Self.run(schema, format: format, fields: fields, jobs: 2, reports: Locked([]))
        let sink = try MeasurementSink(path: dir.path("measure.out"))
        #expect(try run.measure(inputs: [path], to: sink) == expected)
        try sink.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("measure.out"))) == expectedBytes)
    }

    @Test(arguments: [(MeasurementFormat.csv, false), (.csv, true), (.seed, false), (.jsonl, false)])
    func storedMeasurementsGiveTheFormattersRows(format: MeasurementFormat, fields: Bool) throws {
        let schema = format == .seed ? "edm-2015" : "edm"
        let run = try Self.run(schema, format: format, fields: fields, jobs: 1, reports: Locked([]))
        var scorer = try RecordScorer(schema: try MeasurementSchema.builtin(named: schema))
        let lines = try Fixtures.string(MeasurementRunTests.herbarium).split(separator: "\n")
        var page: [StoredMeasurement] = []
        var expected = ""
        for (k, line) in lines.enumerated() {
            let document = try JSONDocument(parsing: Array(line.utf8))
            let m = scorer.score(document)
            // Cells that need quoting, a missing dataset.
            let identity = RecordIdentity(recordId: "id,\"\(k)\"", dataset: k % 2 == 0 ? nil : "set \(k)",
                                          dataProvider: k % 3 == 0 ? "P, \"quoted\"\nline" : RecordIdentity(document: document).dataProvider)
            page.append(StoredMeasurement(seq: Int64(k + 1), identifier: RecordIdentity.itemPrefix + (identity.recordId ?? ""), sets: [],
                                          dataset: identity.dataset, dataProvider: identity.dataProvider, total: m.total,
                                          result: MeasurementCodec.encode(m)))
            let decoded = try #require(MeasurementCodec.decode(page[k].result, layout: scorer.layout, languages: format == .jsonl))
            expected += run.formatter.row(identity, decoded) + "\n"
        }
        // A measurement of another layout has no row.
        var other = page[0]
        other.result = [9, 9, 9]
        page.insert(other, at: 3)
        var numbers = RowBytes()
        let rows = run.rowBytes(of: page, numbers: &numbers)
        #expect(rows.count == lines.count)
        #expect(String(decoding: rows.bytes, as: UTF8.self) == expected)
    }

    @Test func theCompletenessAloneIsReadFromTheBytesDecodeAccepts() throws {
        var scorer = try RecordScorer(schema: try MeasurementSchema.builtin(named: "edm"))
        let m = scorer.score(try JSONDocument(parsing: Array(try Fixtures.data("quality/02301_urn_imss_instrument_401059_hourglass.json"))))
        let bytes = MeasurementCodec.encode(m)
        var completeness: [Double?] = []
        for end in 0...bytes.count {
            let prefix = Array(bytes[..<end])
            let full = MeasurementCodec.decode(prefix, layout: scorer.layout, languages: false)
            let ok = prefix.withUnsafeBytes { MeasurementCodec.decodeCompleteness($0, layout: scorer.layout, into: &completeness) }
            #expect(ok == (full != nil), "\(end) of \(bytes.count) bytes")
            if let full { #expect(completeness == full.completeness) }
        }
        // A huge varint anywhere (a language name of 2⁶³ bytes, a count beyond memory) is refused, not a crash.
        let full = try #require(MeasurementCodec.decode(bytes, layout: scorer.layout))
        #expect(full.languageCounts.counts.count > 0)
        // The figures read in place: the same bytes refused, the same values, a field tagged where one of its
        // language classes is a tag.
        var figures = MeasurementFigures()
        for end in 0...bytes.count {
            let prefix = Array(bytes[..<end])
            let read = prefix.withUnsafeBufferPointer { MeasurementCodec.decode($0, layout: scorer.layout, into: &figures) }
            #expect(read == (MeasurementCodec.decode(prefix, layout: scorer.layout) != nil), "\(end) of \(bytes.count) bytes")
        }
        #expect(bytes.withUnsafeBufferPointer { MeasurementCodec.decode($0, layout: scorer.layout, into: &figures) })
        #expect(figures.completeness == full.completeness && figures.existence == full.existence && figures.total == full.total)
        #expect(figures.cardinality == full.cardinality && figures.problems == full.problems && figures.scopes == full.scopes + [full.record])
        let tagged = full.languages.map { field in field.contains { !$0.language.hasPrefix("_") } }
        #expect(figures.multilingualFieldCount == tagged.count && tagged.contains(true) && tagged.contains(false))
        #expect((0..<tagged.count).map { figures.fieldHasTaggedValues($0) } == tagged)
        for at in 0..<bytes.count {
            var hostile = Array(bytes[..<at]) + Array(repeating: 0xFF, count: 8) + [0x7F]
            hostile += bytes[Swift.min(bytes.count, at + 9)...]
            if let decoded = MeasurementCodec.decode(hostile, layout: scorer.layout) { #expect(decoded.layout === scorer.layout) }
        }
        let other = try RecordScorer(schema: try MeasurementSchema.builtin(named: "edm-2015"))
        #expect(!bytes.withUnsafeBytes { MeasurementCodec.decodeCompleteness($0, layout: other.layout, into: &completeness) })
    }
}
