import Foundation
import Testing
import TestSupport
import EDM
@testable import OAIPMH

/// Real pages broken in many ways (cut, bytes changed, markup and references inserted, slices repeated or
/// dropped) go through both readers and the EDM converter: each either parses or throws, never crashes.
/// `THRESHER_MUTATIONS=N` runs N mutations instead of the default, `THRESHER_MUTATION_SEED=S` from another seed
/// (for a longer hunt).
@Suite struct MutatedPageTests {
    /// A small deterministic generator (xorshift64*), so a failure names a reproducible case.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    }

    static let snippets: [[UInt8]] = [
        "<", "</", ">", "/>", "&", "&amp;", "&#x0;", "&#1114112;", "&eacute;", "&bogus;", "]]>", "<![CDATA[", "<!--", "-->",
        "<?xml version='1.0' encoding='UTF-16'?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        "<!DOCTYPE OAI-PMH [<!ENTITY e 'x&e;'>]>", "&e;", "<record>", "</record>", "<metadata>", "</metadata>",
        "<resumptionToken cursor=\"-1\" completeListSize=\"x\">t</resumptionToken>", "<header status=\"deleted\">",
        "xmlns:x=\"urn:x\" ", "x:a=\"1\" ", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
        "rdf:parseType=\"Literal\" ", "<error code=\"badResumptionToken\">", String(repeating: "<a>", count: 300),
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xEF, 0xBB, 0xBF], [0x00], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]

    static func mutate(_ page: [UInt8], _ random: inout Generator) -> [UInt8] {
        var bytes = page
        for _ in 0..<(1 + random.below(3)) {
            guard !bytes.isEmpty else { break }
            let at = random.below(bytes.count)
            switch random.below(6) {
            case 0: bytes.removeSubrange(at...)
            case 1: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.insert(contentsOf: snippets[random.below(snippets.count)], at: at)
            case 3:
                let end = min(bytes.count, at + 1 + random.below(400))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: end)
            case 4: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(200)))
            default: bytes = Array(bytes[at...]) + Array(bytes[..<at])
            }
        }
        return bytes
    }

    static let converter: PayloadConverter = { tree, header in
        PayloadText(bytes: try RecordConverter.jsonBytes(tree: tree, identifier: header.identifier, sets: header.setSpecs))
    }

    @Test func brokenPagesParseOrThrowButNeverCrash() throws {
        let pages = try EventReaderTests.fixtures.map { Array(try Fixtures.data($0)) }
        let count = ProcessInfo.processInfo.environment["THRESHER_MUTATIONS"].flatMap(Int.init) ?? 1_500
        let seed = ProcessInfo.processInfo.environment["THRESHER_MUTATION_SEED"].flatMap(UInt64.init) ?? 0x9E37_79B9_7F4A_7C15
        var random = Generator(state: max(1, seed))
        var parsed = 0
        for _ in 0..<count {
            let body = Self.mutate(pages[random.below(pages.count)], &random)
            for method in [OAIResponseParser.Method.automatic, .treeReader] {
                if let response = try? OAIResponseParser.parse(body, name: "mutated", converter: Self.converter, method: method) {
                    parsed += 1
                    for record in response.response.records { _ = record.metadataXML }
                }
            }
            _ = try? OAIResponseParser.parse(body, name: "mutated")
        }
        // Many mutations leave a page that still reads (repaired, or broken only inside text).
        #expect(parsed > count / 10)
    }
}
