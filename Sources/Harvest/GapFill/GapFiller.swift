import ThresherCore
import Foundation
import OAIPMH
import RecordStore
import Synchronization

/// What a gap fill found and did.
public struct GapFillReport: Sendable, Equatable {
    /// Identifiers in the complete list.
    public var listed: Int
    /// Of those, already in the store.
    public var alreadyStored: Int
    /// Fetched with GetRecord and stored now.
    public var fetched: Int
    /// The repository answered idDoesNotExist.
    public var notFound: Int
    /// Failed after retries (named in `failedIdentifiers`).
    public var failed: Int
    /// The identifiers that failed, sorted.
    public var failedIdentifiers: [String]

    /// The printed summary: one `name<TAB>count` line each.
    public var table: String {
        "listed\t\(listed)\nalready stored\t\(alreadyStored)\nfetched\t\(fetched)\nnot found\t\(notFound)\nfailed\t\(failed)\n"
    }

    /// 0 when nothing failed, 2 otherwise.
    public var exitCode: Int32 { failed == 0 ? 0 : 2 }
}

/// Finds the identifiers of a complete list that the store lacks and fetches each with GetRecord.
///
/// Fetched records are stored as they arrive, so a run that is stopped resumes where it left off.
public final class GapFiller: Sendable {
    private let dispatcher: HarvestDispatcher
    private let options: HarvestOptions
    private let store: any HarvestStateStoring
    private let progress: ProgressReporter

    /// A gap filler for `options.endpoint` and `options.metadataPrefix`, with the harvest's retry rules.
    public init(options: HarvestOptions, store: any HarvestStateStoring, progress: ProgressReporter) {
        self.options = options
        self.store = store
        self.progress = progress
        dispatcher = HarvestDispatcher(options: options, store: store, progress: progress)
    }

    /// Runs the gap fill over `identifiers`, or, when nil, over a ListIdentifiers pass of the sets this
    /// store harvested from the endpoint (the whole repository when it harvested no set).
    public func run(identifiers given: [String]?) throws(HarvestError) -> GapFillReport {
        let fetcher = dispatcher.makeFetcher()
        var listed: [String]
        if let given {
            listed = given
        } else {
            listed = try listIdentifiers(fetcher)
        }
        var unique = SameBytesSet()  // String equality would merge canonically equal identifiers
        listed = listed.filter { unique.insert($0) }
        let missing: [String]
        do { missing = try store.missing(listed, metadataPrefix: options.metadataPrefix) } catch { throw .store("\(error)") }
        progress.setTotal(missing.count)

        var start = FillState(pending: missing[...])
        if given != nil, let identifier = start.pending.popFirst() {
            // The run's first request, here before the workers start: an endpoint that is no OAI-PMH one ends the run.
            start.first = (identifier, try firstGetRecord(identifier, fetcher: fetcher))
        }
        let state = Locked(start)
        let group = DispatchGroup()
        for _ in 0..<min(options.parallel, max(1, missing.count)) {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                self.work(state: state)
            }
            thread.start()
        }
        group.wait()
        progress.finish()
        // Reads are correct before the merge too: a failed merge is reported, not fatal.
        do { try store.completeIndexes() } catch { progress.note("gapfill: \(error)") }
        let final = state.withLock { $0 }
        return GapFillReport(listed: listed.count, alreadyStored: listed.count - missing.count, fetched: final.fetched,
                             notFound: final.notFound, failed: final.failed.count, failedIdentifiers: final.failed.sorted())
    }

    private struct FillState: Sendable {
        /// The run's first GetRecord and what it gave, for a worker to take on.
        var first: (identifier: String, result: Result<OAIResponse, OAIClientError>)?
        var pending: ArraySlice<String>
        var fetched = 0
        var notFound = 0
        var failed: [String] = []
    }

    /// Fetched records are stored in batches of this many, and before any fetch once `flushInterval` seconds
    /// have passed since the last store: a killed run loses at most the records of that last half second of
    /// fetching (each commit writes a few fixed pages, so a commit per record would cost more than the record).
    private static let batchSize = 50
    private static let flushInterval = 0.5

    private func work(state: Locked<FillState>) {
        let fetcher = dispatcher.makeFetcher()
        var batch: [RecordInput] = []
        var lastFlush = ContinuousClock.now
        func flush() {
            lastFlush = ContinuousClock.now
            guard !batch.isEmpty else { return }
            do {
                try store.storeRecords(batch, metadataPrefix: options.metadataPrefix)
                let count = batch.count
                state.withLock { $0.fetched += count }
            } catch {
                let ids = batch.map(\.identifier)
                progress.note("gapfill: storing \(ids.count) records failed: \(error)")
                state.withLock { $0.failed.append(contentsOf: ids) }
            }
            batch.removeAll(keepingCapacity: true)
        }
        /// Takes on what GetRecord gave for `identifier`.
        func take(_ identifier: String, _ result: Result<OAIResponse, OAIClientError>) {
            defer { progress.page(job: "gapfill", records: 1, received: 0, expected: nil) }
            let response: OAIResponse
            switch result {
            case .success(let answer):
                response = answer
            case .failure(let error) where error.isIdDoesNotExist:
                state.withLock { $0.notFound += 1 }
                return
            case .failure(let error):
                progress.note("gapfill: \(identifier): \(error)")
                state.withLock { $0.failed.append(identifier) }
                return
            }
            // Only the record asked for is stored: a repository that answers with another identifier (one it
            // normalised, or another record) would otherwise overwrite that record and leave this one missing.
            guard let record = response.records.first(where: { $0.header.identifier.utf8.elementsEqual(identifier.utf8) }) else {
                let answered = response.records.map(\.header.identifier)
                progress.note("gapfill: \(identifier): GetRecord answered "
                              + (answered.isEmpty ? "no record" : "another identifier (\(answered.joined(separator: ", ")))"))
                state.withLock { $0.failed.append(identifier) }
                return
            }
            var problems: [String] = []
            if let input = RecordConversion.inputs(for: [record], harvestedSet: nil, problems: &problems).inputs.first {
                batch.append(input)
            } else {
                state.withLock { $0.failed.append(identifier) }
            }
            for problem in problems { progress.note("gapfill: \(problem)") }
        }
        if let first = state.withLock({ state in defer { state.first = nil }; return state.first }) {
            take(first.identifier, first.result)
        }
        while let identifier = state.withLock({ $0.pending.popFirst() }) {
            // Before each fetch (which may take minutes of retries): what arrived stays stored if the run is killed.
            if !batch.isEmpty, ContinuousClock.now - lastFlush >= .seconds(Self.flushInterval) { flush() }
            let result: Result<OAIResponse, OAIClientError>
            do {
                result = .success(try fetcher.fetch(.getRecord(identifier: identifier, metadataPrefix: options.metadataPrefix),
                                                    label: identifier, converter: RecordConversion.converter))
            } catch {
                result = .failure(error)
            }
            take(identifier, result)
            if batch.count >= Self.batchSize { flush() }
        }
        flush()
    }

    /// The run's first GetRecord (given identifiers): what it gave, or, for an endpoint where nothing listens or
    /// that answers whole with something other than OAI-PMH, the error that ends the run at once.
    private func firstGetRecord(_ identifier: String,
                                fetcher: RetryingFetcher) throws(HarvestError) -> Result<OAIResponse, OAIClientError> {
        do {
            return .success(try fetcher.fetch(.getRecord(identifier: identifier, metadataPrefix: options.metadataPrefix),
                                              label: identifier, converter: RecordConversion.converter,
                                              retryIf: RetryingFetcher.firstRequestRetry))
        } catch {
            if let answer = error.foreignAnswer {
                throw .notOAIPMH(endpoint: options.endpoint, request: "GetRecord", answer: answer)
            }
            if error.nothingListens { throw .endpointUnavailable(endpoint: options.endpoint, reason: "\(error)") }
            return .failure(error)
        }
    }

    /// The identifiers ListIdentifiers gives for the sets this store harvested from the endpoint.
    private func listIdentifiers(_ fetcher: RetryingFetcher) throws(HarvestError) -> [String] {
        let checkpoints: [SetCheckpoint]
        do { checkpoints = try store.checkpoints(endpoint: options.endpoint) } catch { throw .store("\(error)") }
        var harvestedSets: [String] = []
        var seen = SameBytesSet()  // "café" composed and decomposed are two sets
        var wholeRepository = false
        for checkpoint in checkpoints where checkpoint.key.metadataPrefix == options.metadataPrefix {
            guard let set = checkpoint.key.set else { wholeRepository = true; continue }
            if seen.insert(set) { harvestedSets.append(set) }
        }
        let sets: [String?] = wholeRepository || harvestedSets.isEmpty ? [nil] : harvestedSets
        var identifiers: [String] = []
        var answered = false  // true once any page came: the first list's first request is the run's first
        for set in sets {
            let label = "ListIdentifiers \(set ?? HarvestReport.repositoryLabel)"
            let request = OAIRequest.listIdentifiers(metadataPrefix: options.metadataPrefix, set: set, from: nil, until: nil)
            do {
                var listed = SameBytesSet()  // this list's identifiers (run() removes duplicates across lists)
                let end = try fetcher.walkList(request, label: label, maxEmptyPages: options.maxEmptyPages,
                                               retryFirstIf: answered ? { _ in true } : RetryingFetcher.firstRequestRetry) { response in
                    answered = true
                    let before = listed.count
                    for header in response.headers where header.hasIdentifier && listed.insert(header.identifier) {
                        identifiers.append(header.identifier)
                    }
                    return listed.count - before
                }
                if end != .complete {
                    progress.note("\(label): \(end); the list ends there and may be incomplete")
                }
            } catch {
                if !answered, let answer = error.foreignAnswer {
                    throw .notOAIPMH(endpoint: options.endpoint, request: "ListIdentifiers", answer: answer)
                }
                throw .listFailed(endpoint: options.endpoint, list: label, reason: ProgressReporter.shortened("\(error)"))
            }
        }
        return identifiers
    }
}
