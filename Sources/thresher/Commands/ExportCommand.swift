import ArgumentParser
import Foundation
import Export

/// `thresher export`: stored records as JSON Lines.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export stored records as JSON Lines.",
        discussion: """
            Each line: {"id","set","sets","datestamp","deleted","record"}, record being the converted JSON (null when deleted); \
            --with-xml adds "xml", the stored metadata XML (what `thresher import` needs to serve the records again).
            --per-set DIR writes one file per set of bare record JSON, one per line.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The output format (jsonl).")
    var format = "jsonl"

    @Option(name: .customLong("set"), help: "Only this set.")
    var set: String?

    @Option(name: .customLong("metadata-prefix"), help: "Only records harvested in this format.")
    var metadataPrefix: String?

    @Option(help: "Write to this file instead of standard output (- is standard output).")
    var output: String?

    @Option(name: .customLong("per-set"), help: "Write one file per set into this folder.")
    var perSet: String?

    @Flag(name: .customLong("with-xml"), help: "Add each record's stored XML as \"xml\".")
    var withXML = false

    func validate() throws {
        guard format == "jsonl" else { throw ValidationError("--format \(format): only jsonl is supported") }
        if perSet != nil && (output != nil || set != nil || withXML) {
            throw ValidationError("--per-set cannot be combined with --output, --set or --with-xml")
        }
    }

    func run() throws {
        let store = try storeOptions.openExisting()
        let exporter = RecordExporter(store: store)
        do {
            if let perSet {
                let files = try exporter.exportPerSet(directory: perSet, metadataPrefix: metadataPrefix)
                printError("thresher: wrote \(files.count) set file(s) into \(perSet)")
                return
            }
            let file = output == "-" ? nil : output
            let writer = try file.map { path throws(ExportError) in try LineWriter(path: path) } ?? LineWriter(standardOutput: ())
            let count = try exporter.exportJSONLines(set: set, metadataPrefix: metadataPrefix, withXML: withXML) { line in
                try writer.write(line)
            }
            try writer.close()
            if file != nil { printError("thresher: exported \(count) record(s)") }
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
