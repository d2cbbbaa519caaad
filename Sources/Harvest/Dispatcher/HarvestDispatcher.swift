import ThresherCore
import Foundation
import OAIPMH
import RecordStore
import Synchronization

/// Runs a harvest: N sets at once, each an isolated job with its own checkpoint, failed sets tried again
/// later in the run, and a per-set report at the end.
public final class HarvestDispatcher: Sendable {
    private let options: HarvestOptions
    private let store: any HarvestStateStoring
    private let progress: ProgressReporter
    private let limiter: RateLimiter
    private let policy: RetryPolicy

    /// A dispatcher for `options`, writing into `store`, showing progress through `progress`.
    public init(options: HarvestOptions, store: any HarvestStateStoring, progress: ProgressReporter) {
        self.options = options
        self.store = store
        self.progress = progress
        limiter = RateLimiter(requestsPerSecond: options.requestsPerSecond)
        policy = RetryPolicy(maxAttempts: options.maxAttempts, base: options.backoffBase, cap: options.backoffCap,
                             retryAfterCap: options.retryAfterCap)
    }

    /// A client configured for this run (each worker thread gets its own).
    func makeClient() -> OAIClient {
        OAIClient(baseURL: options.endpoint, configuration: TransportConfiguration(
            connectTimeout: options.connectTimeout, readTimeout: options.readTimeout, requestTimeout: options.requestTimeout,
            usePOST: options.usePOST))
    }

    func makeFetcher() -> RetryingFetcher {
        RetryingFetcher(client: makeClient(), policy: policy, limiter: limiter, progress: progress)
    }

    /// Runs the whole harvest and returns its report (also stored, for `thresher status`).
    public func run() throws(HarvestError) -> HarvestReport {
        let startedAt = Date()
        for (name, value) in [("from", options.from), ("until", options.until)] {
            if let value, Datestamp.granularity(of: value) == nil { throw .badDate(argument: name, value: value) }
        }
        let fetcher = makeFetcher()
        let identify = try identifyRepository(fetcher)
        let granularity = identify?.granularity ?? .seconds
        let specs = try jobSets(fetcher)
        // Day-granularity arguments are valid on every repository; seconds are cut to days for day-only ones.
        let from = granularity == .day ? options.from.map { Datestamp.adjust($0, to: .day) } : options.from
        let until = granularity == .day ? options.until.map { Datestamp.adjust($0, to: .day) } : options.until

        var jobs: [Job] = []
        let lastSeen = options.incremental ? try lastDatestamps() : [:]
        for spec in specs {
            var key = HarvestJobKey(endpoint: options.endpoint, metadataPrefix: options.metadataPrefix, set: spec,
                                    from: from, until: until)
            if let last = lastSeen[spec.map { Array($0.utf8) }] ?? nil {
                key.from = Datestamp.adjust(last, to: granularity)
            }
            (key.from, key.until) = Datestamp.matched(from: key.from, until: key.until)
            jobs.append(Job(index: jobs.count, key: key))
        }
        progress.setTotal(jobs.count)

        let results = Locked<[Int: SetCheckpoint]>([:])
        let queue = Locked<JobQueue>(JobQueue(pending: []))
        for job in jobs {
            var existing: SetCheckpoint?
            do {
                if options.restart { try store.deleteCheckpoint(for: job.key) }
                existing = try store.checkpoint(for: job.key)
            } catch {
                throw .store("\(error)")
            }
            if options.incremental, let finished = existing, finished.status == .complete || finished.status == .suspectEnd {
                // An incremental run always asks again what changed since the last datestamp, even when an
                // earlier incremental run from the same datestamp finished (nothing new then); it starts
                // over from the listing's beginning, keeping the datestamp that run saw.
                var again = SetCheckpoint(key: job.key)
                again.lastDatestamp = finished.lastDatestamp
                existing = again
            }
            if let existing, existing.status == .complete || existing.status == .suspectEnd {
                results.withLock { $0[job.index] = existing }
                progress.jobSkipped()
                continue
            }
            queue.withLock { $0.pending.append(QueuedJob(job: job, checkpoint: existing, attempt: 0)) }
        }

        let workerCount = min(options.parallel, max(1, jobs.count))
        let group = DispatchGroup()
        for _ in 0..<workerCount {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                self.work(queue: queue, results: results)
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        progress.finish()

        let finished = results.withLock { $0 }
        var rows: [SummaryRow] = []
        for job in jobs {
            let checkpoint = finished[job.index] ?? SetCheckpoint(key: job.key, status: .failed, message: "not run")
            rows.append(row(for: job, checkpoint: checkpoint, fetcher: fetcher))
        }
        let report = HarvestReport(rows: rows, startedAt: startedAt, finishedAt: Date())
        // Reads are correct before the merge too: a failed merge is reported, not fatal.
        do { try store.completeIndexes() } catch { progress.note("harvest: \(error)") }
        do {
            try store.saveRunSummary(RunSummary(startedAt: startedAt, finishedAt: report.finishedAt,
                                                endpoint: options.endpoint, metadataPrefix: options.metadataPrefix,
                                                rows: rows))
        } catch {
            throw .store("\(error)")
        }
        return report
    }

    // MARK: - Workers

    private struct Job: Sendable {
        let index: Int
        let key: HarvestJobKey
        var label: String { key.set ?? HarvestReport.repositoryLabel }
    }

    private struct QueuedJob: Sendable {
        let job: Job
        var checkpoint: SetCheckpoint?
        var attempt: Int
    }

    private struct JobQueue: Sendable {
        var pending: [QueuedJob]
        var running = 0
    }

    /// One worker: takes jobs until none is pending and none running could still requeue one.
    private func work(queue: Locked<JobQueue>, results: Locked<[Int: SetCheckpoint]>) {
        let fetcher = makeFetcher()
        while true {
            let next: QueuedJob? = queue.withLock { state in
                if state.pending.isEmpty { return nil }
                state.running += 1
                return state.pending.removeFirst()
            }
            guard let queued = next else {
                // Another worker may still requeue a failed set; wait for it rather than exit early.
                let busy = queue.withLock { $0.running > 0 }
                if !busy { return }
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            progress.jobStarted()
            let harvester = SetHarvester(key: queued.job.key, options: options, store: store, fetcher: fetcher,
                                         progress: progress)
            let (checkpoint, definitive) = harvester.run(resumeFrom: queued.checkpoint)
            if checkpoint.status == .failed, !definitive, queued.attempt < options.setRetries {
                progress.note("\(queued.job.label): failed (\(checkpoint.message ?? "")); will try again later in this run")
                progress.jobRequeued(job: queued.job.label)
                queue.withLock {
                    $0.pending.append(QueuedJob(job: queued.job, checkpoint: checkpoint, attempt: queued.attempt + 1))
                    $0.running -= 1
                }
                continue
            }
            if checkpoint.status == .failed {
                progress.note("\(queued.job.label): failed: \(checkpoint.message ?? "unknown error")")
            }
            results.withLock { $0[queued.job.index] = checkpoint }
            queue.withLock { $0.running -= 1 }
            progress.jobEnded(job: queued.job.label)
        }
    }

    // MARK: - Before and after the jobs

    /// Identify: the first request of a run, retried under the policy like every other (a reset, a timeout, a
    /// 5xx, a truncated or unreadable body). An endpoint where nothing listens (connection refused, unknown host),
    /// that refuses for good (404, say) or that answers whole with something other than OAI-PMH (an HTML page,
    /// JSON, another XML vocabulary, an empty body) fails at once.
    private func identifyRepository(_ fetcher: RetryingFetcher) throws(HarvestError) -> OAIIdentify? {
        do {
            return try fetcher.fetch(.identify, label: "Identify", retryIf: RetryingFetcher.firstRequestRetry).identify
        } catch {
            if let answer = error.foreignAnswer {
                throw .notOAIPMH(endpoint: options.endpoint, request: "Identify", answer: answer)
            }
            // An OAI-PMH error to Identify still proves an OAI-PMH repository: go on without its description.
            if error.oaiError != nil {
                progress.note("Identify: \(error); going on without the repository's description (granularity: seconds)")
                return nil
            }
            throw .endpointUnavailable(endpoint: options.endpoint, reason: "\(error)")
        }
    }

    /// The sets to run, as jobs (nil: the whole repository).
    private func jobSets(_ fetcher: RetryingFetcher) throws(HarvestError) -> [String?] {
        switch options.selection {
        case .repository:
            return [nil]
        case .sets(let specs):
            // A set named twice is one job (two would share one checkpoint and fetch every page twice).
            var seen = SameBytesSet()
            return specs.filter { seen.insert($0) }
        case .allSets:
            let (sets, end) = try listAllSets(fetcher)
            if sets.isEmpty {
                // noSetHierarchy, or no set listed: the repository's records are all in its one listing.
                progress.note(end == .complete ? "ListSets: the repository has no sets; harvesting it as one listing"
                              : "ListSets listed no set before it ended (\(end)); harvesting the repository as one listing")
                return [nil]
            }
            do { try store.saveSets(sets, endpoint: options.endpoint) } catch { throw .store("\(error)") }
            return sets.map(\.spec)
        }
    }

    /// Every set from ListSets, following resumption tokens.
    func listAllSets(_ fetcher: RetryingFetcher) throws(HarvestError) -> (sets: [SetInfo], end: ListEnd) {
        var sets: [SetInfo] = []
        var seen = SameBytesSet()  // "café" composed and decomposed are two sets
        do {
            let end = try fetcher.walkList(.listSets, label: "ListSets", maxEmptyPages: options.maxEmptyPages) { response in
                let before = sets.count
                // An empty setSpec names no set (a job for it would ask for `set=`).
                for set in response.sets where !set.spec.isEmpty && seen.insert(set.spec) {
                    sets.append(SetInfo(spec: set.spec, name: set.name))
                }
                return sets.count - before
            }
            if end != .complete {
                progress.note("ListSets: \(end) after \(sets.count) sets; the list ends there and may be incomplete")
            }
            return (sets, end)
        } catch {
            if case .noSetHierarchy = error.oaiError { return (sets, .complete) }
            throw .listFailed(endpoint: options.endpoint, list: "ListSets", reason: ProgressReporter.shortened("\(error)"))
        }
    }

    /// Per set (nil: the whole repository), the latest datestamp any complete harvest of it saw (for
    /// `--incremental`), from one read of the endpoint's checkpoints (every incremental run adds one per set).
    /// Harvests that failed, were interrupted or ended suspect-end are left out: records they never reached
    /// may carry any datestamp (listings need not be in datestamp order), so starting after theirs could skip them.
    private func lastDatestamps() throws(HarvestError) -> [[UInt8]?: String?] {
        let checkpoints: [SetCheckpoint]
        do { checkpoints = try store.checkpoints(endpoint: options.endpoint) } catch { throw .store("\(error)") }
        var latest: [[UInt8]?: String?] = [:]  // by the set's bytes: "café" composed and decomposed are two sets
        for checkpoint in checkpoints where checkpoint.key.metadataPrefix == options.metadataPrefix && checkpoint.status == .complete {
            let set = checkpoint.key.set.map { Array($0.utf8) }
            latest[set] = Datestamp.later(latest[set] ?? nil, checkpoint.lastDatestamp)
        }
        return latest
    }

    /// The summary row of a finished job, with its verification figures.
    private func row(for job: Job, checkpoint: SetCheckpoint, fetcher: RetryingFetcher) -> SummaryRow {
        var expected = checkpoint.completeListSize
        var verifyFailure: String?
        if options.verify, checkpoint.status != .failed {
            switch countIdentifiers(job.key, fetcher: fetcher) {
            case .success(let count):
                expected = count
            case .failure(let error):
                verifyFailure = ProgressReporter.shortened(error.reason)
                progress.note("verify \(job.label): the ListIdentifiers pass failed (\(error.reason)); "
                              + (expected.map { "comparing with completeListSize (\($0)) instead" } ?? "nothing to compare with"))
            }
        }
        let query = RecordQuery(metadataPrefix: job.key.metadataPrefix, set: job.key.set, from: job.key.from,
                                until: job.key.until)
        let stored = try? store.count(query)
        return SummaryRow(set: job.label, records: checkpoint.records, deleted: checkpoint.deleted,
                          pages: checkpoint.pages, seconds: checkpoint.seconds, status: checkpoint.status,
                          expected: expected, stored: stored, retries: checkpoint.retries, message: checkpoint.message,
                          verifyFailure: verifyFailure, unconverted: checkpoint.unconverted)
    }

    /// The number of distinct identifiers a ListIdentifiers pass lists for the job (a header repeated on a later page,
    /// as some repositories overlap their pages, counts once; a blank identifier not at all), or why the pass failed.
    private func countIdentifiers(_ key: HarvestJobKey, fetcher: RetryingFetcher) -> Result<Int, VerifyFailure> {
        let request = OAIRequest.listIdentifiers(metadataPrefix: key.metadataPrefix, set: key.set, from: key.from,
                                                 until: key.until)
        var identifiers = SameBytesSet()  // identifiers equal as Strings (NFC, NFD) are two records
        let end: ListEnd
        do {
            end = try fetcher.walkList(request, label: "verify \(key.set ?? HarvestReport.repositoryLabel)",
                                       maxEmptyPages: options.maxEmptyPages) { response in
                let before = identifiers.count
                for header in response.headers where header.hasIdentifier { identifiers.insert(header.identifier) }
                return identifiers.count - before
            }
        } catch {
            return .failure(VerifyFailure(reason: "\(error)"))
        }
        return end == .complete ? .success(identifiers.count) : .failure(VerifyFailure(reason: "it ended early: \(end)"))
    }
}

/// Why a `--verify` pass gave no count.
struct VerifyFailure: Error {
    let reason: String
}
