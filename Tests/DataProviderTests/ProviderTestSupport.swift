import Foundation
import Testing
import TestSupport
@testable import DataProvider
import RecordStore

/// A store with 25 EDM records in odd and plain sets (3 deleted) and 2 oai_dc records.
func providerStore(_ dir: TemporaryDirectory) throws -> SQLiteRecordStore {
    let store = try SQLiteRecordStore(path: dir.path("p.sqlite"))
    var records: [RecordInput] = []
    for n in 1...25 {
        let set = ["Maps & Atlases", "Bibliothèque municipale", "plain"][n % 3]
        let deleted = n % 10 == 0
        let xml = #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="r\#(n)"><dc:title>Title \#(n) &amp; more</dc:title></rdf:Description></rdf:RDF>"#
        records.append(RecordInput(identifier: "oai:p:\(n)", datestamp: String(format: "2024-01-%02dT10:00:00Z", n), deleted: deleted,
                                   sets: n == 7 ? [set, "plain"] : [set], metadataXML: deleted ? nil : xml, json: deleted ? nil : "{}"))
    }
    try store.storeRecords(records, metadataPrefix: "edm")
    let dc = #"<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"><dc:title>Dublin</dc:title></oai_dc:dc>"#
    try store.storeRecords([RecordInput(identifier: "oai:p:1", datestamp: "2023-06-01", deleted: false, sets: ["plain"], metadataXML: dc, json: "{}"),
                            RecordInput(identifier: "oai:p:dc", datestamp: "2023-06-02", deleted: false, sets: [], metadataXML: dc, json: "{}")],
                           metadataPrefix: "oai_dc")
    try store.saveSets([SetInfo(spec: "Maps & Atlases", name: "Maps and atlases of the world")], endpoint: "e")
    return store
}

func provider(_ store: SQLiteRecordStore, pageSize: Int = 10) -> OAIDataProvider {
    OAIDataProvider(store: store, configuration: ProviderConfiguration(baseURL: "http://127.0.0.1:8080/oai", pageSize: pageSize,
                                                                       setPageSize: 2))
}

let fixedNow = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

extension OAIDataProvider {
    func text(_ query: String) -> String {
        respond(to: FormArguments.decode(query), now: fixedNow).text
    }
}

/// Every value of `<element>` in `xml`, in order.
func values(_ element: String, in xml: String) -> [String] {
    var result: [String] = []
    var rest = Substring(xml)
    while let open = rest.range(of: "<\(element)>") ?? rest.range(of: "<\(element) ") {
        rest = rest[open.upperBound...]
        if open.upperBound > open.lowerBound, xml[xml.index(before: open.upperBound)] == " " {
            guard let close = rest.firstIndex(of: ">") else { break }
            rest = rest[rest.index(after: close)...]
        }
        guard let end = rest.range(of: "</\(element)>") else { break }
        result.append(String(rest[..<end.lowerBound]))
        rest = rest[end.upperBound...]
    }
    return result
}

/// The resumption token text of a list page ("" for an empty element, nil when there is none).
func token(in xml: String) -> String? {
    guard let start = xml.range(of: "<resumptionToken") else { return nil }
    let rest = xml[start.upperBound...]
    guard let close = rest.firstIndex(of: ">") else { return nil }
    guard let end = rest.range(of: "</resumptionToken>") else { return "" }
    return String(rest[rest.index(after: close)..<end.lowerBound])
}

/// Validates `xml` with `xmllint --schema` against a schema in Tests/Fixtures/oai-pmh-schema; returns xmllint's complaint or nil.
/// The default is the official OAI-PMH.xsd with the `<metadata>` payload checked laxly (no EDM schema is at hand):
/// the same file with `processContents="lax"` in `metadataType` only.
func schemaErrors(_ xml: String, schema: String? = nil) throws -> String? {
    let dir = try TemporaryDirectory()
    let file = dir.path("response.xml")
    try Data(xml.utf8).write(to: URL(fileURLWithPath: file))
    var schemaPath = Fixtures.url("oai-pmh-schema/" + (schema ?? "OAI-PMH.xsd")).path
    if schema == nil {
        let official = try Fixtures.string("oai-pmh-schema/OAI-PMH.xsd")
        guard let type = official.range(of: #"<complexType name="metadataType">"#),
              let strict = official.range(of: #"processContents="strict""#, range: type.upperBound..<official.endIndex) else {
            return "OAI-PMH.xsd has no metadataType wildcard"
        }
        schemaPath = dir.path("OAI-PMH-lax-metadata.xsd")
        try Data(official.replacingCharacters(in: strict, with: #"processContents="lax""#).utf8).write(to: URL(fileURLWithPath: schemaPath))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
    process.arguments = ["--noout", "--nonet", "--schema", schemaPath, file]
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 ? nil : output
}
