/// Which payloads a read brings with each record (the others stay nil): readers of headers only (ListIdentifiers,
/// counts) need neither, the data provider only the XML, the quality measurements only the JSON.
public struct RecordContent: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The converted JSON record.
    public static let json = RecordContent(rawValue: 1)
    /// The raw `<metadata>` payload XML.
    public static let xml = RecordContent(rawValue: 2)
    /// Both payloads.
    public static let all: RecordContent = [.json, .xml]
    /// Headers only.
    public static let none: RecordContent = []
}
