import Foundation
import RecordStore

/// What dedup compares of one cleansed record: its exact keys and the normalised text its MinHash is made of.
public struct RecordKeys: Sendable, Equatable {
    /// The image URL as given (edm:isShownBy, else edm:object), white space trimmed; nil when none.
    public var imageURL: String?
    /// XXH64 of the image URL; nil when none.
    public var imageKey: UInt64?
    /// XXH64 of the normalised first title, creator and date; nil unless all three are there and the title is no
    /// template title.
    public var titleCreatorDateKey: UInt64?
    /// XXH64 of the normalised first title (nil when none or a template title) and of the normalised creators.
    public var titleKey: UInt64?
    public var creatorKey: UInt64?
    /// The normalised text the shingles are taken from: the titles that are no template titles, the creators and
    /// the descriptions; empty when it takes no part in MinHash (fewer than `WordShingles.size` words, or nothing
    /// but creators).
    public var text: [UInt8]

    /// The keys of `record`.
    public init(_ record: CleansedRecord) {
        let image = record.first("image").map(Self.trimmed) ?? ""
        imageURL = image.isEmpty ? nil : image
        imageKey = imageURL.map { Self.hash(Array($0.utf8)) }
        let titles = record.values("title").map { KeyNormalizer.normalizedBytes($0.text) }
            .filter { !TemplateTitles.isTemplate(String(decoding: $0, as: UTF8.self)) }
        let firstTitle = record.first("title").map { KeyNormalizer.normalizedBytes($0) } ?? []
        let titleUsable = !TemplateTitles.isTemplate(String(decoding: firstTitle, as: UTF8.self))
        let creator = KeyNormalizer.normalizedBytes(record.text("creator"))
        let date = KeyNormalizer.normalizedBytes(record.first("date") ?? "")
        titleKey = titleUsable ? Self.hash(firstTitle) : nil
        creatorKey = creator.isEmpty ? nil : Self.hash(creator)
        titleCreatorDateKey = titleUsable && !creator.isEmpty && !date.isEmpty
            ? Self.hash(firstTitle + [0x1F] + creator + [0x1F] + date) : nil
        let descriptions = record.values("description").map { KeyNormalizer.normalizedBytes($0.text) }.filter { !$0.isEmpty }
        let parts = titles.filter { !$0.isEmpty } + (creator.isEmpty ? [] : [creator]) + descriptions
        var joined: [UInt8] = []
        for part in parts {
            if !joined.isEmpty { joined.append(0x20) }
            joined += part
        }
        let words = joined.isEmpty ? 0 : joined.reduce(1) { $0 + ($1 == 0x20 ? 1 : 0) }
        let beyondCreator = titles.contains { !$0.isEmpty } || !descriptions.isEmpty
        text = words >= WordShingles.size && beyondCreator ? joined : []
    }

    /// `text` without leading and trailing white space and newlines (Foundation's, called only when the first or
    /// last byte is not a visible ASCII character).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// XXH64 of `bytes`.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { XXH64.hash($0) }
    }
}
