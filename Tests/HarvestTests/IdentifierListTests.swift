import Foundation
import Testing
import TestSupport
@testable import Harvest

@Suite struct IdentifierListTests {
    @Test func linesAreTrimmedAndCommentsAndBlankLinesSkipped() throws {
        let text = "# Europeana, 2015\noai:a:1\r\n  oai:a:2\t \n\n\roai:a:3\r \u{00A0}oai:a:4\u{00A0}\nhttp://x/item#5\noai:a:1\n#last"
        #expect(try IdentifierList.parse(Data(text.utf8), path: "ids.txt")
                == ["oai:a:1", "oai:a:2", "oai:a:3", "oai:a:4", "http://x/item#5", "oai:a:1"])
        #expect(try IdentifierList.parse(Data(), path: "ids.txt") == [])
        #expect(try IdentifierList.parse(Data("ü:1".utf8), path: "ids.txt") == ["ü:1"])
    }

    @Test func aByteOrderMarkAndCommentsAfterOtherWhiteSpaceAreNotIdentifiers() throws {
        #expect(try IdentifierList.parse(Data("\u{FEFF}# list\noai:a:1\n".utf8), path: "p") == ["oai:a:1"])
        #expect(try IdentifierList.parse(Data("\u{FEFF}oai:a:1".utf8), path: "p") == ["oai:a:1"])
        #expect(try IdentifierList.parse(Data("\u{00A0}# c\noai:a:1".utf8), path: "p") == ["oai:a:1"])
        // Vertical tabs and form feeds end lines, as they did when the list was split as text.
        #expect(try IdentifierList.parse(Data("a\u{0B}b\u{0C}c".utf8), path: "p") == ["a", "b", "c"])
    }

    @Test func badInputIsNamedWithItsLine() throws {
        var bytes = Data("oai:a:1\r\noai:a:2\n".utf8)
        bytes.append(contentsOf: [0x6F, 0xFF, 0x0A])
        #expect(throws: HarvestError.unreadableFile(path: "ids.txt", reason: "line 3 is not UTF-8 text")) {
            try IdentifierList.parse(bytes, path: "ids.txt")
        }
        let dir = try TemporaryDirectory()
        #expect(throws: HarvestError.unreadableFile(path: dir.path("none.txt"), reason: "cannot read it")) {
            try IdentifierList.read(path: dir.path("none.txt"))
        }
        let path = dir.path("ids.txt")
        try Data("oai:a:1\n\noai:a:2".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try IdentifierList.read(path: path) == ["oai:a:1", "oai:a:2"])
    }

    @Test func aSetsFileNamesTheLineThatIsNotUTF8() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("sets.txt")
        var bytes = Data("a\r\n# b\n".utf8)
        bytes.append(contentsOf: [0x63, 0xC3, 0x0A, 0x64])
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: HarvestError.unreadableFile(path: path, reason: "line 3 is not UTF-8 text")) {
            try SetsFile.read(path: path)
        }
    }
}
