import ThresherCore
import Foundation
import Testing
import TestSupport
@testable import Harvest
@testable import RecordStore

/// completeListSize as a hint, not a stop; records whose metadata cannot be converted counted per set.
@Suite struct ListSizeAndConversionTests {
    @Test func anUnderstatedListSizeWithHonestCursorsHarvestsEverythingAndIsFlagged() throws {
        let all = records(sets: ["u": 250])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.claimedListSize = ["u": 120]  // cursors 0, 10 … 240 stay honest
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["u"])), store: store)
        let row = try #require(report.rows.first)
        #expect(row.status == .complete && row.records == 250 && row.pages == 25)
        #expect(row.expected == 120 && row.stored == 250 && HarvestReport.check(row) == "mismatch")
        #expect(row.message == "completeListSize 120 understated: the listing gave 250 records")
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(report.table.hasSuffix("\tcomplete\t120\t250\tmismatch\t0\n"))
    }

    @Test func aCursorBeyondTheSizeWithAnEmptyPageEndsTheSetAsSuspect() throws {
        let all = records(sets: ["e": 30])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.claimedListSize = ["e": 20]
        behaviour.emptyPagesAfterEnd = ["e": Int.max]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["e"]), maxEmptyPages: 5), store: store)
        let row = try #require(report.rows.first)
        // Page 3 (cursor 20, not beyond 20) brings records; page 4 is beyond the size and empty: the second sign.
        #expect(row.status == .suspectEnd && row.pages == 4)
        #expect(row.message == "cursor 30 beyond completeListSize 20, and a page without records")
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(HarvestReport.check(row) == "mismatch")
    }

    @Test func aCursorBeyondTheSizeWithARepeatedTokenEndsTheSetAsSuspect() throws {
        let all = records(sets: ["l": 30])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.claimedListSize = ["l": 15]
        behaviour.loopingTokenSets = ["l"]  // the last page hands out the previous page's token again
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["l"])), store: store)
        let row = try #require(report.rows.first)
        #expect(row.status == .suspectEnd && row.pages == 3)
        #expect(row.message?.hasPrefix("resumption token repeated: ") == true)
        #expect(row.message?.hasSuffix(" (cursor 20 beyond completeListSize 15)") == true)
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    /// EDM nested deeper than the converter reads: kept with its XML and without JSON.
    static func tooDeep(_ identifier: String) -> String {
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:x=\"urn:x\"><rdf:Description rdf:about=\"\(identifier)\">"
            + String(repeating: "<x:p><rdf:Description>", count: 200) + String(repeating: "</rdf:Description></x:p>", count: 200)
            + "</rdf:Description></rdf:RDF>"
    }

    @Test func recordsThatCannotBeConvertedAreCountedInTheirSetsRow() throws {
        var all = records(sets: ["a": 12, "b": 3], deletedEvery: 6)
        for index in all.indices where ["oai:test:a-2", "oai:test:a-11", "oai:test:b-1"].contains(all[index].identifier) {
            all[index].metadataXML = Self.tooDeep(all[index].identifier)
        }
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.reportsListSize = false
        behaviour.pageSize = 5
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var report = try harvest(options(server, .sets(["a", "b"])), store: store)
        for index in report.rows.indices { report.rows[index].seconds = 0 }
        #expect(report.table == """
            set\trecords\tdeleted\tpages\tseconds\tstatus\texpected\tstored\tcheck\tunconverted
            a\t10\t2\t3\t0.0\tcomplete\t-\t12\t-\t2
            b\t3\t0\t1\t0.0\tcomplete\t-\t3\t-\t1

            """)
        #expect(try store.record(identifier: "oai:test:a-2")?.json == nil)
        #expect(try store.record(identifier: "oai:test:a-2")?.metadataXML?.isEmpty == false)
        // `status` reads the same row back from the stored summary.
        #expect(try store.latestRunSummary()?.rows.map(\.unconverted) == [2, 1])
    }

    @Test func theUnconvertedCountSurvivesAResume() throws {
        var all = records(sets: ["s": 20])
        for index in all.indices where ["oai:test:s-3", "oai:test:s-17"].contains(all[index].identifier) {
            all[index].metadataXML = Self.tooDeep(all[index].identifier)
        }
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "ListRecords", set: "s", page: 1, times: 100, fault: .status(500))]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let failed = try harvest(options(server, .sets(["s"]), maxAttempts: 1, setRetries: 0), store: store)
        #expect(failed.rows.first?.status == .failed && failed.rows.first?.unconverted == 1)
        repository.update { $0.rules = [] }
        let resumed = try harvest(options(server, .sets(["s"])), store: store)
        #expect(resumed.rows.first?.status == .complete && resumed.rows.first?.unconverted == 2)
    }

    @Test func summariesAndCheckpointsStoredBeforeTheCountReadAsZero() throws {
        let row = #"{"set":"a","records":5,"deleted":0,"pages":1,"seconds":0.5,"status":"complete","retries":0}"#
        let decoded = try JSONDecoder().decode(SummaryRow.self, from: Data(row.utf8))
        #expect(decoded == SummaryRow(set: "a", records: 5, deleted: 0, pages: 1, seconds: 0.5, status: .complete))
        #expect(decoded.unconverted == 0)
        let checkpoint = #"{"key":{"endpoint":"http://x/oai","metadataPrefix":"edm","set":"a"},"status":"running","pages":1,"#
            + #""records":5,"deleted":0,"emptyPagesInARow":0,"seconds":1,"retries":0,"resumptionToken":"t"}"#
        let read = try JSONDecoder().decode(SetCheckpoint.self, from: Data(checkpoint.utf8))
        #expect(read.unconverted == 0 && read.resumptionToken == "t" && read.records == 5)
        // And the new field round-trips.
        var counted = read
        counted.unconverted = 3
        #expect(try JSONDecoder().decode(SetCheckpoint.self, from: JSONEncoder().encode(counted)) == counted)
    }
}
