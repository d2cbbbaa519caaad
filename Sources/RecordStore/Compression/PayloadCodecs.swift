import ThresherCore

/// A store's zstd contexts and dictionaries, shared by its threads: each read or write takes a codec of its own for
/// its duration (contexts are not thread-safe) and gives it back; prepared dictionaries, keyed by their zstd id, are
/// shared by all.
final class PayloadCodecs: Sendable {
    /// How this store writes payloads.
    let compression: PayloadCompression
    private let idle = Locked<[PayloadCodec]>([])
    private let dictionaries = Locked<[UInt32: PayloadDictionary]>([:])

    init(compression: PayloadCompression) {
        self.compression = compression
    }

    /// Runs `body` with a codec no other thread uses meanwhile.
    func withCodec<R>(_ body: (PayloadCodec) throws -> R) throws -> R {
        let codec = try checkOut()
        defer { checkIn(codec) }
        return try body(codec)
    }

    /// A codec for this thread alone, until `checkIn`.
    func checkOut() throws -> PayloadCodec {
        if let codec = idle.withLock({ $0.popLast() }) { return codec }
        guard let codec = PayloadCodec(levels: (compression.level, compression.levelWithoutDictionary)) else {
            throw PayloadCodecError.failed("zstd could not make a context (out of memory)")
        }
        return codec
    }

    /// Gives back a codec from `checkOut` (a few are kept for the next reads).
    func checkIn(_ codec: PayloadCodec) {
        idle.withLock { codecs in
            if codecs.count < 16 { codecs.append(codec) }
        }
    }

    /// The prepared dictionary with this zstd id, preparing it from `bytes()` (the store's copy) the first time;
    /// nil when the store has none by that id.
    func dictionary(id: UInt32, bytes: () throws -> [UInt8]?) throws -> PayloadDictionary? {
        if let known = dictionaries.withLock({ $0[id] }) { return known }
        guard let stored = try bytes() else { return nil }
        guard let prepared = PayloadDictionary(bytes: stored, level: compression.level), prepared.id == id else {
            throw PayloadCodecError.corrupt("the store's dictionary \(id) is not a zstd dictionary")
        }
        return dictionaries.withLock { cache in
            if let other = cache[id] { return other }
            cache[id] = prepared
            return prepared
        }
    }
}
