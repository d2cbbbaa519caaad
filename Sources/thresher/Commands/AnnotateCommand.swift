import ArgumentParser
import Foundation
import Pipeline
import RecordStore

/// `thresher annotate`: user annotations (JSON Lines) into the store, or synthetic ones out (docs/CLEANSE.md).
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Load user annotations (JSON Lines) about the store's records, or generate synthetic ones.",
        discussion: """
            A line is {"guid", "user_id", "tags": [2 to 4 strings], "comment", "timestamp" (ISO 8601 with a zone), \
            "location" (optional)}. A bad line, or one whose guid names no live record, is reported as FILE:LINE: \
            reason and skipped; the good lines are stored. Loading the same lines again changes nothing (the key is \
            guid, user_id and the timestamp in UTC). Exit status 1 when a line was rejected. --generate N writes N \
            valid lines about the store's records to stdout: thresher annotate --generate 100 | thresher annotate --input -
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The annotations to load (JSON Lines; - is standard input).", valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("Write this many synthetic annotation lines to stdout instead.", valueName: "n"))
    var generate: Int?

    @Option(help: "The generator's seed (the same seed and store give the same lines).")
    var seed: UInt64 = 1

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        switch (input, generate) {
        case (nil, nil): throw ValidationError("give --input FILE (or - for stdin) or --generate N")
        case (.some, .some): throw ValidationError("--input and --generate cannot be combined")
        default: break
        }
        if let generate, generate < 1 { throw ValidationError("--generate must be at least 1") }
        if let input, input.isEmpty { throw ValidationError("--input: the file name is empty") }
    }

    func run() throws {
        let store = try storeOptions.openExisting()
        if let generate {
            var out = FileHandleOutput()
            do {
                try AnnotationGenerator.generate(store: store, count: generate, seed: seed) { out.line($0) }
            } catch let error as PipelineError {
                throw CommandFailure("\(error)")
            }
            out.flush()
            return
        }
        let summary: AnnotationLoadSummary
        do {
            summary = try AnnotationLoad(store: store).load(path: input ?? "-") { printError($0) }
        } catch {
            throw CommandFailure("\(error)")
        }
        if !progressOptions.quiet || summary.rejected > 0 {
            printError("annotate: \(summary.stored) stored, \(summary.alreadyPresent) already present, \(summary.rejected) rejected")
        }
        if summary.rejected > 0 { throw ExitCode(1) }
    }
}
