import Foundation
import RecordStore
import ThresherCore

/// Synthetic annotations for demos and tests: valid lines about the store's live records, the same for the same seed
/// and store (`thresher annotate --generate N | thresher annotate --input -`).
public enum AnnotationGenerator {
    static let tags = ["portrait", "landscape", "botany", "herbarium", "map", "manuscript", "photograph", "poster",
                       "textile", "ceramics", "sculpture", "music", "folk", "religion", "architecture", "war", "fashion",
                       "science", "medicine", "transport", "maritime", "childhood", "food", "sport", "nature", "animals",
                       "city", "industry", "art nouveau", "baroque"]
    static let comments = ["The colours are remarkable.", "Possibly the same object as in another collection.",
                           "Lovely detail in the lower corner.", "The date looks wrong to me.", "Used it in class today.",
                           "My grandmother had one just like this.", "The title does not match the image.",
                           "Great resolution, thank you for sharing.", "Is the creator really known?",
                           "Seen this in the museum last summer."]
    static let locations = ["Amsterdam", "Berlin", "Budapest", "Lisbon", "Paris", "Rome", "Vienna", "Warsaw", "Dublin",
                            "Athens", "Kraków", "Zürich"]
    /// The first timestamp: 2024-01-01T00:00:00Z.
    static let start = 1_704_067_200.0

    /// Hands `emit` `count` lines (`AnnotationLine`'s format) about the store's live records, drawn with `seed`.
    /// Timestamps grow from line to line, so the lines are distinct annotations.
    public static func generate(store: any AnnotationStoring, count: Int, seed: UInt64,
                                _ emit: (String) throws -> Void) throws {
        var identifiers: [String] = []
        var after: Int64?
        while true {
            let page: [(seq: Int64, identifier: String)]
            do { page = try store.liveIdentifiers(after: after, limit: 16_384) } catch { throw PipelineError.store(error) }
            guard let last = page.last else { break }
            identifiers += page.map(\.identifier)
            after = last.seq
        }
        guard !identifiers.isEmpty else { throw PipelineError.nothingToAnnotate(store: store.location) }
        var random = SplitMix64(seed: seed)
        for k in 0..<count {
            let guid = identifiers[random.next(identifiers.count)]
            let user = "user-\(random.next(40) + 1)"
            var chosen: [String] = []
            let tagCount = 2 + random.next(3)
            while chosen.count < tagCount {
                let tag = tags[random.next(tags.count)]
                if !chosen.contains(tag) { chosen.append(tag) }
            }
            let comment = comments[random.next(comments.count)]
            let seconds = start + Double(k) * 3_607 + Double(random.next(3_600))
            let timestamp = UTCDatestamp.format(Date(timeIntervalSince1970: seconds))
            let location = random.next(10) < 6 ? locations[random.next(locations.count)] : nil
            try emit(AnnotationLine.line(AnnotationInput(guid: guid, userId: user, timestamp: timestamp, givenTimestamp: timestamp,
                                                         tags: chosen, comment: comment, location: location)))
        }
    }
}
