import ThresherCore
import Foundation
import OAIPMH
import RecordStore

/// Harvests one set (or the whole repository) from its checkpoint to the end of its listing.
///
/// Each page is stored in one transaction with the job's checkpoint, so a killed run resumes from
/// the last stored page and duplicates nothing.
struct SetHarvester {
    let key: HarvestJobKey
    let options: HarvestOptions
    let store: any HarvestStateStoring
    let fetcher: RetryingFetcher
    let progress: ProgressReporter

    /// How many times a set restarts after its resumption token died, before it fails.
    static let maxTokenRestarts = 3

    /// Runs the job; returns its final checkpoint (complete, suspect-end or failed), and whether a failure is one
    /// that trying again later cannot mend (the repository refused the request itself: badArgument,
    /// cannotDisseminateFormat and the like).
    func run(resumeFrom existing: SetCheckpoint?) -> (checkpoint: SetCheckpoint, definitive: Bool) {
        let started = Date()
        var checkpoint = existing ?? SetCheckpoint(key: key)
        checkpoint.status = .running
        checkpoint.message = nil
        // A job resumed after an interruption names this process at once, so `status` shows it running.
        if existing?.status == .running { try? store.saveCheckpoint(checkpoint) }
        var seenTokens = SameBytesSet()  // tokens equal as Strings (NFC, NFD) may differ for the server
        var seenPages = Set<Int>()  // signatures of the pages listed so far
        var tokenRestarts = 0
        let jobName = key.set ?? HarvestReport.repositoryLabel

        let secondsBefore = checkpoint.seconds
        func elapsed() -> Double { secondsBefore + Date().timeIntervalSince(started) }

        while true {
            let request: OAIRequest
            if let token = checkpoint.resumptionToken {
                request = .resumed(verb: .listRecords, token: token)
            } else {
                request = .listRecords(metadataPrefix: key.metadataPrefix, set: key.set, from: key.from, until: key.until)
            }
            let response: OAIResponse
            do {
                response = try fetch(request, checkpoint: &checkpoint)
            } catch {
                if checkpoint.resumptionToken != nil, error.isBadResumptionToken, tokenRestarts < Self.maxTokenRestarts {
                    // The token died (expired, or the server lost its state): list the set again from the start.
                    // Stored records are updated in place, never duplicated.
                    tokenRestarts += 1
                    progress.note("\(jobName): resumption token rejected (\(error)); restarting the set (\(tokenRestarts)/\(Self.maxTokenRestarts))")
                    checkpoint.resumptionToken = nil
                    checkpoint.cursor = nil
                    checkpoint.records = 0
                    checkpoint.deleted = 0
                    checkpoint.unconverted = 0
                    checkpoint.emptyPagesInARow = 0
                    seenTokens.removeAll()
                    seenPages.removeAll()
                    continue
                }
                checkpoint.status = .failed
                checkpoint.message = "\(error)"
                checkpoint.seconds = elapsed()
                try? store.saveCheckpoint(checkpoint)
                return (checkpoint, error.oaiError != nil && !error.isBadResumptionToken)
            }

            // A page listing exactly the records of an earlier one (a server looping with fresh tokens) ends the set.
            if !response.records.isEmpty, !seenPages.insert(Self.signature(of: response.records)).inserted {
                checkpoint.resumptionToken = nil
                checkpoint.status = .suspectEnd
                checkpoint.message = "a page listed the same records as an earlier page"
                checkpoint.seconds = elapsed()
                do { try store.saveCheckpoint(checkpoint) } catch {
                    progress.note("\(jobName): saving its checkpoint failed: \(error)")
                }
                return (checkpoint, false)
            }

            var problems: [String] = []
            let (inputs, latest, unconverted) = RecordConversion.inputs(for: response.records, harvestedSet: key.set,
                                                                        problems: &problems)
            for problem in problems { progress.note("\(jobName): \(problem)") }
            let live = inputs.reduce(0) { $0 + ($1.deleted ? 0 : 1) }

            checkpoint.pages += 1
            checkpoint.records += live
            checkpoint.deleted += inputs.count - live
            checkpoint.unconverted += unconverted
            // Only datestamps it can read move the incremental start (an unreadable one would be sent as `from`).
            checkpoint.lastDatestamp = Datestamp.later(checkpoint.lastDatestamp, latest)
            checkpoint.emptyPagesInARow = response.records.isEmpty ? checkpoint.emptyPagesInARow + 1 : 0

            let token = response.resumptionToken
            let next = token?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            checkpoint.cursor = token?.cursor
            if let size = token?.completeListSize { checkpoint.completeListSize = size }

            // A cursor beyond completeListSize alone ends nothing (repositories understate the size while their
            // pages go on bringing records); with a second sign of a runaway listing it ends the set.
            var beyondSize: String?
            if let cursor = token?.cursor, let size = token?.completeListSize, cursor > size {
                beyondSize = "cursor \(cursor) beyond completeListSize \(size)"
            }
            if next.isEmpty {
                checkpoint.resumptionToken = nil
                checkpoint.status = .complete
                if let size = checkpoint.completeListSize, checkpoint.records + checkpoint.deleted > size {
                    checkpoint.message = "completeListSize \(size) understated: the listing gave \(checkpoint.records + checkpoint.deleted) records"
                    progress.note("\(jobName): \(checkpoint.message ?? "")")
                }
            } else if checkpoint.emptyPagesInARow >= options.maxEmptyPages {
                checkpoint.resumptionToken = nil
                checkpoint.status = .suspectEnd
                checkpoint.message = "\(checkpoint.emptyPagesInARow) pages in a row without records"
                    + (beyondSize.map { " (\($0))" } ?? "")
            } else if seenTokens.contains(next) || checkpoint.resumptionToken.map(next.hasSameBytes) == true {
                checkpoint.resumptionToken = nil
                checkpoint.status = .suspectEnd
                checkpoint.message = "resumption token repeated: \(ProgressReporter.shortened(next, to: 200))"
                    + (beyondSize.map { " (\($0))" } ?? "")
            } else if let beyondSize, response.records.isEmpty {
                checkpoint.resumptionToken = nil
                checkpoint.status = .suspectEnd
                checkpoint.message = "\(beyondSize), and a page without records"
            } else {
                seenTokens.insert(next)
                checkpoint.resumptionToken = next
            }
            checkpoint.seconds = elapsed()

            do {
                try store.storePage(inputs, metadataPrefix: key.metadataPrefix, checkpoint: checkpoint)
            } catch {
                // A retry resumes from the last page actually stored, not past the page that failed.
                var stored = ((try? store.checkpoint(for: key)) ?? nil) ?? existing ?? SetCheckpoint(key: key)
                stored.status = .failed
                stored.message = "storing a page failed: \(error)"
                stored.seconds = elapsed()
                return (stored, false)
            }
            progress.page(job: jobName, records: inputs.count, received: checkpoint.records + checkpoint.deleted,
                          expected: checkpoint.completeListSize)
            if checkpoint.status != .running { return (checkpoint, false) }
        }
    }

    /// One request under the retry policy and the politeness cap; counts retries into the checkpoint.
    private func fetch(_ request: OAIRequest, checkpoint: inout SetCheckpoint) throws(OAIClientError) -> OAIResponse {
        let label = key.set ?? HarvestReport.repositoryLabel
        var retries = 0
        defer { checkpoint.retries += retries }
        return try fetcher.fetch(request, label: label, converter: RecordConversion.converter, onRetry: { retries += 1 })
    }

    /// A hash of the identifiers a page lists, in order (as bytes).
    static func signature(of records: [OAIRecord]) -> Int {
        var hasher = Hasher()
        hasher.combine(records.count)
        for record in records {
            var identifier = record.header.identifier
            identifier.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(0xFF as UInt8)  // no identifier holds this byte: the boundary between two
        }
        return hasher.finalize()
    }
}
