import Foundation

/// Ctrl-C (SIGINT) or SIGTERM ends a harvest or gap fill at once, as a kill would: every stored page was committed with
/// its checkpoint, and the page in flight is rolled back. This says so on stderr, and how to go on.
enum Interruption {
    /// The line the handler writes, made before any signal can arrive (a handler may not allocate).
    nonisolated(unsafe) private static var message: [UInt8] = []

    /// Installs the handlers for SIGINT and SIGTERM; `command` names what to run again.
    static func announceResuming(_ command: String) {
        let newline = isatty(STDERR_FILENO) != 0 ? "\r\n" : ""  // after an in-place progress line
        message = Array((newline + "thresher: interrupted; run the same \(command) command again to resume\n").utf8)
        let handler: @convention(c) (Int32) -> Void = { signal in
            Interruption.message.withUnsafeBufferPointer { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            _exit(128 + signal)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }
}
