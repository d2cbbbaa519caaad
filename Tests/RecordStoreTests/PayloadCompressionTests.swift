import DataProvider
import EDM
import Export
import Foundation
import GRDB
import GRDBSQLite
import OAIPMH
import Testing
import TestSupport
import ThresherCore
@testable import RecordStore

/// `count` generated EDM records (seeded) with their JSON, as the harvester hands them to the store.
func sampleInputs(_ count: Int, seed: UInt64 = 5, from first: Int = 0) -> [RecordInput] {
    SampleRecords.make(count: first + count, seed: seed).dropFirst(first).map { sample in
        let json = sample.deleted ? nil : try? RecordConverter.json(metadataXML: sample.metadataXML, identifier: sample.identifier,
                                                                    sets: sample.sets)
        return RecordInput(identifier: sample.identifier, datestamp: sample.datestamp, deleted: sample.deleted, sets: sample.sets,
                           metadataXML: sample.deleted ? nil : sample.metadataXML, json: json ?? (sample.deleted ? nil : "{}"))
    }
}

/// What every reader of a store gives back, for byte-for-byte comparisons.
struct ReaderOutputs: Equatable {
    var records: [StoredRecord] = []
    var byIdentifier: [StoredRecord?] = []
    var json: [RecordJSON] = []
    var batches: [RecordJSON] = []
    var exportLines: [String] = []
    var perSet: [String: String] = [:]
    var provider: [String] = []

    init(_ store: SQLiteRecordStore, directory: TemporaryDirectory) throws {
        records = try store.records(RecordQuery(), limit: 100_000)
        byIdentifier = try records.prefix(20).map { try store.record(identifier: $0.identifier, metadataPrefix: $0.metadataPrefix) }
        json = try store.recordJSON(seqs: records.map(\.seq), withXML: true)
        let shared = store.jsonBatches(RecordQuery(), batchSize: 7)
        while let batch = try shared.next() { batches += batch }
        try RecordExporter(store: store).exportJSONLines(set: nil) { exportLines.append($0) }
        let out = directory.path("per-set-\(UUID().uuidString)")
        let files = try RecordExporter(store: store).exportPerSet(directory: out)
        for (_, file) in files { perSet[file] = try String(contentsOfFile: out + "/" + file, encoding: .utf8) }
        let provider = OAIDataProvider(store: store, configuration: ProviderConfiguration(baseURL: "http://127.0.0.1/oai", pageSize: 25))
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        func respond(_ arguments: [(String, String)]) -> String {
            String(decoding: provider.respond(to: arguments, now: now).body, as: UTF8.self)
        }
        for verb in ["ListRecords", "ListIdentifiers"] {
            for prefix in try store.metadataPrefixes() {
                var arguments = [("verb", verb), ("metadataPrefix", prefix)]
                while true {
                    let page = respond(arguments)
                    self.provider.append(page)
                    guard let token = Self.token(page), !token.isEmpty else { break }
                    arguments = [("verb", verb), ("resumptionToken", token)]
                }
            }
        }
        for record in records.prefix(10) {
            self.provider.append(respond([("verb", "GetRecord"), ("identifier", record.identifier),
                                          ("metadataPrefix", record.metadataPrefix)]))
        }
    }

    static func token(_ page: String) -> String? {
        guard let start = page.range(of: "<resumptionToken") else { return nil }
        guard let close = page[start.upperBound...].firstIndex(of: ">"),
              let end = page.range(of: "</resumptionToken>", range: close..<page.endIndex) else { return "" }
        return String(page[page.index(after: close)..<end.lowerBound])
    }
}

/// The storage class of every payload (`text`, `blob`, `null`) and the zstd dictionary id of each frame.
func payloadForms(_ path: String) throws -> (forms: [String: Int], dictionaryIDs: Set<UInt32>) {
    let pool = try DatabasePool(path: path)
    return try pool.read { db in
        var forms: [String: Int] = [:]
        var ids = Set<UInt32>()
        for row in try Row.fetchAll(db, sql: "SELECT metadata_xml, json FROM records") {
            for index in 0..<2 {
                let value: DatabaseValue = row[index]
                switch value.storage {
                case .blob(let data):
                    forms["blob", default: 0] += 1
                    ids.insert(data.withUnsafeBytes { (try? PayloadCodec.dictionaryID(of: $0)) ?? UInt32.max })
                case .string: forms["text", default: 0] += 1
                case .null: forms["null", default: 0] += 1
                default: forms["other", default: 0] += 1
                }
            }
        }
        return (forms, ids)
    }
}

func dictionaries(_ path: String) throws -> [String] {
    let pool = try DatabasePool(path: path)
    return try pool.read { db in
        try Row.fetchAll(db, sql: "SELECT metadata_prefix, kind, dictionary_id IS NOT NULL, samples FROM payload_dictionaries ORDER BY 1, 2")
            .map { row in "\(row[0] as String) \(row[1] as String) \((row[2] as Bool) ? "trained" : "none") \(row[3] as Int)" }
    }
}

@Suite struct PayloadCompressionTests {
    static let dc = #"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Dublin &amp; Core</dc:title></oai_dc:dc>"#

    /// The same pages written into `path` as `compression` says.
    func fill(_ path: String, _ compression: PayloadCompression, records: [RecordInput]) throws -> SQLiteRecordStore {
        let store = try SQLiteRecordStore(path: path, payloadCompression: compression)
        var checkpoint = SetCheckpoint(key: key(nil))
        for start in stride(from: 0, to: records.count, by: 25) {
            checkpoint.pages += 1
            try store.storePage(Array(records[start..<min(records.count, start + 25)]), metadataPrefix: "edm", checkpoint: checkpoint)
        }
        try store.storeRecords([RecordInput(identifier: "oai:dc:1", datestamp: "2024-02-02", deleted: false, sets: ["plain"],
                                            metadataXML: Self.dc, json: #"{"title":"Dublin & Core"}"#)], metadataPrefix: "oai_dc")
        return store
    }

    @Test func everyReaderGivesTheSameBytesFromACompressedStore() throws {
        let dir = try TemporaryDirectory()
        let inputs = sampleInputs(120)
        let plain = try fill(dir.path("plain.sqlite"), .uncompressed, records: inputs)
        let packed = try fill(dir.path("packed.sqlite"), .zstd(dictionarySamples: 40), records: inputs)
        let expected = try ReaderOutputs(plain, directory: dir)
        let got = try ReaderOutputs(packed, directory: dir)
        #expect(got.records.count == 121)
        #expect(got.records == expected.records)
        #expect(got.byIdentifier == expected.byIdentifier)
        #expect(got.json == expected.json)
        #expect(got.batches == expected.batches)
        #expect(got.exportLines == expected.exportLines)
        #expect(got.perSet == expected.perSet)
        #expect(got.provider == expected.provider)
        // And what went in comes out: the XML and JSON of every live record, byte for byte.
        let live = inputs.filter { !$0.deleted }
        let stored = Dictionary(uniqueKeysWithValues: got.json.map { ($0.identifier, $0) })
        #expect(live.allSatisfy { stored[$0.identifier]?.xml == $0.metadataBytes && stored[$0.identifier]?.json == $0.jsonBytes })
        let plainForms = try payloadForms(dir.path("plain.sqlite")).forms
        let packedForms = try payloadForms(dir.path("packed.sqlite")).forms
        #expect(plainForms["blob"] == nil && plainForms["text"] == 2 * (live.count + 1))
        #expect(packedForms["text"] == nil && packedForms["blob"] == 2 * (live.count + 1))
    }

    @Test func aDictionaryIsTrainedOncePerFormatAndKindAndSurvivesReopening() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("s.sqlite")
        let compression = PayloadCompression.zstd(dictionarySamples: 60)
        let inputs = sampleInputs(150)
        let livePerPage = stride(from: 0, to: 150, by: 25).map { start in inputs[start..<start + 25].filter { !$0.deleted }.count }
        do {
            let store = try SQLiteRecordStore(path: path, payloadCompression: compression)
            var checkpoint = SetCheckpoint(key: key(nil))
            // Two pages (under 60 live records): nothing to train on yet, payloads compressed without a dictionary.
            for start in [0, 25] {
                checkpoint.pages += 1
                try store.storePage(Array(inputs[start..<start + 25]), metadataPrefix: "edm", checkpoint: checkpoint)
            }
            #expect(livePerPage[0] + livePerPage[1] < 60)
            #expect(try dictionaries(path).isEmpty)
            #expect(try payloadForms(path).dictionaryIDs == [0])
            for start in [50, 75, 100] {
                checkpoint.pages += 1
                try store.storePage(Array(inputs[start..<start + 25]), metadataPrefix: "edm", checkpoint: checkpoint)
            }
        }
        // The page written once 60 live records were stored trained both dictionaries, from the first 60, and
        // recompressed those with them; the live records after them written before it stay without a dictionary.
        #expect(try dictionaries(path) == ["edm json trained 60", "edm xml trained 60"])
        let ids = try payloadForms(path).dictionaryIDs.subtracting([0])
        #expect(ids.count == 2)
        let withoutDictionary = try DatabasePool(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT metadata_xml, json FROM records WHERE deleted = 0 ORDER BY seq").map { row in
                try [0, 1].filter { index in
                    let frame: Data = row[index]
                    return try frame.withUnsafeBytes { try PayloadCodec.dictionaryID(of: $0) } == 0
                }.count
            }
        }
        let liveBeforeTraining = livePerPage[0] + livePerPage[1] + livePerPage[2]
        #expect(withoutDictionary == Array(repeating: 0, count: 60) + Array(repeating: 2, count: liveBeforeTraining - 60)
                + Array(repeating: 0, count: withoutDictionary.count - liveBeforeTraining))
        let reopened = try SQLiteRecordStore(path: path, payloadCompression: compression)
        try reopened.storePage(Array(inputs[125..<150]), metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("x")))
        #expect(try dictionaries(path) == ["edm json trained 60", "edm xml trained 60"])
        #expect(try payloadForms(path).dictionaryIDs.subtracting([0]) == ids)
        let read = try reopened.recordJSON(seqs: Array(1...150), withXML: true)
        let live = inputs.filter { !$0.deleted }
        #expect(read.map(\.identifier) == live.map(\.identifier))
        #expect(read.map(\.xml) == live.map(\.metadataBytes))
        #expect(read.map(\.json) == live.map { $0.jsonBytes ?? [] })
        // A store object that never wrote reads them too (dictionaries are loaded from the file).
        let fresh = try SQLiteRecordStore(path: path, readOnly: true)
        #expect(try fresh.records(RecordQuery(), limit: 1_000) == reopened.records(RecordQuery(), limit: 1_000))
    }

    @Test func aPageThatFailsAfterTrainingLeavesNeitherItsRecordsNorTheDictionary() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("s.sqlite")
        let store = try SQLiteRecordStore(path: path, payloadCompression: .zstd(dictionarySamples: 30))
        let inputs = sampleInputs(75)
        var checkpoint = SetCheckpoint(key: key(nil))
        for start in [0, 25] {
            checkpoint.pages += 1
            try store.storePage(Array(inputs[start..<start + 25]), metadataPrefix: "edm", checkpoint: checkpoint)
        }
        #expect(try dictionaries(path).isEmpty)
        let before = try store.records(RecordQuery(), limit: 1_000)
        // The next page trains (30 live records are stored), then fails on a record SQLite refuses: its payload is noise
        // that no compression shrinks below the lowered length limit, unlike the recompressed samples.
        var random = SplitMix64(seed: 11)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let noise = "<x>" + String((0..<100_000).map { _ in letters[random.next(64)] }) + "</x>"
        store.pool.writeWithoutTransaction { db in _ = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, 50_000) }
        var failing = Array(inputs[50..<75])
        failing.append(RecordInput(identifier: "noise", datestamp: "2024-01-01", deleted: false, sets: [], metadataXML: noise, json: "{}"))
        #expect(throws: StoreError.self) {
            try store.storePage(failing, metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("t")))
        }
        #expect(try dictionaries(path).isEmpty)
        #expect(try store.records(RecordQuery(), limit: 1_000) == before)
        #expect(try payloadForms(path).dictionaryIDs == [0])
        #expect(try store.checkpoint(for: key("t")) == nil)
        // Without it, the page trains and is stored.
        try store.storePage(Array(inputs[50..<75]), metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key("t")))
        #expect(try dictionaries(path) == ["edm json trained 30", "edm xml trained 30"])
        #expect(try store.recordJSON(seqs: Array(1...75), withXML: true).map(\.xml) == inputs.filter { !$0.deleted }.map(\.metadataBytes))
    }

    @Test func textAndCompressedRowsReadAlike() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("mixed.sqlite")
        let inputs = sampleInputs(60)
        let expected = try ReaderOutputs(try fill(dir.path("plain.sqlite"), .uncompressed, records: inputs), directory: dir)
        do {
            // Half written as text, half compressed, into one store; then one record updated by each kind of writer.
            let text = try SQLiteRecordStore(path: path, payloadCompression: .uncompressed)
            try text.storePage(Array(inputs[0..<30]), metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key(nil)))
            let packed = try SQLiteRecordStore(path: path, payloadCompression: .zstd(dictionarySamples: 20))
            try packed.storePage(Array(inputs[30..<60]), metadataPrefix: "edm", checkpoint: SetCheckpoint(key: key(nil)))
            try packed.storeRecords([RecordInput(identifier: "oai:dc:1", datestamp: "2024-02-02", deleted: false, sets: ["plain"],
                                                 metadataXML: Self.dc, json: #"{"title":"Dublin & Core"}"#)], metadataPrefix: "oai_dc")
        }
        let forms = try payloadForms(path).forms
        #expect((forms["text"] ?? 0) > 0 && (forms["blob"] ?? 0) > 0)
        let store = try SQLiteRecordStore(path: path, payloadCompression: .uncompressed)
        let got = try ReaderOutputs(store, directory: dir)
        #expect(got == expected)
    }

    @Test func anOldStoreIsCompressedOnOpeningAndEveryReaderGivesTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        let inputs = sampleInputs(400, seed: 9)
        // A store as Thresher wrote it before v6: payloads as text, no compression tables, v6 not applied.
        do {
            let store = try fill(path, .uncompressed, records: inputs)
            try store.pool.write { db in
                try db.execute(sql: "DROP TABLE payload_dictionaries; DROP TABLE payload_compression")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [PayloadCompressionSchema.identifier])
            }
            try store.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        let before: ReaderOutputs
        let copy = dir.path("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let oldSize = try fileSize(path)
        do {
            // Opened by a writer of text (the benchmarks' "today"), it gets the tables, and its payloads stay text.
            var heard: [[String]] = []
            let store = try SQLiteRecordStore(path: copy, payloadCompression: .uncompressed) { heard.append($0) }
            #expect(heard.isEmpty)
            #expect(try store.compressesStoredPayloads)
            before = try ReaderOutputs(store, directory: dir)
        }
        #expect(try payloadForms(copy).forms["blob"] == nil)
        var heard: [[String]] = []
        let store = try SQLiteRecordStore(path: path, payloadCompression: .zstd(dictionarySamples: 100)) { heard.append($0) }
        #expect(heard == [[PayloadCompressionSchema.identifier]])
        #expect(try !store.compressesStoredPayloads)
        let after = try ReaderOutputs(store, directory: dir)
        #expect(after.exportLines.count == 401)
        #expect(after.exportLines == before.exportLines)
        #expect(after.perSet == before.perSet)
        #expect(after.provider.count > 30)
        #expect(after.provider == before.provider)
        #expect(after == before)
        let forms = try payloadForms(path)
        #expect(forms.forms["text"] == nil)
        #expect(forms.dictionaryIDs.count == 3)  // edm xml, edm json, and oai_dc (one record) without a dictionary
        #expect(forms.dictionaryIDs.contains(0))
        #expect(try dictionaries(path) == ["edm json trained 100", "edm xml trained 100"])
        // The file shrank: vacuumed after compressing.
        let newSize = try fileSize(path)
        #expect(newSize * 2 < oldSize)
        // And the copy, opened with compression later, is compressed then.
        let later = try SQLiteRecordStore(path: copy)
        #expect(try ReaderOutputs(later, directory: dir) == before)
        #expect(try payloadForms(copy).forms["text"] == nil)
    }

    @Test func anInterruptedCompressionOfAnOldStoreGoesOn() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        let inputs = sampleInputs(30)
        let expected: [StoredRecord]
        do {
            let store = try fill(path, .uncompressed, records: inputs)
            expected = try store.records(RecordQuery(), limit: 1_000)
            // As a kill would leave it: the first records compressed, the rest still text.
            try store.pool.write { db in
                // (A store written by a text writer from the start has no compression waiting: as v6 left an older one.)
                try db.execute(sql: "INSERT INTO payload_compression VALUES (1, 10, 'compress')")
                let codec = try #require(PayloadCodec(levels: (3, 9)))
                for column in ["metadata_xml", "json"] {
                    for row in try Row.fetchAll(db, sql: "SELECT seq, \(column) FROM records WHERE seq <= 10 AND \(column) IS NOT NULL") {
                        let text: String = row[1]
                        let frame = try Array(text.utf8).withUnsafeBytes { try codec.compressed($0, dictionary: nil, kind: .xml) }
                        try db.execute(sql: "UPDATE records SET \(column) = ? WHERE seq = ?", arguments: [Data(frame), row[0] as Int64])
                    }
                }
            }
        }
        var heard: [[String]] = []
        let store = try SQLiteRecordStore(path: path) { heard.append($0) }
        #expect(heard == [[PayloadCompressionSchema.identifier]])
        #expect(try store.records(RecordQuery(), limit: 1_000) == expected)
        #expect(try payloadForms(path).forms["text"] == nil)
    }

    @Test func aDamagedPayloadFailsNamingItsRecord() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("s.sqlite")
        let inputs = sampleInputs(80)
        let store = try fill(path, .zstd(dictionarySamples: 30), records: inputs)
        let victim = try #require(inputs.first { !$0.deleted })
        let other = try #require(inputs.last { !$0.deleted })
        let frame = try store.pool.read { db in try Data.fetchOne(db, sql: "SELECT json FROM records WHERE identifier = ?", arguments: [victim.identifier]) }
        var damaged = [UInt8](try #require(frame))
        damaged[damaged.count / 2] ^= 0x5A  // caught by the frame's checksum if not before
        for bad in [damaged, [0x00, 0x01, 0x02, 0x03], Array(damaged.prefix(6))] {
            try store.pool.write { db in
                try db.execute(sql: "UPDATE records SET json = ? WHERE identifier = ?", arguments: [Data(bad), victim.identifier])
            }
            for read in [{ _ = try store.records(RecordQuery(), limit: 1_000) },
                         { _ = try store.record(identifier: victim.identifier, metadataPrefix: "edm") },
                         { _ = try store.recordJSON(seqs: Array(1...80), withXML: false) }] as [() throws -> Void] {
                do {
                    try read()
                    Issue.record("a damaged payload was read")
                } catch let error as StoreError {
                    guard case .corruptPayload(let errorPath, let identifier, let payload, _) = error else {
                        Issue.record("unexpected \(error)")
                        continue
                    }
                    #expect(errorPath == path && identifier == victim.identifier && payload == "JSON")
                    #expect(error.description.hasPrefix("\(path): record \(victim.identifier): its stored JSON cannot be read back ("))
                }
            }
            // Other records still read.
            #expect(try store.record(identifier: other.identifier, metadataPrefix: "edm")?.json == other.json)
        }
        // A frame whose dictionary the store lacks.
        try store.pool.write { db in
            try db.execute(sql: "UPDATE records SET json = (SELECT json FROM records WHERE identifier = ?) WHERE identifier = ?",
                           arguments: [other.identifier, victim.identifier])
            try db.execute(sql: "DELETE FROM payload_dictionaries WHERE kind = 'json'")
        }
        let reopened = try SQLiteRecordStore(path: path)
        #expect(throws: StoreError.self) { _ = try reopened.record(identifier: victim.identifier, metadataPrefix: "edm") }
        do {
            _ = try reopened.record(identifier: victim.identifier, metadataPrefix: "edm")
        } catch {
            #expect(error.description.contains("which the store lacks"))
        }
    }

    @Test func aRecordWithoutXMLHasItsJSONHashed() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("s.sqlite"))
        let json = Array(#"{"title":"imported"}"#.utf8)
        let input = RecordInput(identifier: "a", datestamp: "2024-01-01", deleted: false, sets: [], metadataBytes: nil, jsonBytes: json)
        #expect(try store.storeRecords([input], metadataPrefix: "edm").inserted == 1)
        let stored = try #require(try store.record(identifier: "a"))
        #expect(stored.contentHash == json.withUnsafeBytes { XXH64.hex(bytes: $0) })
        #expect(stored.metadataXML == nil && stored.json == #"{"title":"imported"}"#)
        var changed = input
        changed.json = #"{"title":"changed"}"#
        #expect(try store.storeRecords([changed], metadataPrefix: "edm").updated == 1)
        #expect(try store.storeRecords([changed], metadataPrefix: "edm").unchanged == 1)
        #expect(try store.record(identifier: "a")?.json == #"{"title":"changed"}"#)
        // Empty payloads are payloads (not absent), compressed like any other.
        try store.storeRecords([RecordInput(identifier: "empty", datestamp: "2024-01-01", deleted: false, sets: [], metadataXML: "", json: "")],
                               metadataPrefix: "edm")
        let empty = try #require(try store.record(identifier: "empty"))
        #expect(empty.metadataXML == "" && empty.json == "")
        #expect(try store.recordJSON(seqs: [empty.seq], withXML: true).first.map { $0.json == [] && $0.xml == [] } == true)
        // With XML, the XML's hash as before.
        let xml = RecordInput(identifier: "b", datestamp: "2024-01-01", deleted: false, sets: [], metadataXML: "<x/>", json: "{}")
        try store.storeRecords([xml], metadataPrefix: "edm")
        #expect(try store.record(identifier: "b")?.contentHash == XXH64.hex("<x/>"))
    }

    @Test func realRecordsAreThreeTimesSmallerWithoutADictionary() throws {
        // The payloads the harvester stores for the real fixture records (the <metadata> child and its JSON).
        let converter: PayloadConverter = { payload, header in
            PayloadText(bytes: try RecordConverter.jsonBytes(tree: payload, identifier: header.identifier, sets: header.setSpecs))
        }
        var raw = 0, compressed = 0
        let compression = PayloadCompression.zstd
        let codec = try #require(PayloadCodec(levels: (compression.level, compression.levelWithoutDictionary)))
        let folder = Fixtures.url("edm/oai-pmh-xml")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files.count == 4)
        for file in files {
            let page = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
            let records = try OAIResponseParser.parse(page, converter: converter).response.records
            for record in records {
                let xml = try #require(record.metadataBytes)
                guard case .success(let json) = record.converted else {
                    Issue.record("\(file) did not convert")
                    continue
                }
                for payload in [xml, json.bytes] {
                    raw += payload.count
                    compressed += try payload.withUnsafeBytes { try codec.compressed($0, dictionary: nil, kind: .xml) }.count
                }
            }
        }
        #expect(raw > 300_000)
        #expect(Double(raw) / Double(compressed) >= 3)
    }
}

func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}
