import ThresherCore
import OAIPMH
import Foundation
import RecordStore

/// Thresher's own OAI-PMH 2.0 data provider over a record store: a pure function from a request's
/// arguments to a response, so it runs behind any HTTP server (Hummingbird in `serve-oai`, loopback
/// servers in tests).
///
/// Deleted records are reported (`deletedRecord` is `transient`: a store keeps the deletions it
/// harvested, with no promise that it saw them all). Set names that break the setSpec syntax are
/// published under an escaped spec (`SetSpec.escaped`) with the original name as setName.
public struct OAIDataProvider: Sendable {
    /// The store served.
    public let store: any RecordStoring
    /// How the provider describes itself and pages lists.
    public let configuration: ProviderConfiguration
    private let directories = DirectoryCache()

    public init(store: any RecordStoring, configuration: ProviderConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// The response to one request; `arguments` are decoded, in order, possibly repeated.
    public func respond(to arguments: [(String, String)], now: Date = Date()) -> ProviderResponse {
        var output = XMLOutput(capacity: 16_384)
        output.markup(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        output.markup(#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">"#)
        output.element("responseDate", UTCDatestamp.format(now))
        do {
            switch ProviderRequest.parse(arguments) {
            case .failure(let error):
                writeRequest(&output, echo: [])
                writeError(&output, error)
            case .success(let request):
                var body = XMLOutput(capacity: 16_384)
                do {
                    try answer(request, into: &body)
                    writeRequest(&output, echo: request.echo)
                    output.markup(String(decoding: body.bytes, as: UTF8.self))
                } catch let error as OAIError {
                    writeRequest(&output, echo: error.suppressesRequestAttributes ? [] : request.echo)
                    writeError(&output, error)
                }
            }
        } catch {
            let message = "thresher: the record store failed: \(error)"
            return ProviderResponse(status: 500, contentType: "text/plain; charset=utf-8", body: Array(message.utf8))
        }
        output.markup("</OAI-PMH>")
        return ProviderResponse(status: 200, contentType: ProviderResponse.xmlContentType, body: output.bytes)
    }

    // MARK: - Envelope

    private func writeRequest(_ output: inout XMLOutput, echo: [(String, String)]) {
        output.markup("<request")
        for (name, value) in echo { output.attribute(name, value) }
        output.markup(">")
        output.text(configuration.baseURL)
        output.markup("</request>")
    }

    private func writeError(_ output: inout XMLOutput, _ error: OAIError) {
        output.markup("<error")
        output.attribute("code", error.code)
        output.markup(">")
        output.text(error.message)
        output.markup("</error>")
    }

    // MARK: - Verbs

    private func answer(_ request: ProviderRequest, into output: inout XMLOutput) throws {
        switch request.kind {
        case .identify:
            try identify(into: &output)
        case .listMetadataFormats(let identifier):
            try listMetadataFormats(identifier: identifier, into: &output)
        case .listSets(let token):
            try listSets(token: token, into: &output)
        case .getRecord(let identifier, let prefix):
            try getRecord(identifier: identifier, metadataPrefix: prefix, into: &output)
        case .listIdentifiers(let start):
            try list(start, records: false, into: &output)
        case .listRecords(let start):
            try list(start, records: true, into: &output)
        }
    }

    private func identify(into output: inout XMLOutput) throws {
        let earliest = try store.earliestDatestamp().flatMap(UTCDatestamp.normalise) ?? "1970-01-01T00:00:00Z"
        output.markup("<Identify>")
        output.element("repositoryName", configuration.repositoryName)
        output.element("baseURL", configuration.baseURL)
        output.element("protocolVersion", "2.0")
        output.element("adminEmail", configuration.adminEmail)
        output.element("earliestDatestamp", earliest)
        output.element("deletedRecord", "transient")
        output.element("granularity", "YYYY-MM-DDThh:mm:ssZ")
        output.markup("</Identify>")
    }

    private func listMetadataFormats(identifier: String?, into output: inout XMLOutput) throws {
        var prefixes = try store.metadataPrefixes()
        if let identifier {
            prefixes = try prefixes.filter { try store.record(identifier: identifier, metadataPrefix: $0).map(Self.isOffered) == true }
            if prefixes.isEmpty { throw OAIError.idDoesNotExist("No item has the identifier '\(identifier)'.") }
        }
        guard !prefixes.isEmpty else { throw OAIError.noMetadataFormats("The repository holds no records yet.") }
        output.markup("<ListMetadataFormats>")
        for prefix in prefixes {
            let format = try metadataFormat(prefix)
            output.markup("<metadataFormat>")
            output.element("metadataPrefix", prefix)
            output.element("schema", format.schema)
            output.element("metadataNamespace", format.namespace)
            output.markup("</metadataFormat>")
        }
        output.markup("</ListMetadataFormats>")
    }

    /// A known format, or one described from a stored record's root element namespace.
    private func metadataFormat(_ prefix: String) throws -> MetadataFormat {
        if let known = configuration.metadataFormats[prefix] { return known }
        let sample = try store.records(RecordQuery(metadataPrefix: prefix, includeDeleted: false, withXMLOnly: true), limit: 1).first
        let namespace = sample?.metadataXML.flatMap(RootNamespace.of) ?? "urn:thresher:format:\(prefix)"
        return MetadataFormat(schema: namespace, namespace: namespace)
    }

    private func setDirectory() throws -> SetDirectory {
        try directories.directory { SetDirectory(names: try store.setSpecs()) }
    }

    private func listSets(token: String?, into output: inout XMLOutput) throws {
        let directory = try setDirectory()
        let names = directory.published.keys.sorted { directory.published[$0] ?? $0 < directory.published[$1] ?? $1 }
        guard !names.isEmpty else { throw OAIError.noSetHierarchy("This repository has no sets.") }
        var start = 0
        if let token {
            guard let decoded = ListToken(decoding: token), decoded.metadataPrefix.isEmpty, decoded.after >= 0,
                  Int(decoded.after) <= names.count else {
                throw OAIError.badResumptionToken("The resumption token is invalid.")
            }
            start = Int(decoded.after)
        }
        let known = Dictionary(try store.sets().map { ($0.spec, $0.name) }, uniquingKeysWith: { first, _ in first })
        let end = min(names.count, start + configuration.setPageSize)
        output.markup("<ListSets>")
        for name in names[start..<end] {
            output.markup("<set>")
            output.element("setSpec", directory.published[name] ?? name)
            output.element("setName", known[name] ?? name)
            output.markup("</set>")
        }
        if end < names.count || token != nil {
            let next = end < names.count
                ? ListToken(metadataPrefix: "", set: nil, from: nil, until: nil, after: Int64(end), cursor: end,
                            completeListSize: names.count).encoded : ""
            writeToken(&output, next, completeListSize: names.count, cursor: start)
        }
        output.markup("</ListSets>")
    }

    private func getRecord(identifier: String, metadataPrefix: String, into output: inout XMLOutput) throws {
        guard let record = try store.record(identifier: identifier, metadataPrefix: metadataPrefix), Self.isOffered(record) else {
            let formats = try store.metadataPrefixes()
            if try formats.contains(where: { try store.record(identifier: identifier, metadataPrefix: $0).map(Self.isOffered) == true }) {
                throw OAIError.cannotDisseminateFormat("The item '\(identifier)' is not available as '\(metadataPrefix)'.")
            }
            throw OAIError.idDoesNotExist("No item has the identifier '\(identifier)'.")
        }
        let directory = try setDirectory()
        output.markup("<GetRecord>")
        writeRecord(&output, record, withMetadata: true, directory: directory)
        output.markup("</GetRecord>")
    }

    private func list(_ start: ProviderRequest.ListStart, records withMetadata: Bool, into output: inout XMLOutput) throws {
        let directory = try setDirectory()
        var token: ListToken
        switch start {
        case .resumed(let text):
            guard let decoded = ListToken(decoding: text), !decoded.metadataPrefix.isEmpty else {
                throw OAIError.badResumptionToken("The resumption token is invalid or expired.")
            }
            token = decoded
        case .fresh(let prefix, let spec, let from, let until):
            guard try store.metadataPrefixes().contains(prefix) else {
                throw OAIError.cannotDisseminateFormat("The format '\(prefix)' is not available here.")
            }
            var set: String?
            if let spec {
                guard !directory.published.isEmpty else { throw OAIError.noSetHierarchy("This repository has no sets.") }
                guard let name = directory.stored[spec] else { throw OAIError.noRecordsMatch("No set '\(spec)'.") }
                set = name
            }
            let query = RecordQuery(metadataPrefix: prefix, set: set, from: from?.start, until: until?.end, withXMLOnly: true)
            let total = try store.count(query)
            guard total > 0 else { throw OAIError.noRecordsMatch("No records match the request.") }
            token = ListToken(metadataPrefix: prefix, set: set, from: from?.start, until: until?.end, after: 0, cursor: 0,
                              completeListSize: total)
        }
        let query = RecordQuery(metadataPrefix: token.metadataPrefix, set: token.set, from: token.from, until: token.until,
                                withXMLOnly: true)
        let page = try store.records(query, after: token.after == 0 ? nil : token.after, limit: configuration.pageSize + 1,
                                     content: withMetadata ? .xml : .none)
        let items = page.prefix(configuration.pageSize)
        let element = withMetadata ? "ListRecords" : "ListIdentifiers"
        if items.isEmpty, case .fresh = start {
            throw OAIError.noRecordsMatch("No records match the request.")
        }
        output.markup("<\(element)>")
        for record in items {
            if withMetadata {
                writeRecord(&output, record, withMetadata: true, directory: directory)
            } else {
                writeHeader(&output, record, directory: directory)
            }
        }
        let sent = token.cursor + items.count
        let size = max(token.completeListSize, sent)
        if page.count > configuration.pageSize, let last = items.last {
            let next = ListToken(metadataPrefix: token.metadataPrefix, set: token.set, from: token.from, until: token.until,
                                 after: last.seq, cursor: sent, completeListSize: size)
            writeToken(&output, next.encoded, completeListSize: size, cursor: token.cursor)
        } else if case .resumed = start {
            writeToken(&output, "", completeListSize: size, cursor: token.cursor)
        }
        output.markup("</\(element)>")
    }

    // MARK: - Records

    /// Whether a stored record is published: the provider publishes XML, so a live record stored without it (imported
    /// from JSON Lines) is not.
    static func isOffered(_ record: StoredRecord) -> Bool { record.deleted || record.metadataXML != nil }

    private func writeHeader(_ output: inout XMLOutput, _ record: StoredRecord, directory: SetDirectory) {
        output.markup(record.deleted ? #"<header status="deleted">"# : "<header>")
        output.element("identifier", record.identifier)
        output.element("datestamp", UTCDatestamp.normalise(record.datestamp) ?? record.datestamp)
        for set in record.sets {
            output.element("setSpec", directory.published[set] ?? SetSpec.escaped(set))
        }
        output.markup("</header>")
    }

    private func writeRecord(_ output: inout XMLOutput, _ record: StoredRecord, withMetadata: Bool, directory: SetDirectory) {
        output.markup("<record>")
        writeHeader(&output, record, directory: directory)
        if withMetadata, !record.deleted, let xml = record.metadataXML {
            output.markup("<metadata>")
            output.fragment(xml)
            output.markup("</metadata>")
        }
        output.markup("</record>")
    }

    private func writeToken(_ output: inout XMLOutput, _ token: String, completeListSize: Int, cursor: Int) {
        output.markup("<resumptionToken")
        output.attribute("completeListSize", String(completeListSize))
        output.attribute("cursor", String(cursor))
        output.markup(">")
        output.text(token)
        output.markup("</resumptionToken>")
    }
}

/// The namespace URI of a stored payload's root element, read from its start tag.
enum RootNamespace {
    static func of(_ xml: String) -> String? {
        guard let open = xml.range(of: "<", options: [], range: xml.startIndex..<xml.endIndex) else { return nil }
        var rest = xml[open.upperBound...]
        while rest.first == "?" || rest.first == "!" {
            guard let next = rest.range(of: "<") else { return nil }
            rest = rest[next.upperBound...]
        }
        guard let end = rest.firstIndex(of: ">") else { return nil }
        let tag = rest[..<end]
        let name = tag.prefix { !$0.isWhitespace && $0 != "/" }
        let prefix = name.contains(":") ? String(name.split(separator: ":")[0]) : nil
        let attribute = prefix.map { "xmlns:\($0)=" } ?? "xmlns="
        guard let found = tag.range(of: attribute) else { return nil }
        let valueStart = tag[found.upperBound...]
        guard let quote = valueStart.first, quote == "\"" || quote == "'" else { return nil }
        let value = valueStart.dropFirst().prefix { $0 != quote }
        return String(value)
    }
}
