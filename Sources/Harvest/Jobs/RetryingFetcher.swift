import ThresherCore
import Foundation
import OAIPMH

/// Sends OAI-PMH requests under the run's retry policy and politeness cap, reporting each retry.
struct RetryingFetcher: Sendable {
    let client: OAIClient
    let policy: RetryPolicy
    let limiter: RateLimiter
    let progress: ProgressReporter

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
    func walkList(_ first: OAIRequest, label: String, maxEmptyPages: Int,
                  _ page: (OAIResponse) -> Int) throws(OAIClientError) -> ListEnd {
        var request = first
        var tokens = SameBytesSet()  // tokens equal as Strings (NFC, NFD) may differ for the server
        var emptyPages = 0
        while true {
            let response = try fetch(request, label: label)
            emptyPages = page(response) == 0 ? emptyPages + 1 : 0
            let token = response.resumptionToken?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if token.isEmpty { return .complete }
            if !tokens.insert(token) { return .repeatedToken(token) }
            if emptyPages >= max(1, maxEmptyPages) { return .emptyPages(emptyPages) }
            request = .resumed(verb: first.verb, token: token)
        }
    }
}
