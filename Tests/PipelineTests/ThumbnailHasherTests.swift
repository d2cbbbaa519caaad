import Foundation
import OAIPMH
import RecordStore
import Testing
import TestSupport
import ThresherCore
@testable import Pipeline

/// Thumbnails fetched from a server on loopback that fails and recovers; results kept in a real store.
@Suite struct ThumbnailHasherTests {
    /// A thumbnail server whose paths answer by script: the n-th request to a path gets the n-th reply of its
    /// script (the last one repeated).
    final class ThumbnailServer: Sendable {
        let server: LoopbackHTTPServer
        private let counts: Locked<[String: Int]>

        init(scripts: [String: [LoopbackHTTPServer.Reply]]) throws {
            let counts = Locked([String: Int]())
            self.counts = counts
            server = try LoopbackHTTPServer { request in
                let n = counts.withLock { counts -> Int in
                    counts[request.path, default: 0] += 1
                    return counts[request.path, default: 0]
                }
                guard let script = scripts[request.path], let last = script.last else {
                    return .respond(status: 404, headers: [:], body: Array("no such path".utf8))
                }
                return n <= script.count ? script[n - 1] : last
            }
        }

        func url(_ path: String) -> String { server.baseURL + path }
        func requests(_ path: String) -> Int { counts.withLock { $0[path] ?? 0 } }
        var total: Int { counts.withLock { $0.values.reduce(0, +) } }
    }

    static func image(_ name: String) throws -> [UInt8] { [UInt8](try Fixtures.data("images/\(name)")) }
    static func ok(_ body: [UInt8], type: String = "image/jpeg") -> LoopbackHTTPServer.Reply {
        .respond(status: 200, headers: ["Content-Type": type], body: body)
    }

    static func hasher(_ store: SQLiteRecordStore, progress: (@Sendable (ThumbnailProgress) -> Void)? = nil) -> ThumbnailHasher {
        ThumbnailHasher(store: store,
                        transport: TransportConfiguration(connectTimeout: 2, readTimeout: 1, requestTimeout: 0.5),
                        retryPolicy: RetryPolicy(maxAttempts: 3, base: 0.01, cap: 0.02, retryAfterCap: 0.05),
                        concurrency: 2, requestsPerSecondPerHost: nil, maximumBytes: 100_000, progress: progress)
    }

    @Test func retriesFailuresKeepsResultsAndFetchesEachURLOnce() async throws {
        let jpeg = try Self.image("base-q85.jpg")
        let png = try Self.image("base-palette.png")
        let thumbnails = try ThumbnailServer(scripts: [
            // 500, then no answer within the timeout, then the image: retried twice, hashed.
            "/flaky.jpg": [.respond(status: 500, headers: [:], body: []), .delay(seconds: 3, then: Self.ok(jpeg)), Self.ok(jpeg)],
            "/gone.jpg": [.respond(status: 404, headers: [:], body: Array("<html>gone</html>".utf8))],
            "/page.jpg": [Self.ok(Array("<!DOCTYPE html><html>Sorry</html>".utf8), type: "image/jpeg")],
            "/other.png": [Self.ok(png, type: "application/octet-stream")],
            // Down for the whole first run (3 attempts), up on the next.
            "/down.jpg": [.respond(status: 503, headers: [:], body: []), .respond(status: 503, headers: [:], body: []),
                          .respond(status: 503, headers: [:], body: []), Self.ok(jpeg)],
            "/big.jpg": [Self.ok(jpeg + Array(repeating: 0, count: 100_000))],
        ])
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("t.sqlite"))
        let urls = ["/flaky.jpg", "/gone.jpg", "/page.jpg", "/other.png", "/down.jpg", "/big.jpg", "/flaky.jpg"].map(thumbnails.url)
            + ["", "file:///etc/passwd"]
        let seen = Locked([ThumbnailProgress]())

        let first = try await Self.hasher(store, progress: { progress in seen.withLock { $0.append(progress) } }).hashResults(for: urls)
        #expect(Set(first.hashes.keys) == [thumbnails.url("/flaky.jpg"), thumbnails.url("/other.png")])
        #expect(first.hashes[thumbnails.url("/flaky.jpg")] == (try PerceptualHash.hashes(gray: ImageDecoder.decode(bytes: jpeg))))
        #expect(first.failures[thumbnails.url("/gone.jpg")]?.reason == "HTTP 404")
        #expect(first.failures[thumbnails.url("/gone.jpg")]?.isTransient == false)
        #expect(first.failures[thumbnails.url("/page.jpg")]?.reason == "not an image (starts with \"<!DOCTYPE html><html>Sor…\")")
        #expect(first.failures[thumbnails.url("/down.jpg")]?.reason == "HTTP 503")
        #expect(first.failures[thumbnails.url("/down.jpg")]?.isTransient == true)
        #expect(first.failures[thumbnails.url("/big.jpg")]?.reason == "\(jpeg.count + 100_000) bytes, over the limit of 100000")
        #expect(first.failures["file:///etc/passwd"]?.reason == "file:///etc/passwd: not an http(s) URL")
        #expect(thumbnails.requests("/flaky.jpg") == 3)
        #expect(thumbnails.requests("/down.jpg") == 3)
        #expect(thumbnails.total == 10)
        #expect(first.progress.total == 7 && first.progress.done == 7 && first.progress.hashed == 2 && first.progress.failed == 5)
        #expect(first.progress.requests == 10 && first.progress.cached == 0)
        #expect(seen.withLock { $0.count } == 7)
        #expect(try store.thumbnailHashCounts() == ThumbnailHashCounts(hashed: 2, permanentFailures: 4, transientFailures: 1))

        // A later run: only the transient failure is fetched again (and now succeeds); nothing else is requested.
        let second = try await Self.hasher(store).hashResults(for: urls)
        #expect(thumbnails.requests("/down.jpg") == 4)
        #expect(thumbnails.total == 11)
        #expect(Set(second.hashes.keys) == [thumbnails.url("/flaky.jpg"), thumbnails.url("/other.png"), thumbnails.url("/down.jpg")])
        #expect(second.progress.cached == 6 && second.progress.requests == 1)
        #expect(try store.thumbnailHashes(urls: [thumbnails.url("/down.jpg")])[thumbnails.url("/down.jpg")]?.attempts == 2)

        // And a third: no request at all, the same hashes (through the protocol's entry point).
        let third = try await Self.hasher(store).hashes(for: urls)
        #expect(thumbnails.total == 11)
        #expect(third == second.hashes)
        #expect(thumbnails.requests("/gone.jpg") == 1)
    }

    @Test func connectionRefusedIsTransient() async throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("t.sqlite"))
        // A port nothing listens on: a server started and stopped.
        let closed = try LoopbackHTTPServer { _ in .drop }
        let url = closed.baseURL + "/x.jpg"
        closed.stop()
        try await Task.sleep(for: .milliseconds(50))
        let run = try await Self.hasher(store).hashResults(for: [url])
        #expect(run.hashes.isEmpty)
        #expect(run.failures[url]?.isTransient == true)
        #expect(run.progress.requests == 3)
    }

    @Test func rateLimitIsPerHost() {
        // A clock that stands still at 100 s: every wait is recorded, none is slept.
        let waits = Locked([Double]())
        let limiter = HostRateLimiter(requestsPerSecond: 4, now: { 100 }, sleep: { seconds in waits.withLock { $0.append(seconds) } })
        for url in ["http://a.example/1", "http://A.example/2", "http://b.example/1", "http://a.example/3"] {
            limiter.wait(host: HostRateLimiter.host(of: url))
        }
        #expect(waits.withLock { $0 } == [0.25, 0.5])  // a.example's 2nd and 3rd request; b.example's 1st waits not
        #expect(HostRateLimiter.host(of: "not a url") == "")
    }

    @Test func storeKeepsHashesFailuresAndAttempts() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteRecordStore(path: dir.path("t.sqlite"))
        let rows = [
            StoredThumbnailHash(url: "http://a/1", phash: 0xFFFF_0000_0000_0001, dhash: 0x8000_0000_0000_0000, failure: nil,
                                isTransient: false, fetchedAt: 1),
            StoredThumbnailHash(url: "http://a/2", phash: nil, dhash: nil, failure: "HTTP 410", isTransient: false, fetchedAt: 2),
            StoredThumbnailHash(url: "http://a/3", phash: nil, dhash: nil, failure: "HTTP 502", isTransient: true, fetchedAt: 3),
        ]
        try store.storeThumbnailHashes(rows)
        #expect(try store.thumbnailHashes(urls: ["http://a/1", "http://a/2", "http://a/3", "http://a/4"])
                == Dictionary(uniqueKeysWithValues: rows.map { ($0.url, $0) }))
        try store.storeThumbnailHashes([StoredThumbnailHash(url: "http://a/3", phash: 1, dhash: 2, failure: nil, isTransient: false, fetchedAt: 4)])
        let again = try store.thumbnailHashes(urls: ["http://a/3"])["http://a/3"]
        #expect(again == StoredThumbnailHash(url: "http://a/3", phash: 1, dhash: 2, failure: nil, isTransient: false, attempts: 2, fetchedAt: 4))
        #expect(try store.thumbnailHashCounts() == ThumbnailHashCounts(hashed: 2, permanentFailures: 1, transientFailures: 0))
    }
}
