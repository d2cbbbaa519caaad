import Foundation

/// Stores a set's pages in order on a thread of its own, at most one page behind the fetching: the next page is
/// requested and read while the previous one is written. A page counts as stored (and its checkpoint as taken)
/// only once `finish()` has returned without an error after it.
final class PageWriter: Sendable {
    private let queue: DispatchQueue
    private let pending = DispatchGroup()
    private let failure = Locked<String?>(nil)

    init(label: String) {
        queue = DispatchQueue(label: "thresher.page-writer.\(label)")
    }

    /// Waits for the page being written, then starts writing this one. Returns the earlier page's failure, if any
    /// (and then does not start `write`).
    func submit(_ write: @escaping @Sendable () throws -> Void) -> String? {
        if let message = finish() { return message }
        pending.enter()
        queue.async { [pending, failure] in
            defer { pending.leave() }
            do { try write() } catch { failure.withLock { $0 = "\(error)" } }
        }
        return nil
    }

    /// Waits until every submitted page is written; the first failure, if any.
    func finish() -> String? {
        pending.wait()
        return failure.withLock { $0 }
    }
}
