import Dispatch
import JSONPath
import ThresherCore

/// What scoring one record gave: its identity and measurement, or why it could not be measured.
public enum ScoredRecord: Sendable {
    case measured(RecordIdentity, RecordMeasurement)
    case unreadable(String)
}

/// Scores batches of records on several threads, one scorer per thread, results in input order.
public final class ParallelScorer: Sendable {
    private final class Worker: @unchecked Sendable {
        var scorer: RecordScorer
        init(_ scorer: RecordScorer) { self.scorer = scorer }
    }

    private let workers: [Worker]
    /// What each measurement's values are called.
    public let layout: MeasurementLayout

    /// `jobs` threads scoring with `scorer`'s compiled schema.
    public init(scorer: RecordScorer, jobs: Int) {
        // Each thread compiles the schema again: copies of one scorer share its compiled schema, and threads touching
        // one object's reference count on every access slow each other down (measured: two jobs cost 1.4× the CPU).
        workers = (0..<max(1, jobs)).map { k in
            k == 0 ? Worker(scorer) : Worker((try? RecordScorer(schema: scorer.schema)) ?? scorer)
        }
        layout = scorer.layout
    }

    /// The number of threads.
    public var jobs: Int { workers.count }

    /// Calls `body` with thread `k`'s scorer (`k` < `jobs`); one caller per `k` at a time.
    func withScorer<T>(_ k: Int, _ body: (inout RecordScorer) -> T) -> T {
        body(&workers[k].scorer)
    }

    /// Scores one JSON record (nil: `problem` says why it is not there) with `scorer`.
    static func score(_ json: [UInt8]?, problem: String?, with scorer: inout RecordScorer) -> ScoredRecord {
        guard let json else { return .unreadable(problem ?? "no record") }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: json)
        } catch {
            return .unreadable("not JSON: \(error)")
        }
        guard document.kind(document.root) == .object else { return .unreadable("not a JSON object") }
        let identity = RecordIdentity(document: document)
        guard let id = identity.recordId, !id.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .unreadable("no identifier (neither \"identifier\" nor an edm:ProvidedCHO's @about)")
        }
        return .measured(identity, scorer.score(document))
    }

    /// Scores each JSON record of `batch` (nil: `problems` says why it is not there), in order.
    public func score(_ batch: [[UInt8]?], problems: [String?]) -> [ScoredRecord] {
        let results = Locked([ScoredRecord?](repeating: nil, count: batch.count))
        let chunks = min(workers.count, max(1, batch.count))
        let size = (batch.count + chunks - 1) / max(1, chunks)
        let workers = self.workers
        Parallel.run(chunks) { chunk in
            let worker = workers[chunk]
            let range = (chunk * size)..<min(batch.count, (chunk + 1) * size)
            var local: [ScoredRecord] = []
            local.reserveCapacity(range.count)
            for k in range { local.append(Self.score(batch[k], problem: problems[k], with: &worker.scorer)) }
            let finished = local
            results.withLock { all in
                for (offset, k) in range.enumerated() { all[k] = finished[offset] }
            }
        }
        return results.withLock { $0.map { $0 ?? .unreadable("not scored") } }
    }
}
