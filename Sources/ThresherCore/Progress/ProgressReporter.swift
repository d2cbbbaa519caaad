import Foundation
import Synchronization

/// Counts what a long-running command does and shows it on stderr, at most every half second on a terminal
/// (every 10 s otherwise): for a harvest sets done/running/total, records/s, retries and an ETA; for work on
/// single items (gap filling, measuring) done/total, the rate and an ETA. Quiet reporters show nothing.
public final class ProgressReporter: Sendable {
    /// What is counted so far.
    public struct State: Sendable {
        var setsTotal = 0
        var setsDone = 0
        var setsRunning = 0
        var records = 0
        var retries = 0
        /// Expected records per running job (from completeListSize) and received so far, for the ETA.
        var expected: [String: (expected: Int, received: Int)] = [:]
        var lastPrint: Double = 0
    }

    private let state = Mutex(State())
    private let quiet: Bool
    /// True when the reporter shows nothing.
    public var isQuiet: Bool { quiet }
    private let started = Date()
    private let interactive: Bool
    private let minimumInterval: Double
    /// The items counted, nil for set jobs.
    private let itemLabel: String?

    /// What the reporter counts: set jobs (harvest), or single items named by the label (`identifiers`, `records`).
    public enum Unit: Sendable, Equatable {
        case sets
        case items(String)
        /// Gap filling's unit.
        public static let identifiers = Unit.items("identifiers")
        /// Measuring's unit.
        public static let records = Unit.items("records")
    }

    /// A reporter; `quiet` silences it; `interval` overrides the seconds between lines.
    public init(quiet: Bool, unit: Unit = .sets, interval: Double? = nil) {
        self.quiet = quiet
        if case .items(let label) = unit { itemLabel = label } else { itemLabel = nil }
        interactive = isatty(STDERR_FILENO) != 0
        minimumInterval = interval ?? (interactive ? 0.5 : 10)
    }

    /// The number of set jobs, or of items, the run will do.
    public func setTotal(_ total: Int) { state.withLock { $0.setsTotal = total } }
    /// `count` items are done (the item units' counter).
    public func advance(by count: Int) {
        guard count > 0 else { return }
        state.withLock { $0.records += count }
        show()
    }
    /// A set job started.
    public func jobStarted() { state.withLock { $0.setsRunning += 1 }; show() }
    /// A job that ended: counted done, shown with the next line that is due (a run of 5,000 one-page sets
    /// must not print 5,000 lines).
    public func jobEnded(job: String) {
        state.withLock {
            $0.setsRunning = max(0, $0.setsRunning - 1)
            $0.setsDone += 1
            $0.expected[job] = nil
        }
        show()
    }
    /// A job an earlier run finished: counted done without running.
    public func jobSkipped() { state.withLock { $0.setsDone += 1 } }
    /// A job that stopped and will run again later in the run.
    public func jobRequeued(job: String) {
        state.withLock {
            $0.setsRunning = max(0, $0.setsRunning - 1)
            $0.expected[job] = nil
        }
    }
    /// A job stored a page of `records`, `received` in all so far of the `expected` the repository announced.
    public func page(job: String, records: Int, received: Int, expected: Int?) {
        state.withLock {
            $0.records += records
            // completeListSize is the server's word: anything from Int.min to Int.max.
            if let expected { $0.expected[job] = (max(0, expected), max(0, received)) }
        }
        show()
    }
    /// A request was retried.
    public func retried() { state.withLock { $0.retries += 1 }; show() }

    /// What is counted so far.
    public var snapshot: State { state.withLock { $0 } }

    /// Records counted so far.
    public var records: Int { state.withLock { $0.records } }
    /// Retries counted so far.
    public var retries: Int { state.withLock { $0.retries } }

    /// Writes a progress line if enough time has passed since the last one.
    func show(force: Bool = false) {
        guard !quiet else { return }
        let now = Date().timeIntervalSince(started)
        let line: String? = state.withLock { s in
            guard force || now - s.lastPrint >= minimumInterval else { return nil }
            s.lastPrint = now
            return Self.line(s, seconds: now, items: itemLabel)
        }
        guard let line else { return }
        let output = interactive ? "\r\u{1B}[K" + line : line + "\n"
        FileHandle.standardError.write(Data(output.utf8))
    }

    /// Ends the progress display (a newline after an in-place line).
    public func finish() {
        guard !quiet else { return }
        show(force: true)
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// The progress line for `s`, `seconds` into the run.
    static func line(_ s: State, seconds now: Double, items: String?) -> String {
        let rate = now > 0 ? Double(s.records) / now : 0
        if let items {
            var text = "\(items) \(s.records)" + (s.setsTotal > 0 ? "/\(s.setsTotal)" : "") + " · " + String(format: "%.0f/s", rate)
            if items == "identifiers" { text += " · \(s.retries) retries" }
            if rate > 0, s.setsTotal > s.records {
                text += " · ETA " + duration(Double(s.setsTotal - s.records) / rate)
            }
            return text
        }
        var text = "sets \(s.setsDone)/\(s.setsTotal) done, \(s.setsRunning) running · \(s.records) records · "
            + String(format: "%.0f rec/s", rate) + " · \(s.retries) retries"
        let remaining = s.expected.values.reduce(0.0) { $0 + Double(max(0, $1.expected - $1.received)) }
        if remaining > 0, rate > 0 {
            text += " · ETA " + duration(remaining / rate) + " for running sets"
        }
        return text
    }

    /// A line on stderr that is not progress (a warning, a failed set), unless quiet; past `maximumNoteLength`
    /// characters (a server's 100 KB identifier, say) it is cut and says how long it was.
    public func note(_ message: String) {
        guard !quiet else { return }
        let prefix = interactive ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((prefix + Self.shortened(message) + "\n").utf8))
    }

    /// The longest note shown whole, in Unicode scalars.
    public static let maximumNoteLength = 1_000

    /// `message`, or its first `maximumNoteLength` Unicode scalars and how many bytes it had.
    public static func shortened(_ message: String, to limit: Int = maximumNoteLength) -> String {
        guard let head = head(of: message, scalars: limit) else { return message }
        return "\(head)… (\(message.utf8.count) bytes)"
    }

    /// The first `limit` Unicode scalars of `text`, or nil when it has no more than that (one character may hold
    /// any number of scalars, so characters would not bound the length).
    public static func head(of text: String, scalars limit: Int) -> String? {
        guard text.utf8.count > limit, text.unicodeScalars.count > limit else { return nil }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit))
        return String(scalars)
    }

    /// `seconds` as `7s`, `2m03s` or `1h05m`; `>99999h` beyond that or when not finite.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return seconds < 0 ? "0s" : ">99999h" }
        guard seconds < 99_999 * 3600 else { return ">99999h" }
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", (total % 3600) / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
