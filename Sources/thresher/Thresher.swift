import ArgumentParser
import Foundation

/// The `thresher` command: harvest OAI-PMH repositories into a record store, measure, export and re-publish it,
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
            CheckCommand.self,
            ImportCommand.self,
            MeasureCommand.self,
            ReportCommand.self,
            CleanseCommand.self,
            AnnotateCommand.self,
            AnnotationsCommand.self,
            DedupCommand.self,
            EmbedCommand.self,
            SimilarCommand.self,
            ExportCommand.self,
            ServeOAICommand.self,
            SampleDataCommand.self,
            JSONPathCommand.self,
        ])

    static func main() async {
        let status = await execute(Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(status)
    }

    /// Parses and runs a command line (without the program name) in this process, writes what an error says on
    /// stderr (help on stdout) and returns the exit status: 0, 1 (the command failed), 2 (a harvest ended with
    /// failed sets), 64 (a usage error), or a signal's 128 + n.
    static func execute(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let outcome = exitStatus(for: error)
            if let text = outcome.text {
                let handle = outcome.status == 0 ? FileHandle.standardOutput : FileHandle.standardError
                handle.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
            }
            return outcome.status
        }
    }

    /// What `error` means for the user: the text to show (`thresher: …` as one line for failures, followed by the
    /// usage lines for a usage error; help as it is) and the exit status. The one place errors become exit codes.
    static func exitStatus(for error: any Error) -> (text: String?, status: Int32) {
        if let failure = error as? CommandFailure {
            return ("thresher: " + Self.oneLine(failure.message), 1)
        }
        if let code = error as? ExitCode { return (nil, code.rawValue) }
        let code = exitCode(for: error)
        if code == .success {
            let help = fullMessage(for: error)
            return (help.isEmpty ? nil : help, 0)
        }
        let message = Self.message(for: error)
        if code == .validationFailure {
            // ArgumentParser's own text is "Error: <message>\n<usage>": the first line becomes Thresher's.
            let full = fullMessage(for: error)
            var usage = ""
            if let newline = full.firstIndex(of: "\n") { usage = String(full[full.index(after: newline)...]) }
            return ("thresher: " + Self.oneLine(message) + (usage.isEmpty ? "" : "\n" + usage), code.rawValue)
        }
        if message.isEmpty { return (nil, code.rawValue) }
        return ("thresher: " + Self.oneLine(message), code.rawValue == 0 ? 1 : code.rawValue)
    }

    /// `message` on one line.
    static func oneLine(_ message: String) -> String {
        message.replacingOccurrences(of: "\n", with: " ")
    }
}
