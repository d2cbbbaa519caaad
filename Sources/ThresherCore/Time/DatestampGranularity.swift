/// The two granularities of OAI-PMH datestamps, named as Identify states them.
public enum DatestampGranularity: String, Sendable, Equatable, CaseIterable {
    /// `YYYY-MM-DD`.
    case day = "YYYY-MM-DD"
    /// `YYYY-MM-DDThh:mm:ssZ`.
    case seconds = "YYYY-MM-DDThh:mm:ssZ"
}
