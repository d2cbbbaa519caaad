import EDM
import Foundation
import Testing
import TestSupport
@testable import Import
import Export
import RecordStore

@Suite struct ImportTests {
    /// A Europeana-style dataset ZIP: two EDM files, an OAI-PMH GetRecord response, and files passed over by name.
    func datasetZIP(_ dir: TemporaryDirectory, name: String = "2048081.zip") throws -> String {
        let path = dir.path(name)
        let oai = try Fixtures.data("edm/oai-pmh-xml/2048081__O_532.xml")
        try makeZIP(path, [
            ("2048081/a.xml", Array(edmRecord("http://data.europeana.eu/item/2048081/a", title: "A &amp; a").utf8)),
            ("2048081/b.xml", Array(edmRecord("http://data.europeana.eu/item/2048081/b", title: "Bé").utf8)),
            ("2048081/_O_532.xml", Array(oai)),
            ("README.txt", Array("not a record".utf8)),
            ("__MACOSX/2048081/._a.xml", [0, 1, 2]),
        ], modified: entryDate)
        return path
    }

    @Test func aZIPOfEDMFilesIsStoredAsAHarvestStoresIt() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let (summary, problems) = try runImport(store, [try datasetZIP(dir)])
        #expect(problems.isEmpty)
        #expect(summary.inserted == 3 && summary.updated == 0 && summary.unchanged == 0 && summary.filesRead == 3)
        #expect(summary.ignored == 2 && summary.filesSkipped == 0 && !summary.skippedAny)
        let records = try allRecords(store)
        #expect(records.map(\.identifier) == ["http://data.europeana.eu/item/2048081/a", "http://data.europeana.eu/item/2048081/b",
                                              "http://data.europeana.eu/item/2048081/_O_532"])
        // EDM files: the set is the ZIP's name, the datestamp the entry's time, the XML the file's root element.
        let a = records[0]
        #expect(a.sets == ["2048081"] && a.datestamp == "2023-11-14T22:13:20Z" && a.metadataPrefix == "edm" && !a.deleted)
        #expect(a.metadataXML == storedXML(edmRecord("http://data.europeana.eu/item/2048081/a", title: "A &amp; a")))
        #expect(a.json == (try RecordConverter.json(metadataXML: a.metadataXML ?? "", identifier: a.identifier, sets: ["2048081"])))
        #expect(a.json?.contains(##""dc:title":[{"@lang":"en","#value":"A & a"}]"##) == true)
        // The OAI-PMH response: identifier, datestamp and setSpec from its header, converted as the harvest converts.
        let oai = records[2]
        #expect(oai.datestamp == "2015-01-26T12:20:23Z" && oai.sets == ["2048081"])
        #expect(oai.metadataXML?.hasPrefix("<rdf:RDF ") == true)
        #expect(oai.json == (try RecordConverter.json(metadataXML: oai.metadataXML ?? "", identifier: oai.identifier, sets: ["2048081"])))
        #expect(try store.countLiveWithoutXML(metadataPrefix: nil) == 0)
    }

    @Test func importingTheSameZIPAgainChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let zip = try datasetZIP(dir)
        _ = try runImport(store, [zip])
        let before = try allRecords(store)
        let (again, problems) = try runImport(store, [zip])
        #expect(problems.isEmpty)
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 3 && again.older == 0)
        #expect(try allRecords(store) == before)
        #expect(try store.count(RecordQuery()) == 3)
    }

    @Test func aRunKilledPartWayAndStartedAgainStoresNothingTwice() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let folder = dir.path("dataset-9")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for n in 1...7 {
            try Data(edmRecord("http://example.org/item/\(n)", title: "Item \(n)").utf8).write(to: URL(fileURLWithPath: folder + "/\(n).xml"))
        }
        // The first run "dies" after the pages it stored: the first 3 files, in pages of 2.
        let partial = dir.path("partial")
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        for n in 1...3 { try FileManager.default.copyItem(atPath: folder + "/\(n).xml", toPath: partial + "/\(n).xml") }
        _ = try runImport(store, [partial], set: "dataset-9", pageSize: 2)
        let (rest, _) = try runImport(store, [folder], pageSize: 2)
        #expect(rest.inserted == 4 && rest.unchanged == 3 && rest.updated == 0)
        #expect(try store.count(RecordQuery()) == 7)
        #expect(try store.setCounts() == [SetCount(set: "dataset-9", live: 7, deleted: 0)])
    }

    @Test func aDirectoryIsReadFileByFileInPathOrder() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.path("museum")
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try Data(edmRecord("urn:b", title: "B").utf8).write(to: URL(fileURLWithPath: folder + "/sub/b.rdf"))
        try Data(edmRecord("urn:a", title: "A").utf8).write(to: URL(fileURLWithPath: folder + "/a.xml"))
        try Fixtures.data("edm/provider-edm-xml/ddb_6CBBVXI47RCZPIL732MDEO3JRLAX4J6N_europeana-edm.xml")
            .write(to: URL(fileURLWithPath: folder + "/ddb.xml"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder + "/notes.md"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/.hidden.xml"))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)],
                                              ofItemAtPath: folder + "/a.xml")
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let (summary, problems) = try runImport(store, [folder])
        #expect(problems.isEmpty && summary.inserted == 3 && summary.ignored == 2)
        let records = try allRecords(store)
        #expect(records.map(\.identifier) == ["urn:a", "http://www.deutsche-digitale-bibliothek.de/item/6CBBVXI47RCZPIL732MDEO3JRLAX4J6N", "urn:b"])
        #expect(records.allSatisfy { $0.sets == ["museum"] && $0.json != nil })
        #expect(records[0].datestamp == "2020-09-13T12:26:40Z")
        // --set names the set instead.
        let other = try SQLiteRecordStore(path: dir.path("o.sqlite"))
        _ = try runImport(other, [folder], set: "my set")
        #expect(try other.setSpecs() == ["my set"])
    }

    @Test func anOAIPMHResponseFileKeepsHeadersAndDeletions() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let (summary, problems) = try runImport(store, [Fixtures.url("oai-pmh/sickle-samples/ListRecords_with_deleted_record.xml").path],
                                                prefix: "oai_dc")
        #expect(problems.isEmpty && summary.inserted == 2 && summary.deleted == 1)
        let records = try allRecords(store)
        #expect(records.map(\.identifier) == ["oai:test.example.com:1585310", "oai:test.example.com:1585322"])
        #expect(records.map(\.datestamp) == ["2011-07-18T16:31:00Z", "2011-01-10T10:19:23Z"])
        #expect(records.map(\.deleted) == [true, false])
        #expect(records.allSatisfy { $0.metadataPrefix == "oai_dc" && $0.sets.isEmpty })
        #expect(records[1].json?.contains(#""dc:title":["Sample Title"]"#) == true)
    }

    @Test func badFilesAreNamedSkippedAndCountedAndTheRestIsStored() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("broken.zip")
        try makeZIP(path, [
            ("good.xml", Array(edmRecord("urn:good", title: "Good").utf8)),
            ("bad.xml", Array("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><unclosed>".utf8)),
            ("anonymous.xml", Array(#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>"#.utf8)),
            ("error.xml", Array(try Fixtures.data("oai-pmh/europeana-api/error_idDoesNotExist.xml"))),
        ], modified: entryDate)
        try Data("no zip".utf8).write(to: URL(fileURLWithPath: dir.path("fake.zip")))
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let (summary, problems) = try runImport(store, [path, dir.path("fake.zip"), dir.path("missing.xml")])
        #expect(summary.inserted == 1 && summary.filesSkipped == 5 && summary.skippedAny)
        #expect(try store.identifiers() == ["urn:good"])
        let messages = problems.map(\.description)
        #expect(messages.count == 5)
        #expect(messages[0].hasPrefix("\(path): bad.xml: not well-formed XML: "))
        #expect(messages[1] == "\(path): anonymous.xml: no edm:ProvidedCHO with an rdf:about (the record's identifier); skipped")
        #expect(messages[2].hasPrefix("\(path): error.xml: an OAI-PMH error response (idDoesNotExist"))
        #expect(messages[3].hasPrefix("\(dir.path("fake.zip")): not a readable ZIP archive"))
        #expect(messages[4].hasPrefix("\(dir.path("missing.xml")): cannot read it: "))
    }

    @Test func aDamagedEntryFailsItsChecksumAndIsSkipped() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("damaged.zip")
        try makeZIP(path, [("1.xml", Array(edmRecord("urn:1", title: "Intact").utf8)),
                           ("2.xml", Array(edmRecord("urn:2", title: "Damaged").utf8))], modified: entryDate, compressed: false)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let title = Array("Damaged".utf8)
        let at = try #require((0...(bytes.count - title.count)).first { bytes[$0..<($0 + title.count)].elementsEqual(title) })
        bytes[at] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let (summary, problems) = try runImport(store, [path])
        #expect(summary.inserted == 1 && summary.filesSkipped == 1)
        #expect(problems.map(\.description) == ["\(path): 2.xml: cannot extract it: its CRC-32 does not match (the archive is damaged); skipped"])
    }

    @Test func jsonLinesKeepSetsDatestampsDeletionsAndRecordBytes() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path("dump.jsonl")
        let lines = [
            #"{"id":"oai:x:1","set":"a","sets":["a","b"],"datestamp":"2024-01-01T00:00:00Z","deleted":false,"record":{ "k" : [1, 2.50e3, "\u00e9"] }}"#,
            #"{"id":"oai:x:2","set":null,"sets":[],"datestamp":"2024-01-02","deleted":true,"record":null}"#,
            "",
            #"{"id":"oai:x:3","datestamp":"2024-01-03T00:00:00Z","record":{},"xml":"<x a=\"1\">caf\u00e9 \ud83d\ude00</x>"}"#,
            #"{"id":"oai:x:4","record":{}"#,
            #"{"record":{}}"#,
            #"{"id":"oai:x:5","deleted":false,"record":null}"#,
            #"{"id":"oai:x:6","record":{}} trailing"#,
            #"{"id":"oai:x:7","datestamp":"2024-01-07T00:00:00Z","xml":"<dc xmlns=\"urn:x\"><title>T</title></dc>"}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let (summary, problems) = try runImport(store, [file], set: "extra")
        #expect(summary.inserted == 4 && summary.deleted == 1 && summary.linesSkipped == 4 && summary.skippedAny)
        #expect(problems.map(\.description) == [
            "\(file):5: not JSON at byte 28: the object is not closed; line skipped",
            "\(file):6: no \"id\" (the record's identifier); line skipped",
            "\(file):7: a live record without \"record\" or \"xml\" (nothing to store); line skipped",
            "\(file):8: not JSON at byte 29: text after the object; line skipped",
        ])
        let records = try allRecords(store)
        #expect(records.map(\.identifier) == ["oai:x:1", "oai:x:2", "oai:x:3", "oai:x:7"])
        #expect(records[0].json == #"{ "k" : [1, 2.50e3, "\u00e9"] }"# && records[0].sets == ["a", "b", "extra"])
        #expect(records[0].metadataXML == nil && records[0].datestamp == "2024-01-01T00:00:00Z")
        #expect(records[1].deleted && records[1].datestamp == "2024-01-02" && records[1].sets == ["extra"])
        #expect(records[2].metadataXML == "<x a=\"1\">café 😀</x>" && records[2].json == "{}")
        // XML without a "record" member is converted as a harvest converts it.
        #expect(records[3].json?.hasPrefix(#"{"title":["T"]"#) == true)
        #expect(try store.countLiveWithoutXML(metadataPrefix: nil) == 1)
    }

    @Test func exportThenImportIntoANewStoreThenExportGivesTheSameLines() throws {
        let dir = try TemporaryDirectory()
        let source = try SQLiteRecordStore(path: dir.path("a.sqlite"))
        try source.storeRecords([
            RecordInput(identifier: "oai:e:1", datestamp: "2024-01-01", deleted: false, sets: ["b set", "a/1"],
                        metadataXML: "<x>\"é\"\n\t&amp;</x>", json: #"{"edm:ProvidedCHO":[{"@about":"1"}],"identifier":"oai:e:1","sets":["a/1"]}"#),
            RecordInput(identifier: "oai:e:\"2\"", datestamp: "2024-01-02T00:00:00Z", deleted: true, sets: ["b set"],
                        metadataXML: nil, json: nil),
            RecordInput(identifier: "oai:e:3", datestamp: "2024-01-03T10:00:00Z", deleted: false, sets: [], metadataXML: "<x/>", json: nil),
            RecordInput(identifier: "oai:e:4 \u{1F600}", datestamp: "2024-01-04T10:00:00Z", deleted: false, sets: ["caf\u{E9}"],
                        metadataXML: "<y>\u{1F600}\u{7F}</y>", json: #"{"t":["\u0001 😀"]}"#),
        ], metadataPrefix: "edm")
        for withXML in [true, false] {
            let first = try exportLines(source, withXML: withXML)
            let file = dir.path("export-\(withXML).jsonl")
            try Data((first.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
            let copy = try SQLiteRecordStore(path: dir.path("copy-\(withXML).sqlite"))
            let (summary, problems) = try runImport(copy, [file])
            if withXML {
                #expect(problems.isEmpty && summary.inserted == 4)
                #expect(try exportLines(copy, withXML: true) == first)
                #expect(try copy.countLiveWithoutXML(metadataPrefix: nil) == 0)
            } else {
                // Without XML, the record whose conversion had failed (record null) has nothing to store.
                #expect(problems.map(\.description) == ["\(file):3: a live record without \"record\" or \"xml\" (nothing to store); line skipped"])
                #expect(try exportLines(copy, withXML: false) == first.filter { !$0.contains(#""id":"oai:e:3""#) })
                #expect(try copy.countLiveWithoutXML(metadataPrefix: nil) == 2)
                #expect(try copy.record(identifier: "oai:e:1")?.metadataXML == nil)
            }
        }
    }

    @Test func anExportWithoutXMLImportedIntoItsOwnStoreChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        _ = try runImport(store, [try datasetZIP(dir)])
        let before = try allRecords(store)
        let file = dir.path("no-xml.jsonl")
        try Data(try exportLines(store, withXML: false).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let (summary, problems) = try runImport(store, [file], set: "more")
        #expect(problems.isEmpty && summary.unchanged == 3 && summary.updated == 0)
        let after = try allRecords(store)
        #expect(after.map(\.metadataXML) == before.map(\.metadataXML) && after.map(\.json) == before.map(\.json))
        #expect(after.allSatisfy { $0.sets == ["2048081", "more"] })
        #expect(try store.countLiveWithoutXML(metadataPrefix: nil) == 0)
        // A line with other JSON at the same datestamp replaces the record, XML and all (as a harvest would).
        let changed = dir.path("changed.jsonl")
        let first = try #require(before.first)
        try Data(#"{"id":"\#(first.identifier)","datestamp":"\#(first.datestamp)","record":{"changed":true}}"#.utf8)
            .write(to: URL(fileURLWithPath: changed))
        #expect(try runImport(store, [changed]).summary.updated == 1)
        #expect(try store.record(identifier: first.identifier)?.metadataXML == nil)
    }

    func exportLines(_ store: SQLiteRecordStore, withXML: Bool) throws -> [String] {
        var lines: [String] = []
        try RecordExporter(store: store).exportJSONLines(set: nil, withXML: withXML) { lines.append($0) }
        return lines
    }

    @Test func anOlderDatestampNeverReplacesNewerContent() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        func write(_ name: String, _ line: String) throws -> String {
            let path = dir.path(name)
            try Data(line.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let newer = try write("newer.jsonl", #"{"id":"r","sets":["s"],"datestamp":"2024-05-01T00:00:00Z","deleted":false,"record":{"v":2}}"#)
        let older = try write("older.jsonl", #"{"id":"r","sets":["t"],"datestamp":"2024-04-01T00:00:00Z","deleted":false,"record":{"v":1}}"#)
        let later = try write("later.jsonl", #"{"id":"r","sets":["s"],"datestamp":"2024-06-01T00:00:00Z","deleted":true,"record":null}"#)
        _ = try runImport(store, [newer])
        let (kept, _) = try runImport(store, [older])
        #expect(kept.older == 1 && kept.unchanged == 1 && kept.updated == 0)
        var r = try #require(try store.record(identifier: "r"))
        #expect(r.json == #"{"v":2}"# && r.datestamp == "2024-05-01T00:00:00Z" && r.sets == ["s", "t"])
        // The same datestamp with other content replaces it (as a harvest does); a later deletion too.
        let same = try write("same.jsonl", #"{"id":"r","datestamp":"2024-05-01T00:00:00Z","record":{"v":3}}"#)
        #expect(try runImport(store, [same]).summary.updated == 1)
        #expect(try store.record(identifier: "r")?.json == #"{"v":3}"#)
        #expect(try runImport(store, [later]).summary.updated == 1)
        r = try #require(try store.record(identifier: "r"))
        #expect(r.deleted && r.json == nil)
        #expect(try runImport(store, [newer]).summary.older == 1)
    }

    @Test func theScannerReadsStringsAndRejectsWhatJSONForbids() throws {
        func check(_ text: String) -> String? {
            let bytes: [UInt8] = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) -> String? in
                let scanner = JSONScanner(bytes: buffer)
                do {
                    let end = try scanner.valueEnd(0)
                    return scanner.skipSpace(end) == buffer.count ? nil : "trailing"
                } catch let failure {
                    return (failure as? JSONScanner.Failure)?.reason ?? "\(failure)"
                }
            }
        }
        #expect(check(#"{"a":[1,-0.5e+2,true,false,null,{"b":"\"\\\/\b\f\n\r\t\u0041"}]}"#) == nil)
        #expect(check("[01]") != nil && check("[1.]") != nil && check("[-]") != nil && check("{\"a\" 1}") != nil)
        #expect(check("\"a\u{01}\"") != nil && check(#""\x""#) != nil && check(#""\u12G4""#) != nil && check("[1,]") != nil)
        #expect(check(String(repeating: "[", count: 600) + String(repeating: "]", count: 600)) != nil)
        let decoded = Array(#""\ud83d\ude00 \u00e9\n""#.utf8).withUnsafeBufferPointer { buffer in
            (try? JSONScanner(bytes: buffer).string(0)).map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        #expect(decoded == "😀 é\n")
        let lone = Array(#""\ud83d""#.utf8).withUnsafeBufferPointer { buffer in (try? JSONScanner(bytes: buffer).string(0)) == nil }
        #expect(lone)
    }
}
