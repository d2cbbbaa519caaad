import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process that wrote harvest checkpoints, as the kernel knows it: its PID with its start time and the boot it
/// ran in, so that a PID reused after the process ended, or after a reboot, is not taken for the same process.
public struct HarvestProcess: Sendable, Equatable {
    /// The process id.
    public var pid: Int32
    /// When the process started, in clock ticks since boot (`/proc/PID/stat`, field 22); nil where unknown (not Linux).
    public var startTicks: Int64?
    /// The kernel's id of the boot the process ran in (`/proc/sys/kernel/random/boot_id`); nil where unknown.
    public var bootID: String?
    /// The machine the process ran on.
    public var host: String
    /// When the process first recorded itself (its first checkpoint written, in any store).
    public var startedAt: Date

    public init(pid: Int32, startTicks: Int64?, bootID: String?, host: String, startedAt: Date) {
        self.pid = pid
        self.startTicks = startTicks
        self.bootID = bootID
        self.host = host
        self.startedAt = startedAt
    }

    /// This process.
    public static let current = HarvestProcess(pid: getpid(), startTicks: startTicks(of: getpid()), bootID: currentBootID(),
                                               host: currentHost(), startedAt: Date())

    /// Whether this process still runs, as far as this machine can tell.
    public var liveness: Liveness {
        let here = Self.current
        guard host == here.host else { return .unknown("it ran on \(host)") }
        if let bootID, let currentBoot = here.bootID, bootID != currentBoot { return .gone }
        guard Self.exists(pid) else { return .gone }
        if let startTicks, let running = Self.startTicks(of: pid), running != startTicks { return .gone }
        return .alive
    }

    /// Whether a recorded process still runs.
    public enum Liveness: Sendable, Equatable {
        /// The same process (same PID, start time and boot) still runs.
        case alive
        /// It ended: no such PID, a zombie, or the PID now belongs to another process.
        case gone
        /// Cannot be told from here, and why (another host).
        case unknown(String)
    }

    /// True when a process with this PID exists and is not a zombie.
    static func exists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        #if os(Linux)
        guard let fields = statFields(of: pid) else { return false }
        // Field 3 (the first after the command): Z zombie, X dead.
        return fields.first != "Z" && fields.first != "X"
        #else
        return kill(pid, 0) == 0 || errno == EPERM
        #endif
    }

    /// The process's start time in clock ticks since boot (Linux), nil where unknown.
    static func startTicks(of pid: Int32) -> Int64? {
        #if os(Linux)
        // Fields after the command (field 2, in parentheses, may hold spaces and parentheses): field 22 is the 20th.
        guard let fields = statFields(of: pid), fields.count >= 20 else { return nil }
        return Int64(fields[19])
        #else
        return nil
        #endif
    }

    /// The fields of `/proc/PID/stat` after the command name (field 3 on), nil when there is no such process.
    static func statFields(of pid: Int32) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
    }

    static func currentBootID() -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return nil }
        let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }

    static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
