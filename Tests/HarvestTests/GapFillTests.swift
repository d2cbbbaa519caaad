import ThresherCore
import Foundation
import Testing
import TestSupport
@testable import Harvest
@testable import RecordStore

@Suite struct GapFillTests {
    @Test func fetchesWhatListingsHid() throws {
        let all = records(sets: ["s": 20])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.hiddenFromListings = ["oai:test:s-4", "oai:test:s-17"]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"])), store: store)
        #expect(report.rows.first?.stored == 18)

        let filler = GapFiller(options: options(server, .repository), store: store, progress: ProgressReporter(quiet: true))
        let ids = identifiers(all) + ["oai:test:missing"]
        let fill = try filler.run(identifiers: ids)
        #expect(fill == GapFillReport(listed: 21, alreadyStored: 18, fetched: 2, notFound: 1, failed: 0, failedIdentifiers: []))
        #expect(fill.table == "listed\t21\nalready stored\t18\nfetched\t2\nnot found\t1\nfailed\t0\n")
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(try store.record(identifier: "oai:test:s-4")?.sets == ["s"])

        // Resumable: a second run finds nothing missing.
        let again = try filler.run(identifiers: ids)
        #expect(again.fetched == 0 && again.alreadyStored == 20 && again.notFound == 1)
    }

    @Test func storesOnlyTheRecordItAskedFor() throws {
        let composed = "oai:test:caf\u{E9}", decomposed = "oai:test:cafe\u{301}"  // equal as Strings, not as bytes
        let all = records(sets: ["s": 3]) + [Record(identifier: composed, datestamp: "2024-01-01", sets: ["s"])]
        var behaviour = FaultyOAIRepository.Behaviour()
        // Ids the repository normalises (case, Unicode composition), one it answers with another stored record.
        behaviour.getRecordAnswers = ["oai:test:S-2": "oai:test:s-2", "oai:test:other": "oai:test:s-1", decomposed: composed]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        try store.storeRecords([RecordInput(identifier: "oai:test:s-1", datestamp: "2020-01-01", deleted: false, sets: ["s"],
                                            metadataXML: "<x>mine</x>", json: "{}")], metadataPrefix: "edm")
        let filler = GapFiller(options: options(server, .repository), store: store, progress: ProgressReporter(quiet: true))
        let fill = try filler.run(identifiers: ["oai:test:s-1", "oai:test:S-2", "oai:test:other", "oai:test:s-3", decomposed])
        #expect(fill == GapFillReport(listed: 5, alreadyStored: 1, fetched: 1, notFound: 0, failed: 3,
                                      failedIdentifiers: ["oai:test:S-2", decomposed, "oai:test:other"].sorted()))
        #expect(try storedIdentifiers(store) == ["oai:test:s-1", "oai:test:s-3"])
        #expect(try store.record(identifier: "oai:test:s-1")?.metadataXML == "<x>mine</x>")
    }

    @Test func aListIdentifiersLoopEndsTheList() throws {
        let all = records(sets: ["s": 25])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.loopingTokenSets = ["s"]
        behaviour.hiddenFromListings = ["oai:test:s-7"]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"])), store: store)
        #expect(report.rows.first?.status == .suspectEnd)
        repository.update { $0.hiddenFromListings = [] }
        let filler = GapFiller(options: options(server, .repository), store: store, progress: ProgressReporter(quiet: true))
        let fill = try filler.run(identifiers: nil)
        // Pages 0, 1 and 2, whose token is page 1's again: the list ends there, 25 identifiers, one of them missing.
        #expect(fill == GapFillReport(listed: 25, alreadyStored: 24, fetched: 1, notFound: 0, failed: 0, failedIdentifiers: []))
        #expect(repository.requestLog.filter { $0.hasPrefix("verb=ListIdentifiers") }.count == 3)
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func buildsTheListWithListIdentifiersAndReportsFailures() throws {
        let all = records(sets: ["s": 6])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "GetRecord", times: 100, fault: .status(500))]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        try store.storeRecords([RecordInput(identifier: "oai:test:s-1", datestamp: "2024-01-02T00:01:00Z", deleted: false,
                                            sets: ["s"], metadataXML: "<x/>", json: "{}")], metadataPrefix: "edm")
        let filler = GapFiller(options: options(server, .repository, maxAttempts: 2), store: store,
                               progress: ProgressReporter(quiet: true))
        let fill = try filler.run(identifiers: nil)
        #expect(fill.listed == 6 && fill.alreadyStored == 1 && fill.failed == 5 && fill.exitCode == 2)
        #expect(fill.failedIdentifiers == ["oai:test:s-2", "oai:test:s-3", "oai:test:s-4", "oai:test:s-5", "oai:test:s-6"])

        // A list that cannot be had is named as the list it is.
        repository.update { $0.rules = [.init(verb: "ListIdentifiers", times: 100, fault: .status(500))] }
        #expect {
            try filler.run(identifiers: nil)
        } throws: { error in
            "\(error)".hasPrefix("\(server.endpoint): ListIdentifiers \(HarvestReport.repositoryLabel) failed: ")
        }
    }
}
