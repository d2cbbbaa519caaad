import Testing
import JSONPath
@testable import Quality

@Suite struct OutputTests {
    static let schema = #"""
    { "name": "o", "dimensions": ["MANDATORY", "EMPTY"],
      "collections": [ { "label": "r", "path": "$", "fields": [
          { "label": "dc:title", "path": "$['dc:title']", "dimensions": ["MANDATORY"] },
          { "label": "dc:creator", "path": "$['dc:creator']", "dimensions": ["MANDATORY"] },
          { "label": "dc:date", "path": "$['dc:date']" } ] } ],
      "problems": [ { "name": "Empty", "kind": "emptyString", "fields": ["dc:title"] } ],
      "multilinguality": { "fields": ["dc:title"], "scopes": [ { "name": "all", "collection": "r" } ] } }
    """#
    static let record = ##"{"dc:title": [{"@lang": "en", "#value": "T"}, ""], "dc:date": ["1900"]}"##
    static let identity = RecordIdentity(recordId: "1/a", dataset: "1_set", dataProvider: #"Museum, "Rome""#)

    @Test func csvHeaderAndRow() throws {
        let m = try measure(Self.schema, Self.record)
        #expect(CSVWriter.header(m.layout) == "recordId,dataset,dataProvider,TOTAL,MANDATORY,EMPTY")
        #expect(CSVWriter.header(m.layout, fields: true) == "recordId,dataset,dataProvider,TOTAL,MANDATORY,EMPTY,"
                + "existence:dc:title,existence:dc:creator,existence:dc:date,cardinality:dc:title,cardinality:dc:creator,cardinality:dc:date,problem:Empty")
        // TOTAL 2/3, MANDATORY 1/2, EMPTY has no slots; title has one non-blank value.
        #expect(CSVWriter.row(Self.identity, m) == #"1/a,1_set,"Museum, ""Rome""",0.6666666666666666,0.5,"#)
        #expect(CSVWriter.row(Self.identity, m, fields: true) == #"1/a,1_set,"Museum, ""Rome""",0.6666666666666666,0.5,,1,0,1,1,0,1,1"#)
        let full = try measure(Self.schema, #"{"dc:title": ["t"], "dc:creator": ["c"], "dc:date": ["d"]}"#)
        #expect(CSVWriter.row(RecordIdentity(recordId: "x", dataset: nil, dataProvider: "a\nb"), full) == "x,,\"a\nb\",1.0,1.0,")
    }

    @Test func seedLine() throws {
        let m = try measure(Self.schema, Self.record)
        #expect(SeedWriter.line(Self.identity, m) == #""Museum, Rome",1/a,0.666667,0.500000,"#)
    }

    @Test func seedLabel() {
        func label(_ provider: String?, _ dataset: String? = "2023829_Ag") -> String {
            SeedWriter.label(RecordIdentity(recordId: nil, dataset: dataset, dataProvider: provider))
        }
        #expect(label("Erbario - Museo di Botanica- Sapienza University Rome") == "Erbario - Museo di Botanica...")
        #expect(label("Short / Long part after the slash") == "Short")
        #expect(label("123456789012345678901234567890") == "123456789012345678901234567890")
        #expect(label("1234567890123456789012345678901") == "123456789012345678901234567...")
        #expect(label(#"The "quoted" one"#) == "The quoted one")
        #expect(label(nil) == "2023829_Ag")
        // 26 ASCII letters then an emoji (2 UTF-16 units): it does not fit in 27.
        #expect(label(String(repeating: "a", count: 26) + "😀😀😀") == String(repeating: "a", count: 26) + "...")
    }

    @Test func sixDecimalsHalfUpOnShortestDigits() {
        #expect(NumberFormatting.fixed(0.3888888888888889) == "0.388889")
        #expect(NumberFormatting.fixed(1.0) == "1.000000")
        #expect(NumberFormatting.fixed(0.0) == "0.000000")
        #expect(NumberFormatting.fixed(0.0078125) == "0.007813")   // C's %.6f gives 0.007812
        #expect(NumberFormatting.fixed(0.9999995) == "1.000000")
        #expect(NumberFormatting.fixed(5e-07) == "0.000001")
        #expect(NumberFormatting.fixed(1e-07) == "0.000000")
        #expect(NumberFormatting.fixed(12.5, decimals: 0) == "13")
        #expect(NumberFormatting.shortest(7.0 / 18.0) == "0.3888888888888889")
    }

    @Test func jsonLine() throws {
        let m = try measure(Self.schema, Self.record)
        #expect(JSONLinesWriter.line(Self.identity, m) == #"{"recordId":"1/a","dataset":"1_set","dataProvider":"Museum, \"Rome\"","#
                + #""completeness":{"TOTAL":0.6666666666666666,"MANDATORY":0.5,"EMPTY":null},"#
                + #""existence":{"dc:title":1,"dc:creator":0,"dc:date":1},"cardinality":{"dc:title":1,"dc:creator":0,"dc:date":1},"#
                + #""problems":{"Empty":1},"multilinguality":{"fields":{"dc:title":{"en":1,"_0":1}},"#
                + #""scopes":{"all":{"taggedLiterals":1,"languages":1,"literalsPerLanguage":1.0}},"#
                + #""record":{"taggedLiterals":1,"languages":1,"literalsPerLanguage":1.0}}}"#)
        #expect(JSONLinesWriter.line(RecordIdentity(recordId: nil, dataset: nil, dataProvider: "a\u{1}"), m).hasPrefix(#"{"recordId":null,"dataset":null,"dataProvider":"a\u0001","#))
        // Every line is valid JSON.
        #expect(throws: Never.self) { try JSONDocument(parsing: JSONLinesWriter.line(Self.identity, m)) }
    }
}
