import ThresherCore
import Foundation
import GRDB
import GRDBSQLite
import Testing
import TestSupport
@testable import Harvest
@testable import RecordStore

@Suite struct DispatcherTests {
    @Test func harvestsSetsInParallelIncludingOddNames() throws {
        let all = records(sets: ["Maps & Atlases": 23, "Bibliothèque municipale": 7, "a b/c:d+e": 10, "plain": 1], deletedEvery: 5)
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let sets = ["Maps & Atlases", "Bibliothèque municipale", "a b/c:d+e", "plain"]
        let report = try harvest(options(server, .sets(sets), parallel: 3), store: store)
        #expect(report.exitCode == 0)
        #expect(report.rows.map(\.set) == sets)
        #expect(report.rows.map(\.status) == [.complete, .complete, .complete, .complete])
        #expect(report.rows.map(\.records) == [19, 6, 8, 1])
        #expect(report.rows.map(\.deleted) == [4, 1, 2, 0])
        #expect(report.rows.map(\.pages) == [3, 1, 1, 1])
        #expect(report.rows.map(\.expected) == [23, nil, 10, nil] || report.rows.map(\.expected) == [23, nil, nil, nil])
        #expect(report.rows.map(\.stored) == [23, 7, 10, 1])
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(try storedIdentifiers(store, set: "Maps & Atlases") == identifiers(all, set: "Maps & Atlases"))
        let deleted = try #require(try store.record(identifier: "oai:test:plain-1"))
        #expect(!deleted.deleted && deleted.json != nil && deleted.metadataXML?.contains("Title of oai:test:plain-1") == true)
        #expect(try store.record(identifier: "oai:test:a b/c:d+e-5")?.deleted == true)
        // The server saw the set names intact.
        #expect(server.repository.requestLog.contains("verb=ListRecords&metadataPrefix=edm&set=a b/c:d+e"))
        #expect(try store.latestRunSummary()?.rows == report.rows)
        #expect(report.table.split(separator: "\n").first == "set\trecords\tdeleted\tpages\tseconds\tstatus\texpected\tstored\tcheck\tunconverted")
    }

    @Test func aSetTheRepositoryRefusesIsNotTriedAgainButOneThatTimedOutIs() throws {
        let all = records(sets: ["s": 5, "t": 5, "u": 5])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [
            .init(verb: "ListRecords", set: "s", times: 100, fault: .oaiError("cannotDisseminateFormat")),
            .init(verb: "ListRecords", set: "t", times: 2, fault: .status(500)),
        ]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s", "t", "u"]), maxAttempts: 2, setRetries: 1), store: store)
        #expect(report.rows.map(\.status) == [.failed, .complete, .complete])
        let log = server.repository.requestLog
        #expect(log.filter { $0.hasSuffix("set=s") }.count == 1)
        #expect(log.filter { $0.hasSuffix("set=t") }.count == 3)
    }

    @Test func aSetNamedTwiceIsOneJob() throws {
        let all = records(sets: ["s": 12, "t": 3])
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s", "t", "s"])), store: store)
        #expect(report.rows.map(\.set) == ["s", "t"])
        #expect(server.repository.requestLog.filter { $0.hasPrefix("verb=ListRecords") }.count == 2 + 1)
    }

    @Test func wholeRepositoryAndAllSets() throws {
        let all = records(sets: ["x": 12, "y": 3])
        let repository = FaultyOAIRepository(records: all, setNames: ["x": "Set X", "y": "Set Y"])
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let whole = try harvest(options(server, .repository), store: store)
        #expect(whole.rows.map(\.set) == [HarvestReport.repositoryLabel])
        #expect(whole.rows.first?.records == 15)
        #expect(whole.rows.first?.pages == 2)
        let other = try SQLiteRecordStore(path: dir.path("all.sqlite"))
        let everySet = try harvest(options(server, .allSets), store: other)
        #expect(everySet.rows.map(\.set) == ["x", "y"])
        #expect(try other.sets(endpoint: server.endpoint) == [SetInfo(spec: "x", name: "Set X"), SetInfo(spec: "y", name: "Set Y")])
        #expect(try storedIdentifiers(other) == identifiers(all))
    }

    @Test func allSetsFollowsAPagedSetListAndEndsItAtARepeatedToken() throws {
        let all = records(sets: ["x": 4, "y": 3, "z": 2])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.setsPerPage = 1
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .allSets), store: store)
        #expect(report.exitCode == 0)
        #expect(report.rows.map(\.set) == ["x", "y", "z"])
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(repository.requestLog.filter { $0.hasPrefix("verb=ListSets") }
                == ["verb=ListSets", "verb=ListSets&resumptionToken=sets-1", "verb=ListSets&resumptionToken=sets-2"])

        // The last page sends the previous token again: the list ends there instead of looping.
        repository.update { $0.loopingSetList = true }
        let looping = try SQLiteRecordStore(path: dir.path("looping.sqlite"))
        let again = try harvest(options(server, .allSets), store: looping)
        #expect(again.rows.map(\.set) == ["x", "y", "z"])
        #expect(repository.requestLog.filter { $0.hasPrefix("verb=ListSets") }.count == 3 + 3)
    }

    @Test func setsThatDifferOnlyInUnicodeNormalisationAreTwoSets() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"  // equal as Strings, not as bytes
        let all = (1...3).map { Record(identifier: "oai:test:nfc-\($0)", datestamp: "2024-01-02T00:0\($0):00Z", sets: [composed]) }
            + (1...2).map { Record(identifier: "oai:test:nfd-\($0)", datestamp: "2024-01-02T00:0\($0):00Z", sets: [decomposed]) }
        let repository = FaultyOAIRepository(records: all)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        for (name, selection) in [("all", SetSelection.allSets), ("file", .sets(try SetsFile.read(path: {
            let path = dir.path("sets.txt")
            try Data((composed + "\n" + decomposed + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        }())))] {
            let store = try SQLiteRecordStore(path: dir.path("\(name).sqlite"))
            var verify = options(server, selection)
            verify.verify = true
            let report = try harvest(verify, store: store)
            #expect(report.rows.map { Array($0.set.utf8) } == [Array(composed.utf8), Array(decomposed.utf8)])
            #expect(report.rows.map(\.records) == [3, 2])
            #expect(report.rows.map(HarvestReport.check) == ["ok", "ok"])
            #expect(try storedIdentifiers(store) == all.map(\.identifier).sorted())
            #expect(try store.record(identifier: "oai:test:nfd-1")?.sets.map { Array($0.utf8) } == [Array(decomposed.utf8)])
        }
    }

    @Test func endlessListsOfSetsAndOfIdentifiersEnd() throws {
        let all = records(sets: ["x": 4, "y": 3])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.setsPerPage = 1
        behaviour.endlessSetList = true
        behaviour.reportsListSize = false
        behaviour.emptyPagesAfterEnd = ["y": Int.max]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var verify = options(server, .allSets, maxEmptyPages: 3)
        verify.verify = true
        let report = try harvest(verify, store: store)
        #expect(report.exitCode == 0)
        #expect(report.rows.map(\.set) == ["x", "y"])
        #expect(report.rows.map(\.status) == [.complete, .suspectEnd])
        // x verified; y's ListIdentifiers pass ran into the same empty pages and says so.
        #expect(report.rows.map(HarvestReport.check) == ["ok", "unverified"])
        #expect(report.rows.last?.verifyFailure == "it ended early: 3 pages in a row held nothing new")
        // Two pages with a set each, then three without.
        #expect(repository.requestLog.filter { $0.hasPrefix("verb=ListSets") }.count == 2 + 3)
        #expect(try storedIdentifiers(store) == identifiers(all))

        let filler = GapFiller(options: options(server, .repository, maxEmptyPages: 3), store: store,
                               progress: ProgressReporter(quiet: true))
        let fill = try filler.run(identifiers: nil)
        #expect(fill.listed == 7 && fill.alreadyStored == 7 && fill.fetched == 0)
    }

    @Test func aServerRepeatingItsLastPageWithFreshTokensIsARunaway() throws {
        let all = records(sets: ["r": 25, "s": 4])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.reportsListSize = false
        behaviour.repeatingLastPageSets = ["r"]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var verify = options(server, .sets(["r", "s"]), maxEmptyPages: 3)
        verify.verify = true
        let report = try harvest(verify, store: store)
        #expect(report.exitCode == 0)
        #expect(report.rows.map(\.status) == [.suspectEnd, .complete])
        #expect(report.rows.first?.message == "a page listed the same records as an earlier page")
        // Pages 0-2 hold 25 records; page 3 lists page 2's again and is not counted.
        #expect(report.rows.first?.records == 25 && report.rows.first?.pages == 3)
        #expect(try storedIdentifiers(store) == identifiers(all))
        // The verify pass gets nothing new after page 2: three such pages end it, unverified.
        #expect(report.rows.map(HarvestReport.check) == ["unverified", "ok"])
        #expect(report.rows.first?.verifyFailure == "it ended early: 3 pages in a row held nothing new")

        let filler = GapFiller(options: options(server, .repository, maxEmptyPages: 3), store: store,
                               progress: ProgressReporter(quiet: true))
        let fill = try filler.run(identifiers: nil)
        #expect(fill.listed == 29 && fill.alreadyStored == 29)
    }

    @Test func verifyOfAnEmptySetAndOfIdentifiersThatDifferOnlyInTheirUnicodeForm() throws {
        let composed = "oai:test:caf\u{E9}", decomposed = "oai:test:cafe\u{301}"
        let all = [Record(identifier: composed, datestamp: "2024-01-01", sets: ["u"]),
                   Record(identifier: decomposed, datestamp: "2024-01-01", sets: ["u"]),
                   Record(identifier: "oai:test:v-1", datestamp: "2024-01-01", sets: ["v"])]
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.reportsListSize = false
        behaviour.pageSize = 1
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var verify = options(server, .sets(["u", "nothing"]))
        verify.verify = true
        let report = try harvest(verify, store: store)
        #expect(report.rows.map(\.status) == [.complete, .complete])
        #expect(report.rows.map(\.expected) == [2, 0])
        #expect(report.rows.map(\.stored) == [2, 0])
        #expect(report.rows.map(HarvestReport.check) == ["ok", "ok"])
    }

    @Test func aRepositoryWithoutSetsIsHarvestedWholeUnderAllSets() throws {
        let all = records(sets: ["x": 12, "y": 3])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "ListSets", times: 100, fault: .oaiError("noSetHierarchy"))]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .allSets), store: store)
        #expect(report.exitCode == 0)
        #expect(report.rows.map(\.set) == [HarvestReport.repositoryLabel])
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func identifyIsRetriedAndBusyAnswersWithAnOAIErrorBodyHonourRetryAfter() throws {
        let all = records(sets: ["s": 25])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [
            .init(verb: "Identify", times: 1, fault: .dropConnection),
            .init(verb: "Identify", times: 1, fault: .truncated),  // (an HTML page with 200 ends the run: ForeignEndpointTests)
            .init(verb: "ListRecords", set: "s", page: 1, times: 2, fault: .oaiError("badArgument", status: 503, retryAfter: "0")),
            .init(verb: "ListRecords", set: "s", page: 2, times: 1, fault: .oaiError("badArgument", status: 429)),
        ]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"]), maxAttempts: 4, setRetries: 0), store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(server.repository.requestLog.filter { $0 == "verb=Identify" }.count == 3)
        #expect(server.repository.requestLog.filter { $0.hasPrefix("verb=ListRecords") }.count == 3 + 3)
    }

    @Test func anyRetryAfterIsCappedWithoutTrapping() throws {
        let all = records(sets: ["s": 25])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [
            .init(verb: "ListRecords", set: "s", page: 0, times: 1, fault: .status(503, retryAfter: "99999999999999999999")),
            .init(verb: "ListRecords", set: "s", page: 1, times: 1, fault: .status(429, retryAfter: "1e30")),
            .init(verb: "ListRecords", set: "s", page: 2, times: 1, fault: .status(503, retryAfter: "inf")),
        ]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"]), setRetries: 0), store: store)
        #expect(report.rows.first?.status == .complete && report.rows.first?.retries == 3)
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func retriesThroughServerFaults() throws {
        let all = records(sets: ["s": 35, "t": 12])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [
            .init(verb: "ListRecords", set: "s", page: 1, times: 2, fault: .status(503, retryAfter: "1")),
            .init(verb: "ListRecords", set: "s", page: 2, times: 1, fault: .truncated),
            .init(verb: "ListRecords", set: "t", page: 0, times: 1, fault: .dropConnection),
            .init(verb: "ListRecords", set: "t", page: 1, times: 1, fault: .status(500)),
            .init(verb: "ListRecords", set: "s", page: 3, times: 1, fault: .status(429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT")),
        ]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s", "t"])), store: store)
        #expect(report.rows.map(\.status) == [.complete, .complete])
        #expect(report.rows.map(\.retries) == [4, 2])
        #expect(report.rows.map(\.records) == [35, 12])
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func runawayListingsEndAsSuspect() throws {
        let all = records(sets: ["empty-tail": 15, "loop": 25, "fine": 4])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.emptyPagesAfterEnd = ["empty-tail": Int.max]
        behaviour.loopingTokenSets = ["loop"]
        behaviour.reportsListSize = false  // (with sizes, the cursor check would stop the empty tail first)
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["empty-tail", "loop", "fine"]), maxEmptyPages: 4), store: store)
        #expect(report.exitCode == 0)
        #expect(report.rows.map(\.status) == [.suspectEnd, .suspectEnd, .complete])
        #expect(report.row("empty-tail")?.pages == 2 + 4)
        #expect(report.row("empty-tail")?.message == "4 pages in a row without records")
        #expect(report.row("loop")?.message?.hasPrefix("resumption token repeated") == true)
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func aCursorBeyondCompleteListSizeAloneEndsNothing() throws {
        let all = records(sets: ["liar": 30])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.claimedListSize = ["liar": 5]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["liar"])), store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(report.rows.first?.message == "completeListSize 5 understated: the listing gave 30 records")
        #expect(HarvestReport.check(try #require(report.rows.first)) == "mismatch")
        #expect(try storedIdentifiers(store) == identifiers(all))
    }

    @Test func deadTokenRestartsTheSetWithoutDuplicates() throws {
        let all = records(sets: ["s": 28])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "ListRecords", set: "s", page: 2, times: 1, fault: .badResumptionToken)]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"])), store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(report.rows.first?.records == 28)
        #expect(report.rows.first?.pages == 2 + 3)
        #expect(try store.count(RecordQuery()) == 28)
        let listRecords = server.repository.requestLog.filter { $0.hasPrefix("verb=ListRecords&metadataPrefix") }
        #expect(listRecords.count == 2)
    }

    @Test func duplicatesAndFailedSets() throws {
        let all = records(sets: ["dup": 12, "broken": 5])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.listedTwice = ["oai:test:dup-3"]
        behaviour.rules = [.init(verb: "ListRecords", set: "broken", times: 100, fault: .status(500))]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["dup", "broken"]), maxAttempts: 3, setRetries: 1), store: store)
        #expect(report.exitCode == 2)
        #expect(report.failedSets == ["broken"])
        #expect(report.row("dup")?.records == 13)
        #expect(report.row("dup")?.stored == 12)
        #expect(report.row("broken")?.message?.hasPrefix("HTTP 500 from ") == true)
        // Three attempts, then once more later in the run: six requests in all.
        #expect(server.repository.requestLog.filter { $0.contains("set=broken") }.count == 6)
        #expect(try storedIdentifiers(store) == identifiers(all, set: "dup"))
    }

    @Test func interruptedHarvestResumesFromItsCheckpoint() throws {
        let all = records(sets: ["s": 45, "t": 8])
        var behaviour = FaultyOAIRepository.Behaviour()
        // The first run dies on page 3 of s (as if killed there): every attempt fails.
        behaviour.rules = [.init(verb: "ListRecords", set: "s", page: 3, times: 100, fault: .status(404))]
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let first = try harvest(options(server, .sets(["s", "t"]), setRetries: 0), store: store)
        #expect(first.rows.map(\.status) == [.failed, .complete])
        #expect(try store.count(RecordQuery(set: "s")) == 30)
        let checkpoint = try #require(try store.checkpoint(for: HarvestJobKey(endpoint: server.endpoint, metadataPrefix: "edm", set: "s")))
        #expect(checkpoint.pages == 3 && checkpoint.resumptionToken != nil && checkpoint.status == .failed)

        repository.update { $0.rules = [] }
        let before = repository.requestCount
        let second = try harvest(options(server, .sets(["s", "t"])), store: store)
        #expect(second.rows.map(\.status) == [.complete, .complete])
        #expect(second.rows.first?.pages == 5)
        #expect(second.rows.first?.records == 45)
        let log = Array(repository.requestLog.dropFirst(before))
        // Identify, then s resumes at its stored token (nothing re-downloaded); t is finished and skipped.
        #expect(log.count == 1 + 2)
        #expect(log.dropFirst().allSatisfy { $0.hasPrefix("verb=ListRecords&resumptionToken=") })

        // Equal to an uninterrupted harvest.
        let clean = try SQLiteRecordStore(path: dir.path("clean.sqlite"))
        _ = try harvest(options(server, .sets(["s", "t"])), store: clean)
        #expect(try storedIdentifiers(store) == storedIdentifiers(clean))
        func hashes(_ store: SQLiteRecordStore) throws -> [String] {
            try store.records(RecordQuery(), limit: 1000).map { $0.identifier + " " + $0.contentHash }.sorted()
        }
        #expect(try hashes(store) == hashes(clean))

        // --restart harvests finished sets again; the store keeps one copy of each record.
        var restart = options(server, .sets(["t"]))
        restart.restart = true
        let again = try harvest(restart, store: store)
        #expect(again.rows.first?.pages == 1)
        #expect(try store.count(RecordQuery()) == 53)
    }

    @Test func aPageThatCannotBeStoredIsRetriedFromTheLastStoredPage() throws {
        var all = records(sets: ["s": 35])
        // Record s-15 (page 2 of 4) is too big for the store while its length limit is lowered.
        all[14].metadataXML = #"<x xmlns="urn:x">"# + String(repeating: "long text ", count: 3_000) + "</x>"
        let repository = FaultyOAIRepository(records: all)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        // Payloads as text: compressed, the repeated text would fit under the lowered limit.
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"), payloadCompression: .uncompressed)
        func limitLength(_ bytes: Int32) {
            store.pool.writeWithoutTransaction { db in _ = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, bytes) }
        }
        limitLength(20_000)
        let first = try harvest(options(server, .sets(["s"]), setRetries: 1), store: store)
        #expect(first.exitCode == 2)
        #expect(first.rows.first?.status == .failed)
        // Page 1 is stored, page 2 never was, and the retry did not skip it: nothing of pages 3 and 4 either.
        #expect(try storedIdentifiers(store) == (1...10).map { "oai:test:s-\($0)" }.sorted())
        let key = HarvestJobKey(endpoint: server.endpoint, metadataPrefix: "edm", set: "s")
        let checkpoint = try #require(try store.checkpoint(for: key))
        #expect(checkpoint.pages == 1 && checkpoint.records == 10 && checkpoint.resumptionToken != nil)

        limitLength(1_000_000_000)
        let before = repository.requestCount
        let second = try harvest(options(server, .sets(["s"])), store: store)
        #expect(second.rows.first?.status == .complete)
        #expect(second.rows.first?.records == 35 && second.rows.first?.pages == 4)
        #expect(try storedIdentifiers(store) == identifiers(all))
        // Identify, then pages 2, 3 and 4: page 1 is not downloaded again.
        #expect(Array(repository.requestLog.dropFirst(before)).count == 1 + 3)
    }

    @Test func incrementalHarvestStartsAtTheLastDatestamp() throws {
        let all = records(sets: ["s": 5])
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        _ = try harvest(options(server, .sets(["s"])), store: store)
        var incremental = options(server, .sets(["s"]))
        incremental.incremental = true
        let report = try harvest(incremental, store: store)
        #expect(report.rows.first?.records == 1)
        #expect(server.repository.requestLog.last == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:05:00Z&set=s")
    }

    @Test func incrementalHarvestsStartEachSetAtItsOwnLastDatestamp() throws {
        let all = records(sets: ["s": 5, "t": 3])
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        _ = try harvest(options(server, .sets(["s", "t"])), store: store)
        var incremental = options(server, .sets(["s", "t"]))
        incremental.incremental = true
        _ = try harvest(incremental, store: store)
        _ = try harvest(incremental, store: store)  // a second run also finds the first run's checkpoints, and asks again
        let log = server.repository.requestLog.filter { $0.hasPrefix("verb=ListRecords") }
        #expect(log.filter { $0.contains("from=") }.sorted() == [
            "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:03:00Z&set=t",
            "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:03:00Z&set=t",
            "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:05:00Z&set=s",
            "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:05:00Z&set=s",
        ])
        #expect(log.count == 6)
    }

    @Test func aLiveRecordWithoutMetadataIsNotStoredAndWipesNothing() throws {
        let good = records(sets: ["s": 5])
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: good))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        _ = try harvest(options(server, .sets(["s"])), store: store)
        let before = try #require(try store.record(identifier: "oai:test:s-3"))
        // Re-listed later, newer, with an empty <metadata>; and a new record that never had any.
        var broken = good
        broken[2] = Record(identifier: "oai:test:s-3", datestamp: "2025-01-01T00:00:00Z", sets: ["s"], metadataXML: "")
        broken.append(Record(identifier: "oai:test:s-new", datestamp: "2025-01-01T00:00:00Z", sets: ["s"], metadataXML: ""))
        let other = try FaultyOAIServer(repository: FaultyOAIRepository(records: broken))
        var again = options(other, .sets(["s"]))
        again.restart = true
        let report = try harvest(again, store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(report.rows.first?.records == 4)
        #expect(try storedIdentifiers(store) == identifiers(good))
        let after = try #require(try store.record(identifier: "oai:test:s-3"))
        #expect(after.metadataXML == before.metadataXML && after.datestamp == before.datestamp && after.json != nil)
    }

    @Test func unreadableHeadersAreReportedAndNeverSentBack() throws {
        var all = records(sets: ["s": 4])
        all.append(Record(identifier: "oai:test:s-bad", datestamp: "2024-13-01T00:00:00Z", sets: ["s"]))
        all.append(Record(identifier: "oai:test:s-digits", datestamp: String(repeating: "9", count: 5_000), sets: ["s"]))
        all.append(Record(identifier: "  ", datestamp: "2024-01-02T00:09:00Z", sets: ["s"]))
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        let report = try harvest(options(server, .sets(["s"])), store: store)
        #expect(report.rows.first?.status == .complete)
        // The records with unreadable datestamps are kept; the one without an identifier is not.
        #expect(try storedIdentifiers(store) == identifiers(all).filter { $0 != "  " })
        var incremental = options(server, .sets(["s"]))
        incremental.incremental = true
        _ = try harvest(incremental, store: store)
        #expect(server.repository.requestLog.last == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:04:00Z&set=s")
    }

    @Test func fromAndUntilAreSentInOneGranularity() throws {
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: records(sets: ["s": 5])))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var mixed = options(server, .sets(["s"]))
        mixed.from = "2024-01-02"
        mixed.until = "2024-01-04T12:00:00Z"
        _ = try harvest(mixed, store: store)
        #expect(server.repository.requestLog.last
            == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:00:00Z&until=2024-01-04T12:00:00Z&set=s")
        var incremental = options(server, .sets(["s"]))
        incremental.incremental = true
        incremental.until = "2024-12-31"
        _ = try harvest(incremental, store: store)
        #expect(server.repository.requestLog.last
            == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:05:00Z&until=2024-12-31T23:59:59Z&set=s")
        #expect(Datestamp.matched(from: "2024-01-02T10:00:00Z", until: "2024-01-02") == ("2024-01-02T10:00:00Z", "2024-01-02T23:59:59Z"))
        #expect(Datestamp.matched(from: "2024-01-02", until: "2024-01-03") == ("2024-01-02", "2024-01-03"))
        #expect(Datestamp.adjust("2024-01-02T10:00:00.250Z", to: .seconds) == "2024-01-02T10:00:00Z")
        #expect(Datestamp.adjust("2024-01-02T01:00:00+02:00", to: .day) == "2024-01-01")
        #expect(Datestamp.later("2024-01-02T10:00:00Z", "2024-01-02T10:00:01.5Z") == "2024-01-02T10:00:01.5Z")
    }

    @Test func everyIncrementalRunFindsWhatChangedSinceEvenWhenTheLastFoundNothingNew() throws {
        let all = records(sets: ["s": 5])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.hiddenFromListings = ["oai:test:s-5"]  // published later
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        _ = try harvest(options(server, .sets(["s"])), store: store)
        var incremental = options(server, .sets(["s"]))
        incremental.incremental = true
        #expect(try harvest(incremental, store: store).rows.first?.records == 1)  // s-4 again: from is inclusive
        server.repository.update { $0.hiddenFromListings = [] }
        let report = try harvest(incremental, store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(report.rows.first?.records == 2)
        #expect(try storedIdentifiers(store) == identifiers(all))
        #expect(server.repository.requestLog.last == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:04:00Z&set=s")
        // The next run starts at the new record's datestamp.
        _ = try harvest(incremental, store: store)
        #expect(server.repository.requestLog.last == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02T00:05:00Z&set=s")
    }

    @Test func anIncrementalRunAfterAFailedOneResumesItInsteadOfStartingAtItsDatestamp() throws {
        let all = records(sets: ["s": 25])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "ListRecords", set: "s", page: 1, times: 100, fault: .status(500))]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var incremental = options(server, .sets(["s"]), maxAttempts: 2, setRetries: 0)
        incremental.incremental = true
        let failed = try harvest(incremental, store: store)
        #expect(failed.rows.first?.status == .failed)
        #expect(try storedIdentifiers(store).count == 10)
        server.repository.update { $0.rules = [] }
        let before = server.repository.requestLog.count
        let report = try harvest(incremental, store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(try storedIdentifiers(store) == identifiers(all))
        let listings = server.repository.requestLog.dropFirst(before).filter { $0.hasPrefix("verb=ListRecords") }
        #expect(listings.count == 2)
        #expect(listings.allSatisfy { $0.contains("resumptionToken=") && !$0.contains("from=") })
    }

    @Test func verifyCountsIdentifiers() throws {
        let all = records(sets: ["s": 14])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.reportsListSize = false
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var verify = options(server, .sets(["s"]))
        verify.verify = true
        let report = try harvest(verify, store: store)
        #expect(report.rows.first?.expected == 14)
        #expect(report.rows.first?.stored == 14)
        #expect(HarvestReport.check(try #require(report.rows.first)) == "ok")
    }

    @Test func verifyCountsAnIdentifierListedTwiceOnceAndSaysWhenItsPassFailed() throws {
        let all = records(sets: ["s": 14])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.reportsListSize = false
        behaviour.listedTwice = ["oai:test:s-3", "oai:test:s-9"]  // again on the last page, as overlapping pages do
        let repository = FaultyOAIRepository(records: all, behaviour: behaviour)
        let server = try FaultyOAIServer(repository: repository)
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var verify = options(server, .sets(["s"]), maxAttempts: 2)
        verify.verify = true
        let report = try harvest(verify, store: store)
        let row = try #require(report.rows.first)
        #expect(row.expected == 14 && row.stored == 14 && HarvestReport.check(row) == "ok" && row.verifyFailure == nil)

        repository.update { $0.rules = [.init(verb: "ListIdentifiers", times: 100, fault: .status(500))] }
        verify.restart = true
        let failed = try harvest(verify, store: store)
        let failedRow = try #require(failed.rows.first)
        #expect(failed.exitCode == 0 && failedRow.status == .complete)
        #expect(failedRow.expected == nil && failedRow.stored == 14)
        #expect(failedRow.verifyFailure?.contains("500") == true)
        #expect(HarvestReport.check(failedRow) == "unverified")
        #expect(failed.table.hasSuffix("\tcomplete\t-\t14\tunverified\t0\n"))
        // `status` shows what the run stored.
        #expect(try store.latestRunSummary()?.rows.first?.verifyFailure == failedRow.verifyFailure)
    }

    @Test func dayBoundsPassUnchangedAndAnIdentifyErrorIsNoObstacle() throws {
        let all = records(sets: ["s": 4])
        var behaviour = FaultyOAIRepository.Behaviour()
        behaviour.rules = [.init(verb: "Identify", times: 1, fault: .badResumptionToken)]
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: all, behaviour: behaviour))
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var dated = options(server, .sets(["s"]))
        dated.from = "2024-01-02"
        dated.until = "2024-01-02"
        let report = try harvest(dated, store: store)
        #expect(report.rows.first?.status == .complete)
        #expect(report.rows.first?.records == 4)
        #expect(server.repository.requestLog.last == "verb=ListRecords&metadataPrefix=edm&from=2024-01-02&until=2024-01-02&set=s")
    }

    @Test func unreachableEndpointFailsFast() throws {
        let server = try FaultyOAIServer(repository: FaultyOAIRepository(records: []))
        let endpoint = server.endpoint
        server.stop()
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("h.sqlite"))
        var dead = HarvestOptions(endpoint: endpoint, selection: .sets(["s"]))
        dead.backoffBase = 0.005
        #expect(throws: HarvestError.endpointUnavailable(endpoint: endpoint, reason: "\(endpoint)?verb=Identify: connection refused")) {
            try harvest(dead, store: store)
        }
        var badDate = dead
        badDate.from = "2024-13-01"
        #expect(throws: HarvestError.badDate(argument: "from", value: "2024-13-01")) { try harvest(badDate, store: store) }
    }
}
