/// Why a dedup run could not finish (nothing stored before is lost: each step's writes are transactions).
public enum DedupError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The threshold is outside (0, 1].
    case badThreshold(Double)
    /// The Hamming distance is outside 0...32.
    case badHamming(Int)
    /// The report file could not be written.
    case cannotWriteReport(path: String, reason: String)
    /// The thumbnail hasher failed as a whole.
    case thumbnails(String)

    public var description: String {
        switch self {
        case .badThreshold(let value): return "--threshold \(value): must be greater than 0 and at most 1"
        case .badHamming(let value): return "--hamming \(value): must be between 0 and 32"
        case .cannotWriteReport(let path, let reason): return "\(path): cannot write the dedup report: \(reason)"
        case .thumbnails(let reason): return "thumbnails: \(reason)"
        }
    }
}
