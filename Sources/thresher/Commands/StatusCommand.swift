import ArgumentParser
import Foundation
import Harvest
import RecordStore

/// `thresher status`: the last harvest's per-set summary and any unfinished jobs.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last harvest's per-set summary and the jobs that have not finished.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.openExisting()
        do {
            if let summary = try store.latestRunSummary() {
                let report = HarvestReport(rows: summary.rows, startedAt: summary.startedAt, finishedAt: summary.finishedAt)
                print("last harvest: \(summary.endpoint) (\(summary.metadataPrefix)), "
                      + "\(ISO8601DateFormatter().string(from: summary.startedAt)) to "
                      + "\(ISO8601DateFormatter().string(from: summary.finishedAt))")
                print(report.table, terminator: "")
            } else {
                print("no harvest has finished in \(storeOptions.store)")
            }
            // A job stored as running whose process has ended is shown as interrupted (its row is left as it is).
            let unfinished = try store.jobStates().filter { $0.status != .ended(.complete) && $0.status != .ended(.suspectEnd) }
            if !unfinished.isEmpty {
                print("\nunfinished jobs (run the same harvest again to resume the interrupted and failed ones):")
                print("set\tstatus\tpages\trecords\tdeleted\tmessage")
                for job in unfinished {
                    let checkpoint = job.checkpoint
                    print([checkpoint.key.set ?? HarvestReport.repositoryLabel, job.status.label,
                           String(checkpoint.pages), String(checkpoint.records), String(checkpoint.deleted),
                           checkpoint.message ?? ""].joined(separator: "\t"))
                }
            }
            let counts = try store.setCounts()
            let live = counts.reduce(0) { $0 + $1.live }
            let total = try store.count(RecordQuery(metadataPrefix: nil, set: nil, from: nil, until: nil))
            print("\nstore: \(total) records (\(live) live set memberships across \(counts.count) sets)")
            let withoutXML = try store.countLiveWithoutXML(metadataPrefix: nil)
            if withoutXML > 0 {
                print("\(withoutXML) live records have no stored XML (imported from JSON Lines): serve-oai does not offer them")
            }
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
