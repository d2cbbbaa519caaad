import EDM
import Foundation
import RecordStore
import ThresherCore

/// What a cleanse run did.
public struct CleanseSummary: Sendable, Equatable {
    /// Records cleansed in this run (new, changed, or derived with another mapping before).
    public var processed = 0
    /// Of those, accepted.
    public var accepted = 0
    /// Of those, rejected.
    public var rejected = 0
    /// Live records whose view was current (not read again).
    public var unchanged = 0
    /// Views dropped because their record was deleted or is gone.
    public var dropped = 0
    /// Views whose rejection changed because `--require` changed since the last run (re-judged from the stored view).
    public var rejudged = 0
    /// Cleansed views of live records in the store after the run.
    public var views = 0
    /// Of those, rejected.
    public var rejectedInStore = 0
    /// True when the run did nothing: no record new or changed, no view dropped or re-judged, the same mapping and
    /// `--require` as the last run.
    public var nothingChanged = false

    public init() {}
}

/// Cleanse: a flat, normalised view of every live record through a mapping (docs/CLEANSE.md), kept in the store with
/// each record's rejections. Incremental: a run reads only the records new or changed since their view was derived
/// (or derived with another mapping); `require` is a parameter of the judgement, not of the view, so changing it
/// re-judges the stored views without reading any record again.
public struct CleanseRun: Sendable {
    /// The stage's name in the store's record of pipeline runs.
    public static let stage = "cleanse"

    /// The store.
    public let store: any CleansedViewStoring
    /// The mapping.
    public let mapping: CleanseMapping
    /// The fields a view must have (canonical order: guid, datestamp, then the mapping's field order).
    public let require: [String]
    /// Progress of the records read.
    public let progress: ProgressReporter
    /// Threads deriving views.
    public var jobs = 2
    /// Records read, derived and stored together.
    public var batchSize = 1_000

    /// A run over `store` with `mapping` (nil: the last run's mapping, the built-in EDM mapping when there was none),
    /// rejecting views that lack a field of `require` (nil: the last run's list, none when there was no run). With
    /// both nil (`CleanseRun(store:progress:)`), a later stage (`dedup`, `embed`) runs cleanse's incremental step as the
    /// user last ran it. Throws `PipelineError.unknownField` for a required name the view does not have.
    public init(store: any CleansedViewStoring, mapping: CleanseMapping? = nil, require: [String]? = nil,
                progress: ProgressReporter = ProgressReporter(quiet: true, unit: .records)) throws(PipelineError) {
        let last: CleanseParameters?
        do {
            last = try store.pipelineRun(stage: Self.stage).flatMap { CleanseParameters(decoding: $0.parameters) }
        } catch {
            throw .store(error)
        }
        let mapping = mapping ?? last?.storedMapping ?? .edm
        let known = mapping.fieldNames
        let names = require ?? (last?.require ?? []).filter(known.contains)
        for name in names where !known.contains(name) { throw .unknownField(name: name, known: known) }
        self.store = store
        self.mapping = mapping
        self.require = known.filter(names.contains)
        self.progress = progress
    }

    /// The mapping the last run used (nil when cleanse never ran, or its mapping no longer reads).
    public static func lastMapping(store: any CleansedViewStoring) throws(StoreError) -> CleanseMapping? {
        try store.pipelineRun(stage: stage).flatMap { CleanseParameters(decoding: $0.parameters) }?.storedMapping
    }

    /// True when a run with `mapping` (nil: the last run's) would have something to do: no run yet, another mapping
    /// than the last run's, a live record new or changed since its view was derived, or a view of a deleted record.
    /// Reads indexes, no record.
    public static func needsRun(store: any CleansedViewStoring, mapping: CleanseMapping? = nil) throws(StoreError) -> Bool {
        guard let last = try store.pipelineRun(stage: stage), let parameters = CleanseParameters(decoding: last.parameters) else {
            return true
        }
        let hash = mapping?.hash ?? parameters.mappingHash
        guard parameters.mappingHash == hash else { return true }
        return try !store.cleansedViewsAreCurrent(mappingHash: hash)
    }

    /// Runs the incremental step: drops the views of deleted records, derives and stores the views of new and changed
    /// records on `jobs` threads, re-judges stored views when `require` changed, and records the run.
    public func run() throws(PipelineError) -> CleanseSummary {
        do {
            return try runThrowingStoreErrors()
        } catch {
            throw .store(error)
        }
    }

    private func runThrowingStoreErrors() throws(StoreError) -> CleanseSummary {
        var summary = CleanseSummary()
        let last = try store.pipelineRun(stage: Self.stage).flatMap { CleanseParameters(decoding: $0.parameters) }
        summary.dropped = try store.dropStaleCleansedViews()
        progress.setTotal(try store.count(RecordQuery(includeDeleted: false)))
        var after: Int64?
        var pending: [Int64] = []
        while true {
            let page = try store.uncleansed(metadataPrefix: nil, mappingHash: mapping.hash, after: after, limit: 16_384)
            guard let through = page.through else { break }
            summary.unchanged += page.examined - page.seqs.count
            progress.advance(by: page.examined - page.seqs.count)
            pending += page.seqs
            after = through
            while pending.count >= batchSize {
                try cleanse(Array(pending.prefix(batchSize)), into: &summary)
                pending.removeFirst(batchSize)
            }
        }
        if !pending.isEmpty { try cleanse(pending, into: &summary) }
        // A changed require list re-judges the views this run did not derive (those it did are judged already).
        if (last?.require ?? []) != require && summary.unchanged > 0 {
            summary.rejudged = try rejudge()
        }
        let counts = try store.cleansedViewCounts()
        summary.views = counts.views
        summary.rejectedInStore = counts.rejected
        summary.nothingChanged = last != nil && last?.mappingHash == mapping.hash && last?.require == require
            && summary.processed == 0 && summary.dropped == 0 && summary.rejudged == 0
        let parameters = CleanseParameters(mapping: mapping, require: require)
        try store.recordPipelineRun(stage: Self.stage, parameters: parameters.encoded())
        progress.finish()
        return summary
    }

    /// Derives, judges and stores the views of these records.
    private func cleanse(_ seqs: [Int64], into summary: inout CleanseSummary) throws(StoreError) {
        let records = try store.recordsToCleanse(seqs: seqs)
        let mapping = self.mapping
        let require = self.require
        let jobs = max(1, min(self.jobs, records.count / 64))
        let size = (records.count + jobs - 1) / jobs
        let parts = Locked([[CleansedViewInput]](repeating: [], count: jobs))
        Parallel.run(jobs) { chunk in
            var cleanser = RecordCleanser(mapping: mapping)
            var local: [CleansedViewInput] = []
            local.reserveCapacity(size)
            for record in records[min(records.count, chunk * size)..<min(records.count, (chunk + 1) * size)] {
                local.append(Self.view(of: record, cleanser: &cleanser, require: require))
            }
            let done = local
            parts.withLock { $0[chunk] = done }
        }
        let views = parts.withLock { $0.flatMap { $0 } }
        try store.storeCleansedViews(views)
        let rejected = views.count(where: { !$0.rejected.isEmpty })
        summary.processed += views.count
        summary.rejected += rejected
        summary.accepted += views.count - rejected
        progress.advance(by: seqs.count)
    }

    /// One record's view and rejections.
    static func view(of record: RecordToCleanse, cleanser: inout RecordCleanser, require: [String]) -> CleansedViewInput {
        func input(_ view: [UInt8]?, _ rejected: [String]) -> CleansedViewInput {
            CleansedViewInput(seq: record.seq, identifier: record.identifier, contentHash: record.contentHash,
                              mappingHash: cleanser.mapping.hash, view: view, rejected: rejected)
        }
        let identifierMissing = TextNormalisation.normalise(record.identifier).isEmpty
        var unreadable: String?
        var fields: [String: [CleansedRecord.Value]]?
        if let problem = record.problem {
            unreadable = problem
        } else if !record.json.isEmpty {
            switch cleanser.fields(json: record.json) {
            case .success(let found): fields = found
            case .failure(let why): unreadable = why.reason
            }
        }
        if fields == nil, record.problem == nil {
            // No JSON (its conversion failed at harvest time), or JSON that cannot be read: the XML converted again.
            if let xml = record.xml, !xml.isEmpty {
                do {
                    let json = try RecordConverter.json(metadataXML: String(decoding: xml, as: UTF8.self),
                                                        identifier: record.identifier, sets: [])
                    switch cleanser.fields(json: Array(json.utf8)) {
                    case .success(let found): fields = found
                    case .failure(let why): unreadable = why.reason
                    }
                } catch {
                    unreadable = (unreadable.map { $0 + ", and " } ?? "its JSON is missing and ") + "its XML does not convert: \(error)"
                }
            } else if unreadable == nil {
                unreadable = "it has neither JSON nor XML"
            }
        }
        guard let fields else {
            var reasons = identifierMissing ? ["no identifier"] : []
            reasons.append("unreadable metadata: " + Self.reasonText(unreadable ?? "unknown"))
            return input(nil, reasons)
        }
        let view = CleansedRecord(guid: record.identifier, datestamp: record.datestamp.isEmpty ? nil : record.datestamp, fields: fields)
        return input(view.encoded(), reasons(view, require: require))
    }

    /// Why a readable view is rejected: no identifier, and each required field it lacks (in `require`'s order).
    static func reasons(_ view: CleansedRecord, require: [String]) -> [String] {
        var reasons: [String] = []
        if TextNormalisation.normalise(view.guid).isEmpty { reasons.append("no identifier") }
        for field in require {
            switch field {
            case "guid": continue  // "no identifier" says it
            case "datestamp": if (view.datestamp ?? "").isEmpty { reasons.append("missing datestamp") }
            default: if view.values(field).isEmpty { reasons.append("missing \(field)") }
            }
        }
        return reasons
    }

    /// A reason as stored: one line, without the `; ` that separates reasons.
    static func reasonText(_ text: String) -> String {
        ProgressReporter.shortened(text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "; ", with: ", "), to: 300)
    }

    /// Judges every stored view again with the current `require`; how many changed.
    private func rejudge() throws(StoreError) -> Int {
        var changed = 0
        var after: Int64?
        while true {
            let page = try store.cleansedViews(after: after, limit: 4_096, rejectedOnly: false)
            guard let last = page.last else { break }
            var updates: [CleansedViewInput] = []
            for stored in page {
                // An unreadable record's reasons do not depend on require.
                guard let bytes = stored.view, let view = CleansedRecord.decoded(bytes) else { continue }
                let reasons = Self.reasons(view, require: require)
                if reasons != stored.rejected {
                    updates.append(CleansedViewInput(seq: stored.seq, identifier: stored.identifier, contentHash: stored.contentHash,
                                                     mappingHash: mapping.hash, view: stored.view, rejected: reasons))
                }
            }
            try store.storeCleansedViews(updates)
            changed += updates.count
            after = last.seq
        }
        return changed
    }

    /// Calls `body` with every rejected view of a live record, in seq order.
    public static func forEachRejected(store: any CleansedViewStoring,
                                       _ body: (StoredCleansedView) throws -> Void) throws {
        var after: Int64?
        while true {
            let page = try store.cleansedViews(after: after, limit: 4_096, rejectedOnly: true)
            guard let last = page.last else { return }
            for view in page { try body(view) }
            after = last.seq
        }
    }

    /// The `--rejected` line of a view: `ID<TAB>reason; reason` (`#seq` for a record without identifier).
    public static func rejectedLine(_ view: StoredCleansedView) -> String {
        let id = view.identifier.isEmpty ? "#\(view.seq)" : view.identifier
        return id + "\t" + view.rejected.joined(separator: "; ")
    }
}

/// What a cleanse run records in the store: the mapping (its hash, name, file and definition, so that a later stage
/// can run with it again) and the require list.
struct CleanseParameters: Sendable, Equatable, Codable {
    var mappingHash: String
    var mapping: String
    var mappingFile: String
    var definition: String
    var require: [String]

    init(mapping: CleanseMapping, require: [String]) {
        mappingHash = mapping.hash
        self.mapping = mapping.name
        mappingFile = mapping.file
        definition = String(decoding: mapping.definition, as: UTF8.self)
        self.require = require
    }

    init?(decoding text: String) {
        guard let value = try? JSONDecoder().decode(CleanseParameters.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    /// The mapping as it was read (the built-in one when it is that), or nil when it does not read any more.
    var storedMapping: CleanseMapping? {
        if mappingHash == CleanseMapping.edm.hash { return .edm }
        let mapping = try? CleanseMapping(bytes: Array(definition.utf8), file: mappingFile)
        return mapping?.hash == mappingHash ? mapping : nil
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
