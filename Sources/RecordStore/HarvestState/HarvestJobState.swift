/// A stored harvest job as it stands now: its checkpoint, the process that last wrote it, and what its stored status
/// means today (a job stored as `running` whose process has ended was interrupted).
public struct HarvestJobState: Sendable, Equatable {
    /// The job's last checkpoint, as stored.
    public var checkpoint: SetCheckpoint
    /// The process that last wrote the checkpoint; nil for jobs stored before processes were recorded.
    public var process: HarvestProcess?
    /// What the stored status means now.
    public var status: ObservedJobStatus

    public init(checkpoint: SetCheckpoint, process: HarvestProcess?) {
        self.checkpoint = checkpoint
        self.process = process
        self.status = ObservedJobStatus(stored: checkpoint.status, process: process)
    }
}

/// A job's status as a reader sees it: a stored `running` is checked against the process that wrote it.
public enum ObservedJobStatus: Sendable, Equatable {
    /// Stored as running, and its process still runs.
    case running
    /// Stored as running, but its process has ended (killed, interrupted, or the machine rebooted), or it was
    /// stored before processes were recorded; the same harvest run again resumes it.
    case interrupted
    /// Stored as running by a process on another host, which cannot be checked from here.
    case runningElsewhere(host: String)
    /// Ended: complete, suspect end or failed.
    case ended(HarvestStatus)

    /// What the stored status and the process that wrote it mean now.
    public init(stored: HarvestStatus, process: HarvestProcess?) {
        guard stored == .running else {
            self = .ended(stored)
            return
        }
        // A running job recorded before processes were (no process) was written by an earlier Thresher, which
        // records no process: no harvest of this version is running it.
        guard let process else {
            self = .interrupted
            return
        }
        switch process.liveness {
        case .alive: self = .running
        case .gone: self = .interrupted
        case .unknown: self = .runningElsewhere(host: process.host)
        }
    }

    /// The status as `thresher status` shows it: `running`, `interrupted`, `running on HOST?`, or the stored one.
    public var label: String {
        switch self {
        case .running: return "running"
        case .interrupted: return "interrupted"
        case .runningElsewhere(let host): return "running on \(host)?"
        case .ended(let status): return status.rawValue
        }
    }
}
