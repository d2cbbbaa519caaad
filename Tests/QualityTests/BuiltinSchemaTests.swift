import Foundation
import Testing
import JSONPath
import TestSupport
@testable import Quality

@Suite struct BuiltinSchemaTests {
    @Test func everyBuiltinLoadsAndCompiles() throws {
        for name in MeasurementSchema.builtinNames {
            let schema = try MeasurementSchema.builtin(named: name)
            #expect(schema.name == name)
            _ = try RecordScorer(schema: schema, file: name + ".json")
        }
        #expect(throws: SchemaError.unknownBuiltin(name: "edm-2014")) { try MeasurementSchema.builtin(named: "edm-2014") }
    }

    @Test func fieldCounts() throws {
        func scored(_ name: String) throws -> Int { try MeasurementSchema.builtin(named: name).fields.filter(\.scored).count }
        #expect(try scored("edm-2015") == 36)
        #expect(try scored("edm-2016") == 35)
        #expect(try scored("edm") == 125)
        #expect(try scored("oai_dc") == 15)
        #expect(try MeasurementSchema.builtin(named: "edm-2016").groups.count == 3)
    }

    /// The worked example of issue 13: every record of the 2015 sample gives the 2015 tool's line.
    @Test func workedExampleSeedLine() throws {
        var scorer = try RecordScorer(schema: try MeasurementSchema.builtin(named: "edm-2015"))
        let lines = try Fixtures.string("quality/2023829_LinkedHeritage_Herbarium_10records.jsonl")
            .split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
        #expect(lines.count == 10)
        let doc = try JSONDocument(parsing: String(lines[0]))
        #expect(SeedWriter.line(RecordIdentity(document: doc), scorer.score(doc))
                == #""Erbario - Museo di Botanica...",2023829/0003BD0E39A5AD674A1682C144699B279C7EF163,0.388889,0.692308,0.272727,0.277778,0.090909,0.500000,0.214286,0.750000,0.416667,0.400000"#)
        for line in lines {
            let doc = try JSONDocument(parsing: String(line))
            let fields = SeedWriter.line(RecordIdentity(document: doc), scorer.score(doc)).split(separator: ",").dropFirst(2)
            #expect(fields.joined(separator: ",") == "0.388889,0.692308,0.272727,0.277778,0.090909,0.500000,0.214286,0.750000,0.416667,0.400000")
        }
    }

    /// Tests/Fixtures/quality/expected-scores.tsv: filled/slots per dimension for real records.
    @Test func expectedScores() throws {
        let rows = try Fixtures.string("quality/expected-scores.tsv").split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        var scorers: [String: RecordScorer] = [:]
        for row in rows {
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 4 else { continue }
            let schemaName = cells[2]
            var scorer = try scorers[schemaName] ?? RecordScorer(schema: try MeasurementSchema.builtin(named: schemaName))
            let text = try Fixtures.string(cells[0])
            // A .jsonl fixture holds several records: the row's is the line naming its id.
            let recordText = cells[0].hasSuffix(".jsonl")
                ? try #require(text.split(separator: "\n").first { $0.contains(cells[1].replacingOccurrences(of: "/", with: "\\/")) }.map(String.init))
                : text
            let doc = try JSONDocument(parsing: recordText)
            let m = scorer.score(doc)
            scorers[schemaName] = scorer
            #expect(RecordIdentity(document: doc).recordId == cells[1])
            let expected: [Double?] = cells[3...].map { cell in
                let parts = cell.split(separator: "/").compactMap { Double($0) }
                return parts.count == 2 && parts[1] > 0 ? parts[0] / parts[1] : nil
            }
            #expect(m.completeness == expected, "\(cells[0]) \(schemaName)")
        }
    }
}
