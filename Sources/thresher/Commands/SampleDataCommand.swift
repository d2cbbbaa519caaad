import ArgumentParser
import Harvest

/// `thresher sample-data`: a store of generated sample records to serve and harvest (the demo's source).
struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Fill a store with Thresher's own generated EDM sample records (CC0), for demos and benchmarks.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "How many records.")
    var records = 1000

    @Option(help: "The generator's seed (the same seed gives the same records).")
    var seed: UInt64 = 1

    func validate() throws {
        guard records >= 1 else { throw ValidationError("--records must be at least 1") }
    }

    func run() throws {
        let store = try storeOptions.open()
        do {
            let count = try SampleSeeder.seed(store: store, count: records, seed: seed)
            printError("thresher: stored \(count) sample records in \(storeOptions.store)")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
