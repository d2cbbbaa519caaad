import ArgumentParser
import Foundation
import Pipeline
import RecordStore

/// `thresher similar`: the records most like a stored record ("more like this"), or nearest a free-text query
/// (semantic search), by the cosine of their embeddings.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Find the records most similar to a record (--id) or to a free text (--text).",
        discussion: """
            Searches the vectors `thresher embed` stored: an exact scan up to \(SimilaritySearch.defaultExactBudget) \
            vectors, the approximate index stored in the store above. The record's own duplicate cluster is left \
            out. Text output: rank, score, id, title and dataset, tab-separated; --format json: one JSON array of \
            {"id","score","title","dataset"} objects, best first. See docs/SIMILAR.md.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("id"), help: "A record's identifier, as harvested or in the CSV's recordId form.")
    var id: String?

    @Option(help: "A free-text query (semantic search).")
    var text: String?

    @Option(help: "How many records to show.")
    var k: Int = 10

    @Option(name: .customLong("min-score"), help: "Only records with at least this cosine.")
    var minScore: Float?

    @Option(name: .customLong("set"), help: "Only records of this set.")
    var set: String?

    @Option(help: "text or json.")
    var format: String = "text"

    @Option(help: "The embedding model's directory (for --text).")
    var model: String?

    func validate() throws {
        if (id == nil) == (text == nil) { throw ValidationError("give either --id ID or --text \"query\"") }
        if k < 1 { throw ValidationError("--k must be at least 1") }
        if format != "text" && format != "json" { throw ValidationError("--format \(format): use text or json") }
        if let minScore, !minScore.isFinite { throw ValidationError("--min-score must be a number") }
        if let set, set.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--set \"\(set)\": a setSpec cannot be empty or white space")
        }
    }

    func run() throws {
        if let text, text.allSatisfy(\.isWhitespace) { throw CommandFailure(VectorError.emptyText.description) }
        let store = try storeOptions.openExisting()
        let directory = (storeOptions.store as NSString).deletingLastPathComponent
        let writable = access(storeOptions.store, W_OK) == 0 && access(directory.isEmpty ? "." : directory, W_OK) == 0
        do throws(VectorError) {
            let query: SimilarRecords.Query
            if let id {
                query = .record(id)
            } else {
                query = .text(text ?? "", try EmbedderFactory.make(modelDirectory: model))
            }
            let search = SimilarRecords(store: store, persist: writable, note: { printError($0) })
            let hits = try search.similar(to: query, k: k, minScore: minScore, set: set)
            let output = format == "json" ? SimilarHit.json(hits) : SimilarHit.text(hits)
            FileHandle.standardOutput.write(Data(output.utf8))
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
