/// How a store writes record payloads (the metadata XML and the JSON record). Reads never depend on it: a store
/// holds compressed and uncompressed payloads side by side and every reader gets the original bytes back.
public struct PayloadCompression: Sendable, Equatable {
    /// The ways of writing a payload.
    public enum Method: Sendable, Equatable {
        /// As UTF-8 text, as stores before schema `v6-compressed-payloads` hold them.
        case uncompressed
        /// As a zstd frame, with the dictionary trained for its metadata format and payload kind once there is one.
        case zstd
    }

    /// How payloads are written.
    public var method: Method
    /// The zstd compression level of payloads compressed with a dictionary.
    public var level: Int32
    /// The zstd level of payloads compressed without one: a format's first records (until its dictionary is trained,
    /// when they are compressed again with it) and every record of a format with too few records to train on. Payloads
    /// of 32 KiB or more get level 15 then (rare, and where the slower level gains most).
    public var levelWithoutDictionary: Int32
    /// How many payloads of a format (and kind) a dictionary is trained on: training starts when a page is written
    /// to a format that has at least this many live records, from its first ones. 250 by default: training takes
    /// about 1 ms per sample (both kinds) and every record before it is compressed without a dictionary (at level 9,
    /// ≈0.55 ms per EDM record), so 1,000 samples cost ≈1.6 s of a harvest's CPU per format, 250 ≈0.5 s; a dictionary
    /// from 250 generated EDM records compresses the rest 13.9× against 14.9× from 1,000.
    public var dictionarySamples: Int
    /// The largest dictionary trained, in bytes (at most a tenth of its samples' bytes, too).
    public var dictionarySize: Int

    /// Payloads written as text (today's stores; for comparisons).
    public static let uncompressed = PayloadCompression(method: .uncompressed)
    /// Payloads written as zstd frames with per-format dictionaries (the default).
    public static let zstd = PayloadCompression(method: .zstd)

    /// zstd with these settings (`dictionarySamples` lower than the default for small stores and tests).
    public static func zstd(level: Int32 = 3, levelWithoutDictionary: Int32 = 9, dictionarySamples: Int = 250,
                            dictionarySize: Int = 65_536) -> PayloadCompression {
        PayloadCompression(method: .zstd, level: level, levelWithoutDictionary: levelWithoutDictionary,
                           dictionarySamples: dictionarySamples, dictionarySize: dictionarySize)
    }

    /// Payloads written by `method` with these zstd settings (`dictionarySamples` at least 1, `dictionarySize` at least 1 KB).
    public init(method: Method, level: Int32 = 3, levelWithoutDictionary: Int32 = 9, dictionarySamples: Int = 250,
                dictionarySize: Int = 65_536) {
        self.method = method
        self.level = level
        self.levelWithoutDictionary = levelWithoutDictionary
        self.dictionarySamples = max(1, dictionarySamples)
        self.dictionarySize = max(1_024, dictionarySize)
    }
}

/// The two payloads a record carries; each has its own dictionaries.
enum PayloadKind: String, Sendable, CaseIterable {
    case xml
    case json

    /// The records column holding this payload.
    var column: String { self == .xml ? "metadata_xml" : "json" }
    /// The payload's name in messages.
    var label: String { self == .xml ? "metadata XML" : "JSON" }
}

extension PayloadCompression {
    /// The size of `payload` as the zstd frame this store would write for it without a dictionary (for reports and
    /// benchmarks).
    public func frameSize(of payload: [UInt8]) throws(StoreError) -> Int {
        guard let codec = PayloadCodec(levels: (level, levelWithoutDictionary)) else {
            throw .sqlite(path: "", operation: "compressing a payload", message: "zstd could not make a context")
        }
        do {
            return try payload.withUnsafeBytes { try codec.compress($0, dictionary: nil, kind: .xml) { $0.count } }
        } catch {
            throw .sqlite(path: "", operation: "compressing a payload", message: "\(error)")
        }
    }
}
