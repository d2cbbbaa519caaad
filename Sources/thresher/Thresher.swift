import ArgumentParser

@main
struct Thresher: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresher",
        abstract: "Harvest cultural-heritage metadata over OAI-PMH and measure its quality.",
        version: "0.1.0",
        subcommands: [])
}
