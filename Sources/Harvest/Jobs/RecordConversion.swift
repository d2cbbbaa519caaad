import ThresherCore
import EDM
import OAIPMH
import RecordStore

/// Turns a listed OAI-PMH record into what the store keeps: raw metadata XML and its JSON conversion (public for
/// `Import`, which stores OAI-PMH response files as a harvest stores pages).
public enum RecordConversion {
    /// A header value quoted for a message, at most 40 Unicode scalars of it.
    static func shown(_ value: String) -> String {
        guard let head = ProgressReporter.head(of: value, scalars: 40) else { return "\"\(value)\"" }
        return "\"\(head)…\" (\(value.utf8.count) bytes)"
    }

    /// Converts payloads to the JSON record shape while pages are parsed (header identifier and setSpecs).
    public static let converter: PayloadConverter = { payload, header in
        PayloadText(bytes: try RecordConverter.jsonBytes(tree: payload, identifier: header.identifier, sets: header.setSpecs))
    }

    /// The store's inputs for a page's `records` (see `input(for:harvestedSet:problems:)`), the latest datestamp
    /// among them that can be read, and how many live records among them kept no JSON because their metadata could
    /// not be converted. A datestamp that cannot be read is reported: stored as sent, it never outranks a readable
    /// one and never becomes an incremental harvest's start.
    public static func inputs(for records: [OAIRecord], harvestedSet: String?,
                              problems: inout [String]) -> (inputs: [RecordInput], latestDatestamp: String?, unconverted: Int) {
        var inputs: [RecordInput] = []
        inputs.reserveCapacity(records.count)
        var latest: String?
        var unconverted = 0
        for record in records {
            guard let input = input(for: record, harvestedSet: harvestedSet, problems: &problems) else { continue }
            if !input.deleted, input.jsonBytes == nil { unconverted += 1 }
            if let seconds = Datestamp.readable(input.datestamp) {
                latest = Datestamp.later(latest, seconds)
            } else {
                problems.append("\(input.identifier): datestamp \(Self.shown(input.datestamp)) is not a datestamp; "
                                + "stored as sent, it never outranks a readable one")
            }
            inputs.append(input)
        }
        return (inputs, latest, unconverted)
    }

    /// The store's input for `record`, with `harvestedSet` added to its memberships.
    /// A record whose metadata cannot be converted keeps its raw XML (JSON nil) and is reported in `problems`.
    /// A record that is not deleted but has no metadata (`<metadata/>`, or none at all) is reported and left
    /// out (nil): storing it would replace the record's content with nothing.
    static func input(for record: OAIRecord, harvestedSet: String?, problems: inout [String]) -> RecordInput? {
        let header = record.header
        guard header.hasIdentifier else {
            problems.append("a record without an identifier (datestamp \(Self.shown(header.datestamp))) was not stored")
            return nil
        }

        var sets = header.setSpecs
        if let harvestedSet, !sets.containsSameBytes(as: harvestedSet) { sets.append(harvestedSet) }
        if !header.isDeleted, let xml = record.metadataBytes {
            // Read with `converter`: kept and converted while the page was parsed.
            var json: [UInt8]?
            switch record.converted {
            case .success(let text): json = text.bytes
            case .failure(let failure): problems.append("conversion failed: \(header.identifier): \(failure)")
            case nil: break
            }
            return RecordInput(identifier: header.identifier, datestamp: header.datestamp, deleted: false,
                               sets: sets, metadataBytes: xml, jsonBytes: json)
        }
        if header.isDeleted {
            return RecordInput(identifier: header.identifier, datestamp: header.datestamp, deleted: true,
                               sets: sets, metadataXML: nil, json: nil)
        }
        guard let metadata = record.metadata, let root = metadata.root else {
            problems.append("\(header.identifier): the record has no metadata (not deleted, and <metadata> is empty); not stored")
            return nil
        }
        let xml = metadata.xmlString
        var json: String?
        do {
            json = try RecordConverter.json(metadata: root, identifier: header.identifier, sets: header.setSpecs)
        } catch {
            problems.append("conversion failed: \(header.identifier): \(error)")
        }
        return RecordInput(identifier: header.identifier, datestamp: header.datestamp, deleted: false,
                           sets: sets, metadataXML: xml, json: json)
    }
}
