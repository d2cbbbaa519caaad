import Foundation
import Synchronization

/// The set directory of the served store, rebuilt at most every few seconds (building it reads every
/// set membership, which would otherwise cost each list page as much as the page itself).
final class DirectoryCache: Sendable {
    private let entry = Mutex<(built: Date, directory: SetDirectory)?>(nil)
    private let lifetime: TimeInterval

    init(lifetime: TimeInterval = 5) {
        self.lifetime = lifetime
    }

    /// The cached directory, or a new one from `build` when the cached one is older than the lifetime.
    func directory(now: Date = Date(), build: () throws -> SetDirectory) rethrows -> SetDirectory {
        if let cached = entry.withLock({ $0 }), now.timeIntervalSince(cached.built) < lifetime, now >= cached.built {
            return cached.directory
        }
        let directory = try build()
        entry.withLock { $0 = (now, directory) }
        return directory
    }
}
