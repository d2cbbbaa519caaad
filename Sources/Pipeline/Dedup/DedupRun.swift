import Foundation
import RecordStore
import ThresherCore

/// Finds near-duplicate records among the store's accepted cleansed views and clusters them (docs/DEDUP.md).
///
/// A run reads every view once, in batches, and computes keys (exact keys, MinHash LSH band keys) only for records
/// that are new or whose view changed since the last run; the others' keys come from the store. Candidate pairs that
/// need checking (MinHash, thumbnails) are checked only when they involve such a record; exact-key evidence is
/// derived again from the stored keys. Clusters are the connected components of all confirmed evidence, each with
/// its canonical record. A run over an unchanged store with the same options changes nothing.
public final class DedupRun {
    /// The stage's name in `pipeline_runs`.
    public static let stage = "dedup"
    /// The stage under which a run keeps the fingerprint of the views it started from (`acceptedViewsFingerprint`).
    static let viewsStage = "dedup-views"
    /// A MinHash bucket with more records than this pairs each record only with its next `windowSize` neighbours.
    static let bucketLimit = 50
    static let windowSize = 8
    /// An exact-key group larger than this (title+creator+date) pairs every member with its first one only.
    static let exactGroupLimit = 10

    private let store: any DedupScanning
    private let options: DedupOptions
    private let hasher: (any ThumbnailHashing)?
    private let progress: ProgressReporter
    private let lsh: MinHashLSH

    /// A run over `store` with `options`; `hasher` gives thumbnails' hashes when `options.images` (without one,
    /// `--images` finds nothing new).
    public init(store: any DedupScanning, options: DedupOptions,
                hasher: (any ThumbnailHashing)? = nil, progress: ProgressReporter) throws(DedupError) {
        try options.validate()
        self.store = store
        self.options = options
        self.hasher = hasher
        self.progress = progress
        lsh = MinHashLSH(threshold: options.threshold)
    }

    /// A run without progress lines.
    public convenience init(store: any DedupScanning, options: DedupOptions,
                            hasher: (any ThumbnailHashing)? = nil) throws(DedupError) {
        try self.init(store: store, options: options, hasher: hasher, progress: ProgressReporter(quiet: true))
    }

    /// What the stored keys and evidence depend on: text part | image part | images used.
    var parameters: String {
        "\(lsh.parameters) threshold=\(options.threshold)|hamming=\(options.hamming)|images=\(options.images ? 1 : 0)"
    }

    /// The evidence kinds that count in this run.
    var kinds: [EvidenceKind] { options.kinds }

    /// Every accepted record's keys, in seq order, as the run holds them (no texts, no shingles).
    struct Table {
        var seqs: [Int64] = []
        var imageKeys: [UInt64] = []
        var tcdKeys: [UInt64] = []
        var titleKeys: [UInt64] = []
        var creatorKeys: [UInt64] = []
        var hasText: [Bool] = []
        var bandKeys: [UInt32] = []
        /// Keys computed in this run (new or changed records, or every record when the text parameters changed).
        var textDirty: [Bool] = []
        /// Records whose image evidence is looked for again, and each record's hashes (when known).
        var imageDirty: [Bool] = []
        var phash: [UInt64?] = []
        var dhash: [UInt64?] = []

        /// The position of `seq`, or nil.
        func index(of seq: Int64) -> Int? {
            var low = 0, high = seqs.count
            while low < high {
                let mid = (low + high) / 2
                if seqs[mid] < seq { low = mid + 1 } else { high = mid }
            }
            return low < seqs.count && seqs[low] == seq ? low : nil
        }
    }

    /// Runs dedup and stores its clusters and evidence.
    public func run() async throws -> DedupSummary {
        var summary = DedupSummary()
        let last = try store.pipelineRun(stage: Self.stage)?.parameters.split(separator: "|", omittingEmptySubsequences: false)
            .map(String.init)
        let current = parameters.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        // Nothing changed since the last run (same parameters, same views by the index, no thumbnails pending): no
        // view is read.
        let fingerprint = try store.acceptedViewsFingerprint()
        if !options.images, last?.joined(separator: "|") == parameters,
           try store.pipelineRun(stage: Self.viewsStage)?.parameters == fingerprint {
            summary.upToDate = true
            summary.records = try store.dedupEntryCount()
            let clusters = try store.duplicateClusters()
            summary.clusters = clusters.count
            summary.clustered = clusters.reduce(0) { $0 + $1.members.count }
            return summary
        }
        let textChanged = last?.first != current[0]
        let hammingChanged = last.map { $0.count < 2 || $0[1] != current[1] } ?? true
        let scanned = try scan(textChanged: textChanged, summary: &summary)
        var table = scanned.table
        let pendingImages = scanned.pending
        let anyTextDirty = table.textDirty.contains(true)
        let imageWork = options.images && (!pendingImages.isEmpty || (hammingChanged && !table.phash.allSatisfy { $0 == nil }))
        if !anyTextDirty && summary.removed == 0 && !imageWork && last?.joined(separator: "|") == parameters {
            summary.upToDate = true
            let clusters = try store.duplicateClusters()
            summary.clusters = clusters.count
            summary.clustered = clusters.reduce(0) { $0 + $1.members.count }
            try store.recordPipelineRun(stage: Self.viewsStage, parameters: fingerprint)
            return summary
        }
        let allDirty = textChanged || table.textDirty.allSatisfy { $0 }

        // Text: MinHash LSH candidates involving a changed record, confirmed by their exact shingle Jaccard.
        let minhash = try minhashEvidence(table, summary: &summary)
        let dirtySeqs = zip(table.seqs, table.textDirty).filter(\.1).map(\.0)
        try store.replaceDuplicateEvidence(kinds: [EvidenceKind.minhash.rawValue], touching: allDirty ? nil : dirtySeqs,
                                           with: minhash)

        // Thumbnails: hashes of records not looked up yet, then neighbours of every record to check again.
        if options.images {
            try await lookUpImages(&table, pending: pendingImages)
            if hammingChanged { table.imageDirty = table.imageDirty.map { _ in true } }
            let found = imageEvidence(table, summary: &summary)
            let touched = zip(table.seqs, table.imageDirty).filter(\.1).map(\.0)
            try store.replaceDuplicateEvidence(kinds: EvidenceKind.image.map(\.rawValue),
                                               touching: table.imageDirty.allSatisfy { $0 } ? nil : touched, with: found)
        }

        // Exact keys: derived again from every record's stored keys.
        let exact = exactEvidence(table)
        try store.replaceDuplicateEvidence(kinds: EvidenceKind.exact.map(\.rawValue), touching: nil, with: exact)

        try cluster(table, summary: &summary)
        try store.recordPipelineRun(stage: Self.stage, parameters: parameters)
        try store.recordPipelineRun(stage: Self.viewsStage, parameters: fingerprint)
        return summary
    }

    // MARK: - Reading the views

    /// Reads every accepted view: keys of new or changed records computed (and stored), the others' read back; records
    /// that left are removed with their evidence. Also the entries whose thumbnails are still to be looked up. Pages
    /// are read on one thread, their keys computed on `jobs` threads, and they are stored and added to the table on
    /// this one, in seq order (the same table whatever the threads' timing).
    func scan(textChanged: Bool, summary: inout DedupSummary) throws -> (table: Table, pending: [DedupEntry]) {
        var table = Table()
        var pendingImages: [DedupEntry] = []
        let store = self.store, limit = options.batchSize, lsh = self.lsh
        let position = Locked<(after: Int64?, done: Bool)>((nil, false))
        var removed = 0, checked = 0
        try PagePipeline<DedupScanPage, ScannedPage>.run(depth: options.jobs + 2, workers: options.jobs, read: {
            guard let after = position.withLock({ state -> Int64?? in state.done ? nil : .some(state.after) }) else { return nil }
            let page = try store.dedupScanPage(after: after, limit: limit)
            let last = page.views.last?.seq
            position.withLock { $0 = (last, last == nil) }
            return page
        }, work: { page in
            Self.scanned(page, textChanged: textChanged, lsh: lsh)
        }, consume: { page in
            try store.storeDedupEntries(page.computed, removing: page.removing)
            removed += page.removing.count
            checked += page.computed.count
            for (entry, dirty) in page.entries {
                append(entry, dirty: dirty, to: &table)
                if options.images && entry.imageURL != nil && !entry.imageChecked { pendingImages.append(entry) }
            }
            progress.advance(by: page.count)
        })
        summary.removed += removed
        summary.checked += checked
        summary.records = table.seqs.count
        return (table, pendingImages)
    }

    /// What one page of views gives: its accepted records' entries in seq order (computed ones dirty), the entries to
    /// store and the seqs to remove.
    struct ScannedPage: Sendable {
        var entries: [(entry: DedupEntry, dirty: Bool)] = []
        var computed: [DedupEntry] = []
        var removing: [Int64] = []
        /// Views read.
        var count = 0
    }

    /// The entries of a page: keys computed for views that are new or changed (all of them when `textChanged`), the
    /// stored ones kept for the others. A view that no longer decodes leaves like a rejected one.
    static func scanned(_ page: DedupScanPage, textChanged: Bool, lsh: MinHashLSH) -> ScannedPage {
        var result = ScannedPage()
        result.count = page.views.count
        var storedBySeq: [Int64: DedupEntry] = [:]
        storedBySeq.reserveCapacity(page.stored.count)
        for entry in page.stored { storedBySeq[entry.seq] = entry }
        var kept = Set<Int64>()
        kept.reserveCapacity(page.views.count)
        var undecodable: [Int64] = []
        for view in page.views {
            guard let bytes = view.view else { continue }
            kept.insert(view.seq)
            let hash = bytes.withUnsafeBytes { XXH64.hash($0) }
            let stored = storedBySeq[view.seq]
            guard textChanged || stored?.viewHash != hash else {
                if let stored { result.entries.append((stored, false)) }
                continue
            }
            guard let entry = computedEntry(seq: view.seq, identifier: view.identifier, bytes: bytes, hash: hash,
                                            previous: stored, lsh: lsh) else {
                if let stored {
                    undecodable.append(view.seq)
                    result.entries.append((stored, false))
                }
                continue
            }
            result.computed.append(entry)
            result.entries.append((entry, true))
        }
        result.removing = page.stored.map(\.seq).filter { !kept.contains($0) } + undecodable
        return result
    }

    /// The entry of one view (nil when it does not decode), keeping the thumbnail's hashes of `previous` when the
    /// image URL is the same.
    static func computedEntry(seq: Int64, identifier: String, bytes: [UInt8], hash: UInt64, previous: DedupEntry?,
                              lsh: MinHashLSH) -> DedupEntry? {
        guard let record = CleansedRecord.decoded(bytes) else { return nil }
        let keys = RecordKeys(record)
        let bands = keys.text.isEmpty ? nil : lsh.bandKeys(WordShingles.hashes(keys.text))
        var entry = DedupEntry(seq: seq, identifier: identifier, viewHash: hash, imageKey: keys.imageKey,
                               titleCreatorDateKey: keys.titleCreatorDateKey, titleKey: keys.titleKey,
                               creatorKey: keys.creatorKey, bandKeys: bands, imageURL: keys.imageURL)
        if let old = previous, old.imageURL == entry.imageURL {
            entry.imageChecked = old.imageChecked
            entry.phash = old.phash
            entry.dhash = old.dhash
        }
        return entry
    }

    func append(_ entry: DedupEntry, dirty: Bool, to table: inout Table) {
        table.seqs.append(entry.seq)
        table.imageKeys.append(entry.imageKey ?? 0)
        table.tcdKeys.append(entry.titleCreatorDateKey ?? 0)
        table.titleKeys.append(entry.titleKey ?? 0)
        table.creatorKeys.append(entry.creatorKey ?? 0)
        let bands = lsh.bands
        if let bytes = entry.bandKeys, bytes.count == bands * 4 {
            table.hasText.append(true)
            for band in 0..<bands {
                var key: UInt32 = 0
                for byte in 0..<4 { key |= UInt32(bytes[band * 4 + byte]) << (8 * UInt32(byte)) }
                table.bandKeys.append(key)
            }
        } else {
            table.hasText.append(false)
            table.bandKeys.append(contentsOf: repeatElement(0, count: bands))
        }
        table.textDirty.append(dirty)
        table.imageDirty.append(dirty || (entry.imageURL != nil && !entry.imageChecked))
        table.phash.append(entry.phash)
        table.dhash.append(entry.dhash)
    }

    // MARK: - Evidence

    /// Pairs of positions (i < j, as i << 32 | j) sharing a band key, at least one of them changed in this run.
    func minhashCandidates(_ table: Table) throws -> [UInt64] {
        let bands = lsh.bands, count = table.seqs.count
        let bandKeys = table.bandKeys, hasText = table.hasText, dirty = table.textDirty
        let next = Locked(0)
        var pairs: [UInt64] = []
        // Bands are independent: each is sorted and paired on one of `jobs` threads; the union is sorted and made
        // unique, so the result does not depend on which thread took which band.
        try PagePipeline<Int, [UInt64]>.run(depth: options.jobs + 1, workers: options.jobs, read: {
            next.withLock { band -> Int? in
                guard band < bands else { return nil }
                defer { band += 1 }
                return band
            }
        }, work: { band in
            var keyed: [UInt64] = []
            keyed.reserveCapacity(count)
            for i in 0..<count where hasText[i] {
                keyed.append(UInt64(bandKeys[i * bands + band]) << 32 | UInt64(i))
            }
            keyed.sort()
            var found: [UInt64] = []
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end] >> 32 == keyed[start] >> 32 { end += 1 }
                if end - start >= 2 { Self.pairs(in: keyed[start..<end], dirty: dirty, into: &found) }
                start = end
            }
            return found
        }, consume: { pairs += $0 })
        return Self.sortedUnique(pairs)
    }

    /// The pairs one bucket (sorted by position) gives: all of them, or in a bucket beyond `bucketLimit` each member
    /// with its next `windowSize` members; only pairs with a changed member.
    static func pairs(in bucket: ArraySlice<UInt64>, dirty: [Bool], into pairs: inout [UInt64]) {
        let members = bucket.map { Int($0 & 0xFFFF_FFFF) }
        guard members.contains(where: { dirty[$0] }) else { return }
        let window = members.count > bucketLimit ? windowSize : members.count
        for (k, i) in members.enumerated() {
            for j in members[(k + 1)..<min(members.count, k + 1 + window)] where dirty[i] || dirty[j] {
                pairs.append(UInt64(i) << 32 | UInt64(j))
            }
        }
    }

    static func sortedUnique(_ values: [UInt64]) -> [UInt64] {
        var values = values
        values.sort()
        var unique = 0
        for value in values where unique == 0 || values[unique - 1] != value {
            values[unique] = value
            unique += 1
        }
        values.removeLast(values.count - unique)
        return values
    }

    /// MinHash candidates confirmed by the exact Jaccard similarity of their shingle sets (read again from the views,
    /// a chunk of pairs at a time, chunks checked on `jobs` threads, evidence in candidate order).
    func minhashEvidence(_ table: Table, summary: inout DedupSummary) throws -> [DuplicateEvidence] {
        let candidates = try minhashCandidates(table)
        summary.candidates += candidates.count
        var evidence: [DuplicateEvidence] = []
        let chunkSize = 16_384
        let store = self.store, threshold = options.threshold, seqs = table.seqs
        let next = Locked(0)
        try PagePipeline<Range<Int>, Result<[DuplicateEvidence], StoreError>>.run(
            depth: options.jobs + 1, workers: options.jobs,
            read: {
                next.withLock { start -> Range<Int>? in
                    guard start < candidates.count else { return nil }
                    let range = start..<min(candidates.count, start + chunkSize)
                    start = range.upperBound
                    return range
                }
            },
            work: { range in
                Result { () throws(StoreError) in
                    try Self.confirmed(candidates[range], seqs: seqs, threshold: threshold, store: store)
                }
            },
            consume: { evidence += try $0.get() })
        summary.evidence += evidence.count
        return evidence
    }

    /// The pairs of `chunk` whose shingle sets' Jaccard similarity reaches `threshold`, in order.
    static func confirmed(_ chunk: ArraySlice<UInt64>, seqs: [Int64], threshold: Double,
                          store: any DedupScanning) throws(StoreError) -> [DuplicateEvidence] {
        var positions: [Int] = []
        positions.reserveCapacity(chunk.count * 2)
        for pair in chunk {
            positions.append(Int(pair >> 32))
            positions.append(Int(pair & 0xFFFF_FFFF))
        }
        positions.sort()
        var unique = 0
        for value in positions where unique == 0 || positions[unique - 1] != value {
            positions[unique] = value
            unique += 1
        }
        positions.removeLast(positions.count - unique)
        var shingles: [Int64: [UInt64]] = [:]
        shingles.reserveCapacity(positions.count)
        for (seq, bytes) in try store.acceptedViewBytes(seqs: positions.map { seqs[$0] }) {
            guard let record = CleansedRecord.decoded(bytes) else { continue }
            let text = RecordKeys(record).text
            if !text.isEmpty { shingles[seq] = WordShingles.hashes(text) }
        }
        var evidence: [DuplicateEvidence] = []
        for pair in chunk {
            let i = Int(pair >> 32), j = Int(pair & 0xFFFF_FFFF)
            guard let a = shingles[seqs[i]], let b = shingles[seqs[j]] else { continue }
            let similarity = WordShingles.jaccard(a, b)
            if similarity >= threshold - 1e-12 {
                evidence.append(DuplicateEvidence(a: seqs[i], b: seqs[j], kind: EvidenceKind.minhash.rawValue, score: similarity))
            }
        }
        return evidence
    }

    /// Same image URL (no placeholder) and same title+creator+date, for every record.
    func exactEvidence(_ table: Table) -> [DuplicateEvidence] {
        var evidence: [DuplicateEvidence] = []
        for (kind, keys) in [(EvidenceKind.imageURL, table.imageKeys), (.titleCreatorDate, table.tcdKeys)] {
            var keyed: [(UInt64, Int)] = []
            for (i, key) in keys.enumerated() where key != 0 { keyed.append((key, i)) }
            keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end].0 == keyed[start].0 { end += 1 }
                let members = keyed[start..<end].map(\.1)
                start = end
                guard members.count >= 2 else { continue }
                if kind == .imageURL && members.count > options.placeholderLimit { continue }  // a placeholder
                if members.count <= Self.exactGroupLimit {
                    for (k, i) in members.enumerated() {
                        for j in members[(k + 1)...] {
                            evidence.append(DuplicateEvidence(a: table.seqs[i], b: table.seqs[j], kind: kind.rawValue, score: 1))
                        }
                    }
                } else {
                    for j in members.dropFirst() {
                        evidence.append(DuplicateEvidence(a: table.seqs[members[0]], b: table.seqs[j], kind: kind.rawValue, score: 1))
                    }
                }
            }
        }
        return evidence
    }

    /// Looks up the thumbnails of `pending` entries through the hasher and stores what it gave.
    func lookUpImages(_ table: inout Table, pending: [DedupEntry]) async throws {
        guard let hasher, !pending.isEmpty else { return }
        for start in stride(from: 0, to: pending.count, by: 1_024) {
            var chunk = Array(pending[start..<min(pending.count, start + 1_024)])
            let urls = Array(Set(chunk.compactMap(\.imageURL))).sorted()
            let found: [String: ImageHashes]
            do {
                found = try await hasher.hashes(for: urls)
            } catch {
                throw DedupError.thumbnails("\(error)")
            }
            for k in chunk.indices {
                let hashes = chunk[k].imageURL.flatMap { found[$0] }
                chunk[k].imageChecked = true
                chunk[k].phash = hashes?.phash
                chunk[k].dhash = hashes?.dhash
                if let i = table.index(of: chunk[k].seq) {
                    table.phash[i] = hashes?.phash
                    table.dhash[i] = hashes?.dhash
                    table.imageDirty[i] = true
                }
            }
            try store.storeDedupEntries(chunk, removing: [])
        }
    }

    /// Pairs whose pHash is within the Hamming distance, at least one of them looked at again. The dHash within it too
    /// confirms a pair; the pHash alone needs a second signal (the same creator or title, or the same image URL). A
    /// dHash match alone confirms nothing: unrelated pictures come within 6 bits on dHash about twice in 10,000 pairs
    /// (the labelled set's), so "same creator" would pair works of one prolific creator.
    func imageEvidence(_ table: Table, summary: inout DedupSummary) -> [DuplicateEvidence] {
        let withHashes = table.seqs.indices.filter { table.phash[$0] != nil && table.dhash[$0] != nil }
        guard withHashes.count >= 2 else { return [] }
        let distance = options.hamming
        let pIndex = ImageHashIndex(hashes: withHashes.map { table.phash[$0] ?? 0 }, distance: distance)
        var candidates: [UInt64] = []
        for (item, i) in withHashes.enumerated() where table.imageDirty[i] {
            for other in pIndex.neighbours(of: item) {
                let j = withHashes[other.item]
                candidates.append(UInt64(min(i, j)) << 32 | UInt64(max(i, j)))
            }
        }
        candidates = Self.sortedUnique(candidates)
        summary.candidates += candidates.count
        var evidence: [DuplicateEvidence] = []
        for pair in candidates {
            let i = Int(pair >> 32), j = Int(pair & 0xFFFF_FFFF)
            let p = ((table.phash[i] ?? 0) ^ (table.phash[j] ?? 0)).nonzeroBitCount
            let d = ((table.dhash[i] ?? 0) ^ (table.dhash[j] ?? 0)).nonzeroBitCount
            let pMatch = p <= distance, dMatch = d <= distance
            let second = (table.creatorKeys[i] != 0 && table.creatorKeys[i] == table.creatorKeys[j])
                || (table.titleKeys[i] != 0 && table.titleKeys[i] == table.titleKeys[j])
                || (table.imageKeys[i] != 0 && table.imageKeys[i] == table.imageKeys[j])
            guard pMatch && (dMatch || second) else { continue }
            if pMatch {
                evidence.append(DuplicateEvidence(a: table.seqs[i], b: table.seqs[j], kind: EvidenceKind.phash.rawValue,
                                                  score: 1 - Double(p) / 64))
            }
            if dMatch {
                evidence.append(DuplicateEvidence(a: table.seqs[i], b: table.seqs[j], kind: EvidenceKind.dhash.rawValue,
                                                  score: 1 - Double(d) / 64))
            }
        }
        summary.evidence += evidence.count
        return evidence
    }

    // MARK: - Clusters

    /// Union–find over every stored piece of evidence that counts in this run, canonical records chosen, clusters
    /// replaced.
    func cluster(_ table: Table, summary: inout DedupSummary) throws {
        let evidence = try store.duplicateEvidence(kinds: kinds.map(\.rawValue))
        var sets = UnionFind(count: table.seqs.count)
        for e in evidence {
            guard let i = table.index(of: e.a), let j = table.index(of: e.b) else { continue }
            sets.union(i, j)
        }
        var groups: [Int: [Int]] = [:]
        for e in evidence {
            for seq in [e.a, e.b] {
                guard let i = table.index(of: seq) else { continue }
                groups[sets.find(i), default: []].append(i)
            }
        }
        let memberLists = groups.values.map { Array(Set($0)).sorted() }.filter { $0.count >= 2 }
        let clusteredSeqs = memberLists.flatMap { $0.map { table.seqs[$0] } }
        let chosen = try CanonicalChooser(store: store, jobs: options.jobs).members(clusteredSeqs)
        let identifiers = chosen.identifiers
        summary.measured = chosen.measured
        var clusters: [DuplicateCluster] = []
        for members in memberLists {
            let named = members.compactMap { i -> (seq: Int64, identifier: String)? in
                identifiers[table.seqs[i]].map { (table.seqs[i], $0) }
            }
            guard named.count >= 2 else { continue }
            let canonical = CanonicalChooser.canonical(named, totals: chosen.totals)
            let sorted = named.map(\.identifier).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            clusters.append(DuplicateCluster(canonical: canonical, members: sorted))
        }
        clusters.sort { $0.canonical.utf8.lexicographicallyPrecedes($1.canonical.utf8) }
        try store.replaceDuplicateClusters(clusters)
        summary.clusters = clusters.count
        summary.clustered = clusters.reduce(0) { $0 + $1.members.count }
    }
}
