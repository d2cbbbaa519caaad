import Foundation
import Testing
import RecordStore
@testable import Pipeline

/// The unchanged-store check made from the views' index, without reading views.
@Suite struct DedupUpToDateTests {
    @Test func anUnchangedStoreIsSeenFromTheIndexAndEveryChangeIsNot() async throws {
        let t = try DedupRunTests.smallStore()
        let first = try await t.dedup()
        let fingerprint = try t.store.acceptedViewsFingerprint()
        #expect(try t.store.pipelineRun(stage: DedupRun.viewsStage)?.parameters == fingerprint)
        let again = try await t.dedup()
        #expect(again.upToDate && again.records == first.records && again.records == 7 && again.clusters == 3)
        // A view stored again (here with a new datestamp) and a deleted record each change the fingerprint.
        try t.put("rec:d", ["title": ["Winter landscape with skaters"], "creator": ["Hendrick Avercamp"], "date": ["1608"],
                            "image": ["http://img.example/avercamp.jpg"]])
        #expect(try t.store.acceptedViewsFingerprint() != fingerprint)
        let restored = try await t.dedup()
        #expect(!restored.upToDate && restored.checked == 1 && restored.records == 7 && restored.clusters == 3)
        let afterRestore = try t.store.acceptedViewsFingerprint()
        try t.delete("rec:d")
        #expect(try t.store.acceptedViewsFingerprint() != afterRestore)
        let deleted = try await t.dedup()
        #expect(!deleted.upToDate && deleted.removed == 1 && deleted.records == 6)
        // Other options read the views again.
        let other = try await t.dedup(DedupOptions(threshold: 0.9, jobs: 2))
        #expect(!other.upToDate && other.checked == 6)
    }
}
