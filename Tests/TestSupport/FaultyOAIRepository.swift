import Foundation
import Synchronization

/// An OAI-PMH repository for tests that misbehaves on demand: HTTP 503/500, truncated bodies, dropped
/// connections, endless empty pages, dying and looping resumption tokens, records hidden from listings,
/// records listed twice. It answers `Identify`, `ListSets`, `ListRecords`, `ListIdentifiers` and `GetRecord`.
///
/// The protocol side is a pure function (`answer(_:)`); `FaultyOAIServer` serves it over real HTTP on 127.0.0.1.
public final class FaultyOAIRepository: Sendable {
    /// A record the repository holds.
    public struct Record: Sendable, Equatable {
        public var identifier: String
        public var datestamp: String
        public var sets: [String]
        public var deleted: Bool
        /// The payload inside `<metadata>` (one element, namespaces declared).
        public var metadataXML: String

        public init(identifier: String, datestamp: String, sets: [String], deleted: Bool = false, metadataXML: String? = nil) {
            self.identifier = identifier
            self.datestamp = datestamp
            self.sets = sets
            self.deleted = deleted
            self.metadataXML = metadataXML ?? FaultyOAIRepository.sampleEDM(identifier: identifier)
        }
    }

    /// A way to misbehave.
    public enum Fault: Sendable, Equatable {
        /// Answer with this HTTP status (and Retry-After header when given) and a short HTML body.
        case status(Int, retryAfter: String? = nil)
        /// Send the right headers and only the first part of the body, then close.
        case truncated
        /// Close the connection without answering.
        case dropConnection
        /// Answer `badResumptionToken` (for a resumed request).
        case badResumptionToken
        /// Answer an OAI-PMH error `code` with this HTTP status (and Retry-After header when given).
        case oaiError(String, status: Int = 200, retryAfter: String? = nil)
    }

    /// When a fault applies: to requests matching `verb`/`set`/`page`, the first `times` of them.
    public struct Rule: Sendable {
        public var verb: String?
        public var set: String?
        /// The 0-based page of a listing (0: the first request, 1: the first resumed one …).
        public var page: Int?
        public var times: Int
        public var fault: Fault

        public init(verb: String? = nil, set: String? = nil, page: Int? = nil, times: Int = 1, fault: Fault) {
            self.verb = verb
            self.set = set
            self.page = page
            self.times = times
            self.fault = fault
        }
    }

    /// What the server should do with one request.
    public enum Answer: Sendable, Equatable {
        case response(status: Int, headers: [String: String], body: [UInt8])
        case truncated(status: Int, headers: [String: String], body: [UInt8], sendBytes: Int)
        case dropConnection
    }

    /// The repository's behaviour, set before a test harvests it (and changeable between runs).
    public struct Behaviour: Sendable {
        public var pageSize = 10
        /// Pages without records appended after a set's real pages (nil: none; Int.max: endless).
        public var emptyPagesAfterEnd: [String: Int] = [:]
        /// Sets whose last page hands out the previous page's token again (a loop).
        public var loopingTokenSets: Set<String> = []
        /// Sets whose last page is answered again and again, each time with a fresh token (a loop without repeats).
        public var repeatingLastPageSets: Set<String> = []
        /// Sets per ListSets page (nil: all on one page); tokens are `sets-N`.
        public var setsPerPage: Int?
        /// The last ListSets page hands out the previous page's token again (a loop).
        public var loopingSetList = false
        /// After its last set, ListSets answers pages without sets, each with a fresh token, forever.
        public var endlessSetList = false
        /// Identifiers never listed, but available through GetRecord.
        public var hiddenFromListings: Set<String> = []
        /// Identifiers listed twice in their listing (again on a later page).
        public var listedTwice: Set<String> = []
        /// Faults to inject.
        public var rules: [Rule] = []
        /// Report completeListSize in tokens.
        public var reportsListSize = true
        /// A completeListSize to report instead of the true one.
        public var claimedListSize: [String: Int] = [:]
        /// Seconds to wait before answering each list request (to let a test interrupt a harvest midway).
        public var listDelay: Double = 0
        /// Seconds before answering each GetRecord.
        public var getRecordDelay: Double = 0
        /// GetRecord for the key answers the record of the value instead (a repository normalising identifiers).
        public var getRecordAnswers: [String: String] = [:]

        public init() {}
    }

    private struct State: Sendable {
        var behaviour: Behaviour
        var ruleUses: [Int] = []
        var log: [String] = []
    }

    private let records: [Record]
    private let state: Mutex<State>
    /// The set names ListSets reports (spec → name).
    public let setNames: [String: String]

    /// A repository holding `records`.
    public init(records: [Record], behaviour: Behaviour = Behaviour(), setNames: [String: String] = [:]) {
        self.records = records
        self.setNames = setNames
        state = Mutex(State(behaviour: behaviour))
    }

    /// Changes the behaviour (faults already used stay used unless the rules are replaced).
    public func update(_ change: (inout Behaviour) -> Void) {
        state.withLock {
            change(&$0.behaviour)
            $0.ruleUses = Array(repeating: 0, count: $0.behaviour.rules.count)
        }
    }

    /// Every request's decoded query, in the order received (e.g. `verb=ListRecords&metadataPrefix=edm&set=a b`).
    public var requestLog: [String] { state.withLock { $0.log } }

    /// The delay before answering a request with these arguments.
    public func delay(for arguments: [(String, String)]) -> Double {
        let verb = arguments.first { $0.0 == "verb" }?.1
        if verb == "GetRecord" { return state.withLock { $0.behaviour.getRecordDelay } }
        guard verb == "ListRecords" || verb == "ListIdentifiers" else { return 0 }
        return state.withLock { $0.behaviour.listDelay }
    }

    /// The number of requests answered.
    public var requestCount: Int { state.withLock { $0.log.count } }

    // MARK: - Answering

    /// The answer to one request with decoded query arguments.
    public func answer(_ arguments: [(String, String)]) -> Answer {
        let args = Dictionary(arguments, uniquingKeysWith: { first, _ in first })
        let verb = args["verb"] ?? ""
        let token = args["resumptionToken"]
        let decodedToken = token.flatMap(ListToken.init(decoding:))
        let set = decodedToken?.set ?? args["set"]
        let page = decodedToken?.page ?? 0

        let fault: Fault? = state.withLock { s in
            s.log.append(arguments.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))
            if s.ruleUses.count != s.behaviour.rules.count { s.ruleUses = Array(repeating: 0, count: s.behaviour.rules.count) }
            for (index, rule) in s.behaviour.rules.enumerated() {
                guard s.ruleUses[index] < rule.times else { continue }
                if let v = rule.verb, v != verb { continue }
                if let r = rule.set, r != set { continue }
                if let p = rule.page, p != page { continue }
                s.ruleUses[index] += 1
                return rule.fault
            }
            return nil
        }
        if let fault {
            switch fault {
            case .status(let code, let retryAfter):
                var headers = ["Content-Type": "text/html"]
                if let retryAfter { headers["Retry-After"] = retryAfter }
                return .response(status: code, headers: headers, body: Array("<html><body>busy</body></html>".utf8))
            case .dropConnection:
                return .dropConnection
            case .truncated:
                if case .response(let status, let headers, let body) = protocolAnswer(verb: verb, args: args, token: decodedToken) {
                    return .truncated(status: status, headers: headers, body: body, sendBytes: body.count / 2)
                }
                return .dropConnection
            case .badResumptionToken:
                return xml(error: "badResumptionToken", message: "The resumption token is invalid or expired", verb: verb)
            case .oaiError(let code, let status, let retryAfter):
                guard case .response(_, var headers, let body) = xml(error: code, message: "fault \(code)", verb: verb) else {
                    return .dropConnection
                }
                if let retryAfter { headers["Retry-After"] = retryAfter }
                return .response(status: status, headers: headers, body: body)
            }
        }
        return protocolAnswer(verb: verb, args: args, token: decodedToken)
    }

    private func protocolAnswer(verb: String, args: [String: String], token: ListToken?) -> Answer {
        let behaviour = state.withLock { $0.behaviour }
        switch verb {
        case "Identify":
            return xml(verb: verb, body: """
                <Identify><repositoryName>Faulty test repository</repositoryName><baseURL>http://127.0.0.1/oai</baseURL>\
                <protocolVersion>2.0</protocolVersion><adminEmail>test@example.org</adminEmail>\
                <earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp><deletedRecord>transient</deletedRecord>\
                <granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>
                """)
        case "ListSets":
            var specs: [String] = []
            // Sets are told apart by their bytes, as a repository's database does ("café" composed and decomposed).
            for record in records {
                for set in record.sets where !specs.contains(where: { $0.utf8.elementsEqual(set.utf8) }) { specs.append(set) }
            }
            let perPage = max(1, behaviour.setsPerPage ?? specs.count)
            var page = 0
            if let resumed = args["resumptionToken"] {
                guard resumed.hasPrefix("sets-"), let number = Int(resumed.dropFirst(5)), number >= 0 else {
                    return xml(error: "badResumptionToken", message: "Unknown token", verb: verb)
                }
                page = number
            }
            let start = min(specs.count, page * perPage)
            let body = specs[start..<min(specs.count, start + perPage)].map {
                "<set><setSpec>\(escape($0))</setSpec><setName>\(escape(setNames[$0] ?? $0))</setName></set>"
            }
            var next: Int? = start + perPage < specs.count ? page + 1 : nil
            if next == nil, behaviour.loopingSetList, page > 0 { next = page - 1 }
            if next == nil, behaviour.endlessSetList { next = page + 1 }
            let token = next.map { "<resumptionToken>sets-\($0)</resumptionToken>" } ?? (page > 0 ? "<resumptionToken/>" : "")
            return xml(verb: verb, body: "<ListSets>\(body.joined())\(token)</ListSets>")
        case "GetRecord":
            guard let identifier = args["identifier"], args["metadataPrefix"] != nil else {
                return xml(error: "badArgument", message: "identifier and metadataPrefix are required", verb: verb)
            }
            let answered = behaviour.getRecordAnswers[identifier] ?? identifier
            guard let record = records.first(where: { $0.identifier == answered }) else {
                return xml(error: "idDoesNotExist", message: "No record \(identifier)", verb: verb)
            }
            return xml(verb: verb, body: "<GetRecord>\(recordXML(record, withMetadata: true))</GetRecord>")
        case "ListRecords", "ListIdentifiers":
            let listing: ListToken
            if let token {
                listing = token
            } else if args["resumptionToken"] != nil {
                return xml(error: "badResumptionToken", message: "Unknown token", verb: verb)
            } else {
                guard args["metadataPrefix"] != nil else {
                    return xml(error: "badArgument", message: "metadataPrefix is required", verb: verb)
                }
                listing = ListToken(set: args["set"], from: args["from"], until: args["until"], page: 0)
            }
            let items = listedRecords(listing, behaviour: behaviour)
            let size = behaviour.pageSize
            let realPages = max(1, (items.count + size - 1) / size)
            let repeating = listing.set.map { behaviour.repeatingLastPageSets.contains($0) } ?? false
            let extra = repeating ? Int.max : listing.set.flatMap { behaviour.emptyPagesAfterEnd[$0] } ?? 0
            if items.isEmpty && extra == 0 {
                return xml(error: "noRecordsMatch", message: "No records match", verb: verb)
            }
            let start = (repeating ? min(listing.page, realPages - 1) : listing.page) * size
            let pageItems = start < items.count ? Array(items[start..<min(items.count, start + size)]) : []
            let totalPages = extra >= Int.max - realPages ? Int.max : realPages + extra
            var next: ListToken? = listing.page + 1 < totalPages ? ListToken(set: listing.set, from: listing.from, until: listing.until, page: listing.page + 1) : nil
            if next == nil, let set = listing.set, behaviour.loopingTokenSets.contains(set), listing.page > 0 {
                next = ListToken(set: listing.set, from: listing.from, until: listing.until, page: listing.page - 1)
            }
            let element = verb == "ListRecords" ? "ListRecords" : "ListIdentifiers"
            var body = "<\(element)>"
            for record in pageItems {
                body += verb == "ListRecords" ? recordXML(record, withMetadata: true) : headerXML(record)
            }
            let claimed = listing.set.flatMap { behaviour.claimedListSize[$0] } ?? items.count
            let sizeAttribute = behaviour.reportsListSize ? " completeListSize=\"\(claimed)\" cursor=\"\(start)\"" : ""
            if let next {
                body += "<resumptionToken\(sizeAttribute)>\(escape(next.encoded))</resumptionToken>"
            } else if listing.page > 0 {
                body += "<resumptionToken\(sizeAttribute)/>"
            }
            body += "</\(element)>"
            return xml(verb: verb, body: body)
        default:
            return xml(error: "badVerb", message: "Illegal verb", verb: nil)
        }
    }

    private func listedRecords(_ listing: ListToken, behaviour: Behaviour) -> [Record] {
        var items = records.filter { record in
            if behaviour.hiddenFromListings.contains(record.identifier) { return false }
            if let set = listing.set, !record.sets.contains(where: { $0.utf8.elementsEqual(set.utf8) }) { return false }
            if let from = listing.from, normalise(record.datestamp) < normalise(from, end: false) { return false }
            if let until = listing.until, normalise(record.datestamp) > normalise(until, end: true) { return false }
            return true
        }
        let twice = items.filter { behaviour.listedTwice.contains($0.identifier) }
        items.append(contentsOf: twice)
        return items
    }

    private func normalise(_ datestamp: String, end: Bool = false) -> String {
        datestamp.count == 10 ? datestamp + (end ? "T23:59:59Z" : "T00:00:00Z") : datestamp
    }

    private func headerXML(_ record: Record) -> String {
        let status = record.deleted ? " status=\"deleted\"" : ""
        let sets = record.sets.map { "<setSpec>\(escape($0))</setSpec>" }.joined()
        return "<header\(status)><identifier>\(escape(record.identifier))</identifier><datestamp>\(record.datestamp)</datestamp>\(sets)</header>"
    }

    private func recordXML(_ record: Record, withMetadata: Bool) -> String {
        if record.deleted || !withMetadata { return "<record>\(headerXML(record))</record>" }
        return "<record>\(headerXML(record))<metadata>\(record.metadataXML)</metadata></record>"
    }

    private func xml(verb: String, body: String) -> Answer {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\
            <responseDate>2026-01-01T00:00:00Z</responseDate><request verb="\(verb)">http://127.0.0.1/oai</request>\(body)</OAI-PMH>
            """
        return .response(status: 200, headers: ["Content-Type": "text/xml; charset=utf-8"], body: Array(text.utf8))
    }

    private func xml(error code: String, message: String, verb: String?) -> Answer {
        let verbAttribute = verb.map { " verb=\"\(escape($0))\"" } ?? ""
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>\
            <request\(verbAttribute)>http://127.0.0.1/oai</request><error code="\(code)">\(escape(message))</error></OAI-PMH>
            """
        return .response(status: 200, headers: ["Content-Type": "text/xml; charset=utf-8"], body: Array(text.utf8))
    }

    /// XML-escapes text.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    private func escape(_ text: String) -> String { Self.escape(text) }

    /// A small EDM record with a title naming its identifier.
    public static func sampleEDM(identifier: String) -> String {
        """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" \
        xmlns:edm="http://www.europeana.eu/schemas/edm/" xmlns:ore="http://www.openarchives.org/ore/terms/">\
        <edm:ProvidedCHO rdf:about="\(escape(identifier))"/>\
        <ore:Proxy rdf:about="proxy/\(escape(identifier))"><dc:title xml:lang="en">Title of \(escape(identifier))</dc:title>\
        <edm:type>IMAGE</edm:type></ore:Proxy></rdf:RDF>
        """
    }
}

/// A stateless resumption token: set, dates and the page to send next.
struct ListToken: Equatable, Sendable {
    var set: String?
    var from: String?
    var until: String?
    var page: Int

    var encoded: String {
        let fields = [set ?? "", from ?? "", until ?? "", String(page)]
        return "tok-" + Data(fields.joined(separator: "\u{1F}").utf8).base64EncodedString()
    }

    init(set: String?, from: String?, until: String?, page: Int) {
        self.set = set
        self.from = from
        self.until = until
        self.page = page
    }

    init?(decoding token: String) {
        guard token.hasPrefix("tok-"), let data = Data(base64Encoded: String(token.dropFirst(4))),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let fields = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4, let page = Int(fields[3]) else { return nil }
        set = fields[0].isEmpty ? nil : fields[0]
        from = fields[1].isEmpty ? nil : fields[1]
        until = fields[2].isEmpty ? nil : fields[2]
        self.page = page
    }
}

extension FaultyOAIRepository {
    /// `count` records per set, ids `oai:test:<set>-<n>`, datestamps one minute apart (deleted every `deletedEvery`th).
    public static func records(sets: [String: Int], deletedEvery: Int = 0) -> [Record] {
        var result: [Record] = []
        for (set, count) in sets.sorted(by: { $0.key < $1.key }) {
            guard count > 0 else { continue }
            for n in 1...count {
                let minute = n % 60 < 10 ? "0\(n % 60)" : "\(n % 60)"
                let hour = (n / 60) % 24 < 10 ? "0\((n / 60) % 24)" : "\((n / 60) % 24)"
                result.append(Record(identifier: "oai:test:\(set)-\(n)", datestamp: "2024-01-02T\(hour):\(minute):00Z", sets: [set],
                                     deleted: deletedEvery > 0 && n % deletedEvery == 0))
            }
        }
        return result
    }
}
