import ArgumentParser
import Foundation
import Pipeline
import RecordStore

/// `thresher annotations`: what users said about a record and about its near-duplicates.
struct AnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotations",
        abstract: "List a record's annotations and those of the other members of its duplicate cluster.",
        discussion: """
            --id takes the identifier as harvested or the quality CSV's record id (without \
            http://data.europeana.eu/item/). Text: GUID<TAB>TIMESTAMP<TAB>USER<TAB>TAGS<TAB>LOCATION<TAB>COMMENT per \
            annotation, the record's own first; json: one line per annotation in annotate's input format.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The record.", valueName: "id"))
    var id: String

    @Option(help: "text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): use text or json") }
        guard !id.isEmpty else { throw ValidationError("--id: the identifier is empty") }
    }

    func run() throws {
        let store = try storeOptions.openExisting()
        let found: RecordAnnotations
        do {
            found = try RecordAnnotations.lookup(id: id, store: store)
        } catch {
            throw CommandFailure("\(error)")
        }
        var out = FileHandleOutput()
        for line in format == "json" ? found.jsonLines() : found.textLines() { out.line(line) }
        out.flush()
        var note = "annotations: \(found.own.count) of \(found.identifier)"
        if let cluster = found.cluster {
            note += ", \(found.duplicates.count) of its \(cluster.members.count - 1) duplicate(s) (canonical \(cluster.canonical))"
        }
        printError(note)
    }
}
