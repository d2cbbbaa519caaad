/// What showed two records to be duplicates, as the report names it.
public enum EvidenceKind: String, Sendable, CaseIterable {
    /// The same image URL (one that is no shared placeholder).
    case imageURL = "image-url"
    /// The same normalised title, creator and date (the title no template title).
    case titleCreatorDate = "title-creator-date"
    /// Word-shingle Jaccard similarity at or above the threshold.
    case minhash
    /// Thumbnails' pHash / dHash within the Hamming distance.
    case phash
    case dhash

    /// The kinds computed afresh from the stored keys on every run that changes anything.
    static let exact: [EvidenceKind] = [.imageURL, .titleCreatorDate]
    /// The kinds that come from thumbnails.
    static let image: [EvidenceKind] = [.phash, .dhash]
}
