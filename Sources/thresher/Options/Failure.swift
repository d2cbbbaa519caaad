import ArgumentParser
import Foundation

/// Writes `thresher: message` as one line on stderr and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
    let line = "thresher: " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
    FileHandle.standardError.write(Data(line.utf8))
    exit(code)
}

/// Writes a line on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A usage error: `thresher: message` as one line on stderr, exit status 64 (EX_USAGE).
func usageError(_ message: String) -> Never {
    fail(message, code: 64)
}
