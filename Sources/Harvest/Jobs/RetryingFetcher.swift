import ThresherCore
import Foundation
import OAIPMH

/// Sends OAI-PMH requests under the run's retry policy and politeness cap, reporting each retry.
struct RetryingFetcher: Sendable {
    let client: OAIClient
    let policy: RetryPolicy
    let limiter: RateLimiter
    let progress: ProgressReporter

    /// Whether a failure of a run's first request is worth retrying: not when nothing listens at the endpoint
    /// (connection refused, unknown host) nor when it answered whole and readably with something other than
    /// OAI-PMH (an HTML page, JSON, another XML vocabulary, an empty body). Later in a run such an answer is a
    /// passing fault (a proxy's error page) and retried.
    static let firstRequestRetry: @Sendable (OAIClientError) -> Bool = { !$0.nothingListens && $0.foreignAnswer == nil }

    /// Performs `request`, retrying what the policy says is worth retrying; throws the last error otherwise.
    func fetch(_ request: OAIRequest, label: String, converter: PayloadConverter? = nil,
               retryIf: (OAIClientError) -> Bool = { _ in true },
               onRetry: () -> Void = {}) throws(OAIClientError) -> OAIResponse {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            limiter.wait()
            do {
                return try client.perform(request, converter: converter)
            } catch {
                guard retryIf(error), let delay = policy.delay(after: error, attempt: attempt, random: &generator) else {
                    throw error
                }
                onRetry()
                progress.retried()
                progress.note("\(label): attempt \(attempt) failed (\(error)); retrying in \(String(format: "%.1f", delay)) s")
                if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                attempt += 1
            }
        }
    }
}

/// How a list walk ended.
enum ListEnd: Equatable, CustomStringConvertible {
    /// A page without a resumption token: the whole list.
    case complete
    /// A token came back that an earlier page had given: the list ends there, perhaps incomplete.
    case repeatedToken(String)
    /// So many pages in a row held nothing but a fresh token: the list ends there, perhaps incomplete.
    case emptyPages(Int)

    var description: String {
        switch self {
        case .complete: return "the whole list"
        case .repeatedToken(let token): return "the resumption token \"\(ProgressReporter.shortened(token, to: 200))\" came back"
        case .emptyPages(let count): return "\(count) pages in a row held nothing new"
        }
    }
}

extension RetryingFetcher {
    /// Fetches the list `first` begins and every page its resumption tokens lead to, handing each page to `page`
    /// (which says how many items on it the list had not given before), until a page without a token; a token seen
    /// before, or `maxEmptyPages` pages in a row without new items, end the list early instead (runaway listings).
    /// `retryFirstIf` says which failures of the first request are retried (the run's first request retries fewer).
    func walkList(_ first: OAIRequest, label: String, maxEmptyPages: Int,
                  retryFirstIf: (OAIClientError) -> Bool = { _ in true },
                  _ page: (OAIResponse) -> Int) throws(OAIClientError) -> ListEnd {
        var request = first
        var tokens = SameBytesSet()  // tokens equal as Strings (NFC, NFD) may differ for the server
        var emptyPages = 0
        var isFirst = true
        while true {
            let response = try isFirst ? fetch(request, label: label, retryIf: retryFirstIf) : fetch(request, label: label)
            isFirst = false
            emptyPages = page(response) == 0 ? emptyPages + 1 : 0
            let token = response.resumptionToken?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if token.isEmpty { return .complete }
            if !tokens.insert(token) { return .repeatedToken(token) }
            if emptyPages >= max(1, maxEmptyPages) { return .emptyPages(emptyPages) }
            request = .resumed(verb: first.verb, token: token)
        }
    }
}
