import Foundation
import Testing
import TestSupport
@testable import JSONPath

/// Inputs the fuzzer found (Tests/Fixtures/jsonpath/fuzz), replayed the way the fuzz entry reads them.
@Suite struct FuzzRegressionTests {
    static let files = ["crash-3ff8711ae51579750825d206b1067b84018e79b3"]

    @Test(arguments: files) func replays(_ name: String) throws {
        let bytes = Array(try Fixtures.data("jsonpath/fuzz/\(name)"))
        let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let query = String(decoding: bytes[..<newline], as: UTF8.self)
        for options in [JSONPathOptions(), .jayway] {
            do {
                _ = try JSONPathQuery(query, options: options)
            } catch {
                #expect(error.position <= 70)
            }
        }
        #expect(throws: JSONPathParseError.self) { try JSONPathQuery(query, options: .jayway) }
    }
}
