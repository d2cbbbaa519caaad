import Foundation

/// How a dedup run finds and confirms duplicates.
public struct DedupOptions: Sendable, Equatable {
    /// The word-shingle Jaccard similarity from which two texts are duplicates, in (0, 1].
    public var threshold: Double
    /// Whether thumbnails' perceptual hashes take part.
    public var images: Bool
    /// The largest Hamming distance between two pHashes (or dHashes) that still matches.
    public var hamming: Int
    /// An image URL shared by more records than this is a placeholder: it shows nothing by itself.
    public var placeholderLimit: Int
    /// Cleansed views read per batch.
    public var batchSize: Int
    /// Threads computing keys and similarities.
    public var jobs: Int

    public init(threshold: Double = 0.8, images: Bool = false, hamming: Int = 6, placeholderLimit: Int = 10,
                batchSize: Int = 8_192, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threshold = threshold
        self.images = images
        self.hamming = hamming
        self.placeholderLimit = placeholderLimit
        self.batchSize = batchSize
        self.jobs = jobs
    }

    /// Throws when an option is out of range.
    public func validate() throws(DedupError) {
        guard threshold > 0 && threshold <= 1 else { throw .badThreshold(threshold) }
        guard (0...32).contains(hamming) else { throw .badHamming(hamming) }
    }
}

/// What a dedup run did.
public struct DedupSummary: Sendable, Equatable {
    /// Accepted records looked at, and those whose keys were computed (new or changed) in this run.
    public var records = 0
    public var checked = 0
    /// Records that left (deleted, rejected, or without a view any more).
    public var removed = 0
    /// Candidate pairs looked at (MinHash and image), and evidence confirmed in all.
    public var candidates = 0
    public var evidence = 0
    /// Clusters of two or more, and the records in them.
    public var clusters = 0
    public var clustered = 0
    /// Records measured to choose canonical records.
    public var measured = 0
    /// True when nothing changed since the last run and nothing was done.
    public var upToDate = false

    public init() {}
}

extension DedupOptions {
    /// The evidence kinds that count in a run with these options.
    public var kinds: [EvidenceKind] { EvidenceKind.exact + [.minhash] + (images ? EvidenceKind.image : []) }
}
