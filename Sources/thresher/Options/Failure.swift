import ArgumentParser
import Foundation
import ThresherCore

/// A command's own failure, with the one-line message the user sees after `thresher: ` (exit status 1). Usage
/// errors are ArgumentParser's `ValidationError` (exit status 64); an `ExitCode` ends a run with its code and no
/// message (the command said what happened already). `Thresher.exitStatus(for:)` maps them all in one place.
struct CommandFailure: Error, CustomStringConvertible, Equatable {
    /// What went wrong and where.
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

/// Writes a line on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Says on stderr, even with `--quiet` (which silences progress, not problems), that a record was skipped and why.
func skipped(_ line: String, _ progress: ProgressReporter) {
    if progress.isQuiet {
        printError("thresher: " + ProgressReporter.shortened(line))
    } else {
        progress.note("thresher: " + line)
    }
}
