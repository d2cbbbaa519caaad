import Foundation
import OAIPMH
import RecordStore
import ThresherCore

/// Gives thumbnails' perceptual hashes by URL: what the store keeps is used as it is; the other URLs are fetched
/// over HTTP (libcurl, the harvest's transport) on a few threads of their own, with retries under a `RetryPolicy`
/// for 5xx, 408, 429, timeouts and dropped connections, a per-host rate limit, timeouts and a size limit; decoded
/// (`ImageDecoder`), hashed (`PerceptualHash`), and kept in the store with their outcome. Hashes and permanent
/// failures (404, 410, other 4xx, too big, no decodable image) are never fetched again; transient failures (what
/// still failed after the retries) are kept with their reason and fetched again by the next call.
public final class ThumbnailHasher: ThumbnailHashing {
    /// The request settings thumbnails are fetched with unless told otherwise: 10 s to connect, 30 s without a byte,
    /// 60 s for a whole image.
    public static let defaultTransport = TransportConfiguration(connectTimeout: 10, readTimeout: 30, requestTimeout: 60)
    /// The retries unless told otherwise: 4 attempts, backoff from 1 s to 15 s, Retry-After honoured up to 60 s.
    public static let defaultRetryPolicy = RetryPolicy(maxAttempts: 4, base: 1, cap: 15, retryAfterCap: 60)
    /// The largest body accepted unless told otherwise: 5 MB.
    public static let defaultMaximumBytes = 5 * 1024 * 1024

    private let store: any ThumbnailHashStoring
    private let transport: TransportConfiguration
    private let retryPolicy: RetryPolicy
    private let concurrency: Int
    private let limiter: HostRateLimiter
    private let maximumBytes: Int
    private let maximumPixels: Int
    private let progress: (@Sendable (ThumbnailProgress) -> Void)?
    /// Results stored a batch at a time (a killed run loses at most this many fetches).
    private let batchSize = 32

    /// A hasher keeping its results in `store`. `concurrency` fetches run at once (at least 1); at most
    /// `requestsPerSecondPerHost` requests start per second to one host (nil: no limit); a body over `maximumBytes`
    /// or an image over `maximumPixels` is refused; `progress` is called after every URL (from the fetching threads).
    public init(store: any ThumbnailHashStoring, transport: TransportConfiguration = ThumbnailHasher.defaultTransport,
                retryPolicy: RetryPolicy = ThumbnailHasher.defaultRetryPolicy, concurrency: Int = 4,
                requestsPerSecondPerHost: Double? = 4, maximumBytes: Int = ThumbnailHasher.defaultMaximumBytes,
                maximumPixels: Int = ImageDecoder.defaultMaximumPixels,
                progress: (@Sendable (ThumbnailProgress) -> Void)? = nil) {
        self.store = store
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.concurrency = max(1, concurrency)
        self.limiter = HostRateLimiter(requestsPerSecond: requestsPerSecondPerHost)
        self.maximumBytes = maximumBytes
        self.maximumPixels = maximumPixels
        self.progress = progress
    }

    /// The hashes of each URL's image; URLs whose image could not be fetched or decoded are absent.
    /// Throws the store's `StoreError` when results cannot be read or kept.
    public func hashes(for urls: [String]) async throws -> [String: ImageHashes] {
        try await hashResults(for: urls).hashes
    }

    /// Hashes and failures of `urls` (empty strings are ignored, repeats count once), fetching those the store
    /// has no hashes or permanent failure for. Throws the store's `StoreError`.
    public func hashResults(for urls: [String]) async throws -> ThumbnailHashRun {
        var seen = Set<String>()
        let unique = urls.filter { !$0.isEmpty && seen.insert($0).inserted }
        let kept = try store.thumbnailHashes(urls: unique)
        var run = ThumbnailHashRun(hashes: [:], failures: [:], progress: ThumbnailProgress())
        run.progress.total = unique.count
        var pending: [String] = []
        for url in unique {
            guard let row = kept[url] else { pending.append(url); continue }
            if let phash = row.phash, let dhash = row.dhash {
                run.hashes[url] = ImageHashes(phash: phash, dhash: dhash)
            } else if !row.isTransient {
                run.failures[url] = (row.failure ?? "failed", false)
            } else {
                pending.append(url)
                continue
            }
            run.progress.cached += 1
            run.progress.done += 1
        }
        if let progress, run.progress.cached > 0 { progress(run.progress) }
        guard !pending.isEmpty else { return run }
        let start = run
        let list = pending
        let finished: ThumbnailHashRun = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(with: Result { () throws(StoreError) -> ThumbnailHashRun in try fetch(list, into: start) })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        return finished
    }

    /// Fetches and hashes `pending` on up to `concurrency` threads, storing results a batch at a time.
    private func fetch(_ pending: [String], into start: ThumbnailHashRun) throws(StoreError) -> ThumbnailHashRun {
        struct Shared: Sendable {
            var next = 0
            var run: ThumbnailHashRun
            var batch: [StoredThumbnailHash] = []
            var storeError: StoreError?
        }
        let shared = Locked(Shared(run: start))
        let store = self.store
        let batchSize = self.batchSize
        let flush: @Sendable (_ force: Bool) -> Void = { force in
            let rows = shared.withLock { state -> [StoredThumbnailHash] in
                guard state.storeError == nil, force || state.batch.count >= batchSize else { return [] }
                defer { state.batch.removeAll(keepingCapacity: true) }
                return state.batch
            }
            guard !rows.isEmpty else { return }
            do throws(StoreError) {
                try store.storeThumbnailHashes(rows)
            } catch {
                shared.withLock { state in if state.storeError == nil { state.storeError = error } }
            }
        }
        Parallel.run(min(concurrency, pending.count)) { [self] _ in
            let http = HTTPTransport(configuration: transport)
            var random = SystemRandomNumberGenerator()
            while true {
                let index = shared.withLock { state -> Int? in
                    guard state.storeError == nil, state.next < pending.count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index else { break }
                let url = pending[index]
                let (outcome, requests) = fetchAndHash(url, with: http, random: &random)
                let row: StoredThumbnailHash
                switch outcome {
                case .success(let hashes):
                    row = StoredThumbnailHash(url: url, phash: hashes.phash, dhash: hashes.dhash, failure: nil, isTransient: false,
                                              fetchedAt: Date().timeIntervalSince1970)
                case .failure(let failure):
                    row = StoredThumbnailHash(url: url, phash: nil, dhash: nil, failure: failure.description,
                                              isTransient: failure.isTransient, fetchedAt: Date().timeIntervalSince1970)
                }
                let counts = shared.withLock { state -> ThumbnailProgress in
                    state.batch.append(row)
                    state.run.progress.done += 1
                    state.run.progress.requests += requests
                    switch outcome {
                    case .success(let hashes):
                        state.run.hashes[url] = hashes
                        state.run.progress.hashed += 1
                    case .failure(let failure):
                        state.run.failures[url] = (failure.description, failure.isTransient)
                        state.run.progress.failed += 1
                    }
                    return state.run.progress
                }
                flush(false)
                progress?(counts)
            }
        }
        flush(true)
        let (run, storeError) = shared.withLock { state in (state.run, state.storeError) }
        if let storeError { throw storeError }
        return run
    }

    /// One URL: fetched (retried under the policy), size-checked, decoded and hashed. Also the requests it took.
    func fetchAndHash(_ url: String, with http: HTTPTransport,
                      random: inout some RandomNumberGenerator) -> (Result<ImageHashes, ThumbnailFailure>, Int) {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return (.failure(.notHTTP(url: url)), 0) }
        let host = HostRateLimiter.host(of: url)
        var attempt = 1
        while true {
            limiter.wait(host: host)
            let failure: OAIClientError
            do throws(TransportError) {
                let response = try http.perform(url: url, postBody: nil)
                if (200..<300).contains(response.status) {
                    return (hash(response.body), attempt)
                }
                failure = .httpStatus(code: response.status, retryAfter: OAIClient.retryAfter(response.headers["retry-after"]), url: url)
            } catch {
                failure = .transport(error)
            }
            if let delay = retryPolicy.delay(after: failure, attempt: attempt, random: &random) {
                if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                attempt += 1
                continue
            }
            switch failure {
            case .transport(let transportError): return (.failure(.transport(transportError)), attempt)
            case .httpStatus(let code, _, _): return (.failure(.httpStatus(code)), attempt)
            default: return (.failure(.httpStatus(0)), attempt)
            }
        }
    }

    /// A body's hashes, or why it has none.
    func hash(_ body: [UInt8]) -> Result<ImageHashes, ThumbnailFailure> {
        guard body.count <= maximumBytes else { return .failure(.tooBig(bytes: body.count, limit: maximumBytes)) }
        do throws(ImageError) {
            let gray = try ImageDecoder.decode(bytes: body, maximumPixels: maximumPixels)
            return .success(PerceptualHash.hashes(gray: gray))
        } catch {
            return .failure(.image(error))
        }
    }
}
