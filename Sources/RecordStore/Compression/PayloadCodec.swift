import CZstd

/// Why a payload could not be compressed, decompressed or a dictionary trained.
enum PayloadCodecError: Error, CustomStringConvertible, Sendable {
    /// The stored bytes are not a zstd frame this store can read back.
    case corrupt(String)
    /// zstd failed (out of memory, a payload past the size limit, a training that found nothing to learn).
    case failed(String)

    var description: String {
        switch self {
        case .corrupt(let reason), .failed(let reason): return reason
        }
    }
}

/// A trained zstd dictionary in both of its prepared forms. Both are read-only once made (zstd allows one to be used
/// by many threads at once), so a store shares each dictionary between all of its threads.
final class PayloadDictionary: @unchecked Sendable {
    /// The dictionary's zstd id, written into every frame compressed with it.
    let id: UInt32
    /// The dictionary's bytes, as kept in the store.
    let bytes: [UInt8]
    let compression: OpaquePointer
    let decompression: OpaquePointer

    /// Prepares `bytes` (a zstd dictionary) for compression at `level` and for decompression; nil when zstd refuses them.
    init?(bytes: [UInt8], level: Int32) {
        let id = bytes.withUnsafeBytes { ZSTD_getDictID_fromDict($0.baseAddress, $0.count) }
        guard id != 0 else { return nil }
        guard let compression = bytes.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, level) }) else { return nil }
        guard let decompression = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else {
            ZSTD_freeCDict(compression)
            return nil
        }
        self.id = id
        self.bytes = bytes
        self.compression = compression
        self.decompression = decompression
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }
}

/// One thread's zstd contexts (a context is used by one thread at a time; `PayloadCodecs` hands them out), with a
/// reusable output buffer per payload kind.
final class PayloadCodec: @unchecked Sendable {
    /// The largest payload written or read back: SQLite's own limit on a text value, so that nothing is stored
    /// compressed that could not have been stored as text.
    static let maximumPayload = 1_000_000_000
    private let compressor: OpaquePointer
    private let decompressor: OpaquePointer
    private var buffers: [[UInt8]] = [[], []]
    private let levels: (dictionary: Int32, none: Int32)
    private var currentLevel: Int32

    /// Payloads at least this large compressed without a dictionary get `largeLevel` (at least): rare, and where a
    /// slower level gains most (the real fixture records: 3.1× smaller this way, 2.96× at level 9 throughout).
    static let largePayload = 32_768
    static let largeLevel: Int32 = 15

    /// Fresh contexts that compress with a checksum in every frame, at `levels.dictionary` with a dictionary and at
    /// `levels.none` without; nil when out of memory.
    init?(levels: (dictionary: Int32, none: Int32)) {
        guard let compressor = ZSTD_createCCtx() else { return nil }
        guard let decompressor = ZSTD_createDCtx() else {
            ZSTD_freeCCtx(compressor)
            return nil
        }
        self.compressor = compressor
        self.decompressor = decompressor
        self.levels = levels
        self.currentLevel = levels.dictionary
        ZSTD_CCtx_setParameter(compressor, ZSTD_c_compressionLevel, levels.dictionary)
        ZSTD_CCtx_setParameter(compressor, ZSTD_c_checksumFlag, 1)
        // ZSTD_c_forceAttachDict = ZSTD_dictForceAttach: use a dictionary's tables in place, never copy them into the
        // context per payload (zstd copies them for inputs above 8 KB at level 3; measured on 3,000 generated EDM
        // payloads, debug test build: 14.8 µs per payload attached, 77.5 µs copied).
        ZSTD_CCtx_setParameter(compressor, ZSTD_c_experimentalParam4, 1)
    }

    deinit {
        ZSTD_freeCCtx(compressor)
        ZSTD_freeDCtx(decompressor)
    }

    /// `source` as one zstd frame (with `dictionary`'s id when given), in this codec's buffer for `kind`: valid until
    /// the next call for the same kind.
    func compress<R>(_ source: UnsafeRawBufferPointer, dictionary: PayloadDictionary?, kind: PayloadKind,
                     _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard source.count <= Self.maximumPayload else {
            throw PayloadCodecError.failed("payload of \(source.count) bytes is larger than the store takes")
        }
        let slot = kind == .xml ? 0 : 1
        let bound = ZSTD_compressBound(source.count)
        if buffers[slot].count < bound { buffers[slot] = [UInt8](repeating: 0, count: max(bound, 16_384)) }
        let level = dictionary != nil ? levels.dictionary
            : source.count >= Self.largePayload ? max(levels.none, Self.largeLevel) : levels.none
        if level != currentLevel {
            currentLevel = level
            ZSTD_CCtx_setParameter(compressor, ZSTD_c_compressionLevel, level)
        }
        ZSTD_CCtx_refCDict(compressor, dictionary?.compression)
        let written = buffers[slot].withUnsafeMutableBytes { output in
            ZSTD_compress2(compressor, output.baseAddress, output.count, source.baseAddress, source.count)
        }
        if ZSTD_isError(written) != 0 { throw PayloadCodecError.failed(Self.message(written)) }
        return try buffers[slot].withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<written])) }
    }

    /// `source` as a new zstd frame (for writes outside the per-record path).
    func compressed(_ source: UnsafeRawBufferPointer, dictionary: PayloadDictionary?, kind: PayloadKind) throws -> [UInt8] {
        try compress(source, dictionary: dictionary, kind: kind) { [UInt8]($0) }
    }

    /// The id of the dictionary `frame` was compressed with (0: none); throws when it is not a zstd frame.
    static func dictionaryID(of frame: UnsafeRawBufferPointer) throws(PayloadCodecError) -> UInt32 {
        guard frame.count >= 4, frame.loadUnaligned(as: UInt32.self).littleEndian == 0xFD2F_B528 else {
            throw .corrupt("not a zstd frame")
        }
        return ZSTD_getDictID_fromFrame(frame.baseAddress, frame.count)
    }

    /// The bytes `frame` holds, decompressed with `dictionary` (which must be the one its id names).
    func decompress(_ frame: UnsafeRawBufferPointer, dictionary: PayloadDictionary?) throws(PayloadCodecError) -> [UInt8] {
        let size = try Self.contentSize(frame)
        var failure: PayloadCodecError?
        let result = [UInt8](unsafeUninitializedCapacity: size) { output, initialized in
            initialized = 0
            do throws(PayloadCodecError) {
                initialized = try decompress(frame, dictionary: dictionary, into: UnsafeMutableRawBufferPointer(output), size: size)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return result
    }

    /// `frame` decompressed as a UTF-8 string (invalid sequences replaced, as a text column would read).
    func decompressString(_ frame: UnsafeRawBufferPointer, dictionary: PayloadDictionary?) throws(PayloadCodecError) -> String {
        let size = try Self.contentSize(frame)
        var failure: PayloadCodecError?
        let text = String(unsafeUninitializedCapacity: size) { output in
            do throws(PayloadCodecError) {
                return try decompress(frame, dictionary: dictionary, into: UnsafeMutableRawBufferPointer(output), size: size)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return text
    }

    private static func contentSize(_ frame: UnsafeRawBufferPointer) throws(PayloadCodecError) -> Int {
        let size = ZSTD_getFrameContentSize(frame.baseAddress, frame.count)
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values: past the limit as well.
        guard size <= UInt64(maximumPayload) else {
            throw .corrupt(size >= UInt64.max - 1 ? "not a complete zstd frame" : "frame claims \(size) bytes")
        }
        return Int(size)
    }

    private func decompress(_ frame: UnsafeRawBufferPointer, dictionary: PayloadDictionary?,
                            into output: UnsafeMutableRawBufferPointer, size: Int) throws(PayloadCodecError) -> Int {
        let read = if let dictionary {
            ZSTD_decompress_usingDDict(decompressor, output.baseAddress, size, frame.baseAddress, frame.count, dictionary.decompression)
        } else {
            ZSTD_decompressDCtx(decompressor, output.baseAddress, size, frame.baseAddress, frame.count)
        }
        if ZSTD_isError(read) != 0 { throw .corrupt(Self.message(read)) }
        guard read == size else { throw .corrupt("frame holds \(read) bytes, its header says \(size)") }
        return read
    }

    /// A dictionary of at most `capacity` bytes trained on `samples` (zstd's default trainer, fastCover).
    static func trainDictionary(samples: [[UInt8]], capacity: Int) throws(PayloadCodecError) -> [UInt8] {
        var joined: [UInt8] = []
        joined.reserveCapacity(samples.reduce(0) { $0 + $1.count })
        for sample in samples { joined += sample }
        let sizes = samples.map(\.count)
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let written = dictionary.withUnsafeMutableBytes { output in
            joined.withUnsafeBytes { input in
                sizes.withUnsafeBufferPointer { sizes in
                    ZDICT_trainFromBuffer(output.baseAddress, output.count, input.baseAddress, sizes.baseAddress, UInt32(sizes.count))
                }
            }
        }
        if ZDICT_isError(written) != 0 {
            throw .failed(String(cString: ZDICT_getErrorName(written)))
        }
        dictionary.removeSubrange(written...)
        return dictionary
    }

    private static func message(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
