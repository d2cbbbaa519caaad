import ArgumentParser
import Foundation
import Pipeline
import RecordStore
import ThresherCore

/// `thresher dedup`: near-duplicate clusters over the store's cleansed views.
struct DedupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Find near-duplicate records and cluster them, each cluster with its most complete record as canonical.",
        discussion: """
            Candidates: the same image URL, the same normalised title+creator+date, MinHash LSH over word shingles of \
            title+creator+description (--threshold), and with --images the thumbnails' pHash and dHash (--hamming). \
            Only records new or changed since the last run are checked again. --report FILE writes one JSON line per \
            cluster; see docs/DEDUP.md.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The word-shingle Jaccard similarity from which two texts are duplicates, in (0, 1].")
    var threshold: Double = 0.8

    @Flag(help: "Compare the records' thumbnails too (perceptual hashes).")
    var images = false

    @Option(help: "With --images: the largest Hamming distance between two pHashes or dHashes that still matches.")
    var hamming: Int = 6

    @Option(help: "Write the clusters and their evidence to this file (JSON Lines).")
    var report: String?

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        do {
            try DedupOptions(threshold: threshold, hamming: hamming).validate()
        } catch {
            throw ValidationError(error.description)
        }
        if let report, report.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--report: the file's path is empty")
        }
    }

    func run() async throws {
        try await run(hasher: nil)
    }

    /// Runs with `hasher` giving thumbnails' hashes (nil: the store's thumbnail fetcher).
    func run(hasher: (any ThumbnailHashing)?) async throws {
        guard FileManager.default.fileExists(atPath: storeOptions.store) else {
            throw CommandFailure("\(storeOptions.store): no such record store")
        }
        let store = try storeOptions.open()
        // Cleanse's incremental step first, when records changed since it last ran (with its last mapping).
        try CleanseCommand.runIncrementalStep(store: store, quiet: progressOptions.quiet)
        let options = DedupOptions(threshold: threshold, images: images, hamming: hamming)
        let progress = ProgressReporter(quiet: progressOptions.quiet, unit: .records)
        let hasher = hasher ?? (images ? ThumbnailHasher(store: store) : nil)
        let summary: DedupSummary
        do {
            summary = try await DedupRun(store: store, options: options, hasher: hasher, progress: progress).run()
        } catch let error as DedupError {
            progress.finish()
            throw CommandFailure(error.description)
        } catch let error as StoreError {
            progress.finish()
            throw CommandFailure(error.description)
        }
        progress.finish()
        if let report {
            do {
                try DedupReport.write(store: store, kinds: options.kinds, to: report)
            } catch let error as DedupError {
                throw CommandFailure(error.description)
            }
        }
        if summary.upToDate {
            printError("thresher: dedup: nothing changed since the last run (\(summary.records) record(s)); "
                       + "\(summary.clusters) cluster(s) with \(summary.clustered) record(s)")
        } else {
            printError("thresher: dedup checked \(summary.checked) of \(summary.records) record(s)"
                       + (summary.removed > 0 ? ", \(summary.removed) left" : "")
                       + "; \(summary.candidates) candidate pair(s), \(summary.evidence) confirmed; "
                       + "\(summary.clusters) cluster(s) with \(summary.clustered) record(s)")
        }
    }
}
