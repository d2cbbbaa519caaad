import Foundation
import Testing
import TestSupport
import RecordStore
import ZIPFoundation
@testable import thresher

/// `thresher import` as the executable runs it, on inputs made in the test.
@Suite struct ImportCommandTests {
    static func edm(_ about: String) -> [UInt8] {
        Array("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:edm="http://www.europeana.eu/schemas/edm/" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"><edm:ProvidedCHO rdf:about="\(about)"><dc:title>T</dc:title></edm:ProvidedCHO></rdf:RDF>
            """.utf8)
    }

    static func zip(_ path: String, _ entries: [(String, [UInt8])]) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, bytes) in entries {
            let data = Data(bytes)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_700_000_000), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }

    @Test func aBadFileInAZIPIsSkippedTheRestStoredAndTheStatusIs1() async throws {
        let dir = try TemporaryDirectory()
        let zip = dir.path("90402.zip")
        try Self.zip(zip, [("1.xml", Self.edm("urn:1")), ("2.xml", Array("<rdf:RDF><broken".utf8)), ("3.xml", Self.edm("urn:3"))])
        let store = dir.path("s.sqlite")
        #expect(await Thresher.execute(["import", "--store", store, "--input", zip, "--quiet"]) == 1)
        let opened = try SQLiteRecordStore(path: store)
        #expect(try opened.identifiers() == ["urn:1", "urn:3"])
        #expect(try opened.setSpecs() == ["90402"])
        // Fixed, run again: only the missing record is new, and the status is 0.
        let fixed = dir.path("fixed.zip")
        try Self.zip(fixed, [("1.xml", Self.edm("urn:1")), ("2.xml", Self.edm("urn:2")), ("3.xml", Self.edm("urn:3"))])
        #expect(await Thresher.execute(["import", "--store", store, "--input", fixed, "--set", "90402", "--quiet"]) == 0)
        #expect(try opened.count(RecordQuery()) == 3)
    }

    @Test func statusCountsRecordsImportedWithoutXML() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.path("a.sqlite")
        #expect(await Thresher.execute(["sample-data", "--store", source, "--records", "12", "--seed", "5"]) == 0)
        let lines = dir.path("lines.jsonl")
        #expect(await Thresher.execute(["export", "--store", source, "--output", lines]) == 0)
        let copy = dir.path("b.sqlite")
        #expect(await Thresher.execute(["import", "--store", copy, "--input", lines, "--quiet"]) == 0)
        let status = try CheckCommandTests.run(["status", "--store", copy])
        #expect(status.status == 0)
        let live = try SQLiteRecordStore(path: copy).count(RecordQuery(includeDeleted: false))
        #expect(live > 0)
        #expect(status.out.contains("\n\(live) live records have no stored XML (imported from JSON Lines): serve-oai does not offer them\n"))
        let original = try CheckCommandTests.run(["status", "--store", source])
        #expect(!original.out.contains("no stored XML"))
    }

    @Test func exportWithXMLThenImportThenExportGivesTheSameFile() async throws {
        let dir = try TemporaryDirectory()
        let source = dir.path("a.sqlite")
        #expect(await Thresher.execute(["sample-data", "--store", source, "--records", "40", "--seed", "5"]) == 0)
        let first = dir.path("first.jsonl")
        #expect(await Thresher.execute(["export", "--store", source, "--with-xml", "--output", first]) == 0)
        let copy = dir.path("b.sqlite")
        #expect(await Thresher.execute(["import", "--store", copy, "--input", first, "--quiet"]) == 0)
        let second = dir.path("second.jsonl")
        #expect(await Thresher.execute(["export", "--store", copy, "--with-xml", "--output", second]) == 0)
        let lines = try String(contentsOfFile: first, encoding: .utf8)
        #expect(lines.split(separator: "\n").count == 40 && lines.contains(#","xml":"<"#))
        #expect(try String(contentsOfFile: second, encoding: .utf8) == lines)
    }

    @Test func usageErrorsHaveStatus64() {
        #expect(CommandTests.parseFailure(["import"]).status == 64)
        #expect(CommandTests.parseFailure(["import", "--input", "-", "--input", "-"]).status == 64)
        #expect(CommandTests.parseFailure(["import", "--input", "x.zip", "--set", " "]).status == 64)
        #expect(CommandTests.parseFailure(["import", "--input", "x.zip", "--jobs", "0"]).status == 64)
        #expect(CommandTests.parseFailure(["export", "--per-set", "d", "--with-xml"]).status == 64)
    }
}
