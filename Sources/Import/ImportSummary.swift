/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    /// Records new to the store.
    public var inserted = 0
    /// Records whose stored datestamp, status or content changed.
    public var updated = 0
    /// Records already stored as they came (their set memberships may have grown).
    public var unchanged = 0
    /// Records older than the stored ones: the newer content was kept.
    public var older = 0
    /// Deleted records among those read.
    public var deleted = 0
    /// Files (or ZIP entries) read.
    public var filesRead = 0
    /// Files, ZIP entries or whole inputs that could not be read: named, skipped.
    public var filesSkipped = 0
    /// JSON Lines lines that were not records: named, skipped.
    public var linesSkipped = 0
    /// Records stored with their XML only (conversion failed) or left out (no metadata), as the harvest reports them.
    public var recordProblems = 0
    /// Files in ZIPs and directories passed over by name (not `.xml`, `.rdf`, `.jsonl`, `.ndjson`; hidden files).
    public var ignored = 0

    public init() {}

    /// True when something was skipped: the command ends with exit status 1.
    public var skippedAny: Bool { filesSkipped > 0 || linesSkipped > 0 }

    /// Records stored new or changed.
    public var stored: Int { inserted + updated }

    /// The one-line summary: `imported 1200 record(s): 1000 new, 150 updated, 40 unchanged, 10 older than stored (kept
    /// the newer); 5 deleted; 3 file(s) skipped`.
    public var line: String {
        var text = "imported \(inserted + updated + unchanged) record(s): \(inserted) new, \(updated) updated, "
            + "\(unchanged - older) unchanged, \(older) older than stored (kept the newer), \(deleted) deleted"
        var notes: [String] = []
        if filesSkipped > 0 { notes.append("\(filesSkipped) file(s) skipped") }
        if linesSkipped > 0 { notes.append("\(linesSkipped) line(s) skipped") }
        if recordProblems > 0 { notes.append("\(recordProblems) record problem(s)") }
        if ignored > 0 { notes.append("\(ignored) file(s) not .xml/.rdf/.jsonl ignored") }
        if !notes.isEmpty { text += "; " + notes.joined(separator: ", ") }
        return text
    }
}
