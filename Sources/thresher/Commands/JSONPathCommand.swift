import ArgumentParser
import Foundation
import JSONPath

/// `thresher jsonpath QUERY [FILE|-] [--paths] [--lines] [--jayway]`: evaluates an RFC 9535 JSONPath query.
struct JSONPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonpath",
        abstract: "Evaluate a JSONPath query (RFC 9535) on a JSON or JSON Lines document.",
        discussion: """
            Prints the selected values as one compact JSON array (numbers as written in the input), or \
            their normalized paths with --paths. With --lines, or a file name ending in .jsonl, every \
            input line is a document and gets its own result line.
            """
    )

    @Argument(help: "The JSONPath query, e.g. \"$['ore:Proxy'][*]['dc:title']\".")
    var query: String

    @Argument(help: "The input file; '-' or none reads standard input.")
    var file: String?

    @Flag(help: "Print normalized paths instead of values.")
    var paths = false

    @Flag(help: "Read JSON Lines: one document per line, one result line each.")
    var lines = false

    @Flag(help: "Accept Jayway JsonPath extensions (in, nin, size, empty, =~, .length(), …).")
    var jayway = false

    func run() throws {
        let input: [UInt8]
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("\(file): cannot read it")
            }
            input = [UInt8](data)
        } else {
            input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        let jsonLines = lines || (file?.hasSuffix(".jsonl") ?? false)
        switch JSONPathTool.run(query: query, input: input, lines: jsonLines, paths: paths, jayway: jayway) {
        case .success(let output):
            if !output.isEmpty || !jsonLines { print(output) }
        case .failure(let error):
            throw CommandFailure("\(error)")
        }
    }
}
