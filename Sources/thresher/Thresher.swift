import ArgumentParser

/// The `thresher` command: harvest OAI-PMH repositories into a record store, export and re-publish it,
/// and evaluate JSONPath queries on records.
@main
struct Thresher: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresher",
        abstract: "Harvest cultural-heritage metadata over OAI-PMH and measure its quality.",
        version: "0.1.0",
        subcommands: [
            HarvestCommand.self,
            GapfillCommand.self,
            StatusCommand.self,
            ExportCommand.self,
            ServeOAICommand.self,
            SampleDataCommand.self,
            JSONPathCommand.self,
        ])
}
