import Foundation
import RecordStore

/// What a harvest run ended with: one row per set job.
public struct HarvestReport: Sendable, Equatable {
    /// One row per job, in the order the sets were given.
    public var rows: [SummaryRow]
    /// When the run started and ended.
    public var startedAt: Date
    public var finishedAt: Date

    /// The sets that failed after their retries.
    public var failedSets: [String] { rows.filter { $0.status == .failed }.map(\.set) }

    /// 0 when every set ended (complete or suspect-end), 2 when any failed.
    public var exitCode: Int32 { failedSets.isEmpty ? 0 : 2 }

    public init(rows: [SummaryRow], startedAt: Date, finishedAt: Date) {
        self.rows = rows
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The label used for a whole-repository listing in the `set` column.
    public static let repositoryLabel = "(repository)"

    /// The summary as tab-separated lines with a header:
    /// `set records deleted pages seconds status expected stored check unconverted` (columns are only ever added
    /// at the end).
    public var table: String {
        var lines = ["set\trecords\tdeleted\tpages\tseconds\tstatus\texpected\tstored\tcheck\tunconverted"]
        for row in rows {
            let expected = row.expected.map(String.init) ?? "-"
            let stored = row.stored.map(String.init) ?? "-"
            lines.append([row.set, String(row.records), String(row.deleted), String(row.pages),
                          String(format: "%.1f", row.seconds), row.status.rawValue, expected, stored,
                          Self.check(row), String(row.unconverted)].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `ok` when the expected size matches what is stored, `mismatch` when not, `unverified` when the `--verify` pass
    /// failed and nothing else gave a size, `-` when nothing was expected.
    public static func check(_ row: SummaryRow) -> String {
        guard let expected = row.expected, let stored = row.stored else { return row.verifyFailure == nil ? "-" : "unverified" }
        return expected == stored ? "ok" : "mismatch"
    }
}
