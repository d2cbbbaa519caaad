import Foundation
import Testing
import TestSupport
import ZIPFoundation
@testable import Import
import RecordStore
import ThresherCore

/// A small EDM RDF/XML record as Europeana's dataset dumps hold them (one a file), identified by `about`.
func edmRecord(_ about: String, title: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" \
    xmlns:edm="http://www.europeana.eu/schemas/edm/" xmlns:ore="http://www.openarchives.org/ore/terms/">
      <edm:ProvidedCHO rdf:about="\(about)"><dc:title xml:lang="en">\(title)</dc:title></edm:ProvidedCHO>
      <ore:Aggregation rdf:about="\(about)#aggregation"><edm:aggregatedCHO rdf:resource="\(about)"/></ore:Aggregation>
    </rdf:RDF>

    """
}

/// The root element of an EDM file as the import stores it: from its start tag, trailing white space trimmed.
func storedXML(_ file: String) -> String {
    let start = file.range(of: "<rdf:RDF")!.lowerBound
    return String(file[start...]).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A ZIP at `path` with these entries (name, bytes), each modified at `modified`.
func makeZIP(_ path: String, _ entries: [(String, [UInt8])], modified: Date, compressed: Bool = true) throws {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    for (name, bytes) in entries {
        let data = Data(bytes)
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                             compressionMethod: compressed ? .deflate : .none) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
}

/// An import with its problems collected.
final class Collected: @unchecked Sendable {
    var problems: [ImportError] = []
}

func runImport(_ store: SQLiteRecordStore, _ inputs: [String], set: String? = nil, prefix: String = "edm",
               pageSize: Int = 500) throws -> (summary: ImportSummary, problems: [ImportError]) {
    let collected = Collected()
    let importer = Importer(store: store, options: ImportOptions(metadataPrefix: prefix, set: set, pageSize: pageSize),
                            progress: ProgressReporter(quiet: true, unit: .records), report: { collected.problems.append($0) })
    let summary = try importer.run(inputs: inputs)
    return (summary, collected.problems)
}

/// Every record of the store, in seq order, with both payloads.
func allRecords(_ store: SQLiteRecordStore) throws -> [StoredRecord] {
    var records: [StoredRecord] = []
    try store.forEachRecord(RecordQuery()) { records.append($0) }
    return records
}

/// 2023-11-14T22:13:20Z: an even second (ZIP times have two-second steps).
let entryDate = Date(timeIntervalSince1970: 1_700_000_000)
