import EDM
import RecordStore

/// Fills a store with Thresher's own generated sample records, as if harvested (for the demo and benchmarks).
public enum SampleSeeder {
    /// The endpoint name the sample records are filed under.
    public static let endpoint = "thresher:sample"

    /// Stores `count` generated EDM records (deterministic for a `seed`) with their JSON conversion.
    /// Returns the number of records stored.
    @discardableResult
    public static func seed(store: any HarvestStateStoring, count: Int, seed: UInt64 = 1) throws(HarvestError) -> Int {
        let samples = SampleRecords.make(count: count, seed: seed)
        var page: [RecordInput] = []
        page.reserveCapacity(500)
        var setNames = Set<String>()
        do {
            for sample in samples {
                setNames.formUnion(sample.sets)
                var json: String?
                if !sample.deleted {
                    json = try? RecordConverter.json(metadataXML: sample.metadataXML, identifier: sample.identifier,
                                                     sets: sample.sets)
                }
                page.append(RecordInput(identifier: sample.identifier, datestamp: sample.datestamp, deleted: sample.deleted,
                                        sets: sample.sets, metadataXML: sample.deleted ? nil : sample.metadataXML,
                                        json: json))
                if page.count == 500 {
                    try store.storeRecords(page, metadataPrefix: "edm")
                    page.removeAll(keepingCapacity: true)
                }
            }
            try store.storeRecords(page, metadataPrefix: "edm")
            try store.saveSets(setNames.sorted().map { SetInfo(spec: $0, name: $0) }, endpoint: endpoint)
        } catch {
            throw .store("\(error)")
        }
        return samples.count
    }
}
