import Foundation
import ThresherCore

/// One record found similar: its identifier as harvested, its cosine to the query, its title (from its cleansed
/// view) and its dataset (its first set).
public struct SimilarHit: Sendable, Equatable {
    /// The record's identifier as harvested.
    public var id: String
    /// The cosine of its vector and the query's.
    public var score: Float
    /// Its first title, when it has one.
    public var title: String?
    /// Its first set, when it has one.
    public var dataset: String?

    public init(id: String, score: Float, title: String?, dataset: String?) {
        self.id = id
        self.score = score
        self.title = title
        self.dataset = dataset
    }

    /// The score with four decimals.
    public var formattedScore: String { String(format: "%.4f", Double(score)) }

    /// The hits as text lines: rank, score (four decimals), id, title and dataset, separated by tabs (an empty
    /// field for a missing title or dataset; tabs and line breaks in a title become spaces).
    public static func text(_ hits: [SimilarHit]) -> String {
        hits.enumerated().map { rank, hit in
            [String(rank + 1), hit.formattedScore, hit.id, oneLine(hit.title ?? ""), oneLine(hit.dataset ?? "")]
                .joined(separator: "\t") + "\n"
        }.joined()
    }

    /// The hits as one JSON array of `{"id","score","title","dataset"}` objects, best first, on one line (score with
    /// four decimals; null for a missing title or dataset).
    public static func json(_ hits: [SimilarHit]) -> String {
        "[" + hits.map { hit in
            "{\"id\":" + JSONEscaping.quoted(hit.id) + ",\"score\":" + hit.formattedScore
                + ",\"title\":" + (hit.title.map(JSONEscaping.quoted) ?? "null")
                + ",\"dataset\":" + (hit.dataset.map(JSONEscaping.quoted) ?? "null") + "}"
        }.joined(separator: ",") + "]\n"
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
