import ThresherCore
import Foundation
import TestSupport
@testable import Harvest
@testable import RecordStore

typealias Record = FaultyOAIRepository.Record

/// A repository of `count` records per set, ids `<set>-<n>`, datestamps one minute apart.
func records(sets: [String: Int], deletedEvery: Int = 0) -> [Record] {
    FaultyOAIRepository.records(sets: sets, deletedEvery: deletedEvery)
}

/// Options for a fast test harvest: tiny backoffs, capped Retry-After.
func options(_ server: FaultyOAIServer, _ selection: SetSelection, parallel: Int = 2, maxAttempts: Int = 4,
             maxEmptyPages: Int = 5, setRetries: Int = 1) -> HarvestOptions {
    HarvestOptions(endpoint: server.endpoint, metadataPrefix: "edm", selection: selection, parallel: parallel,
                   maxAttempts: maxAttempts, maxEmptyPages: maxEmptyPages, setRetries: setRetries,
                   backoffBase: 0.005, backoffCap: 0.02, retryAfterCap: 0.02, connectTimeout: 5, readTimeout: 5)
}

func harvest(_ options: HarvestOptions, store: SQLiteRecordStore) throws -> HarvestReport {
    try HarvestDispatcher(options: options, store: store, progress: ProgressReporter(quiet: true)).run()
}

func storedIdentifiers(_ store: SQLiteRecordStore, set: String? = nil) throws -> [String] {
    try store.records(RecordQuery(set: set), limit: 100_000).map(\.identifier).sorted()
}

func identifiers(_ records: [Record], set: String? = nil) -> [String] {
    records.filter { set == nil || $0.sets.contains(set!) }.map(\.identifier).sorted()
}

extension HarvestReport {
    func row(_ set: String) -> SummaryRow? { rows.first { $0.set == set } }
}
