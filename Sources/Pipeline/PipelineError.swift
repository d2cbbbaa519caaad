import Quality
import RecordStore

/// Why a pipeline stage could not run, as one line naming what and where.
public enum PipelineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A mapping file that cannot be read or is not JSON (`reason` names the line and column).
    case unreadableMapping(file: String, reason: String)
    /// A mapping file whose content is wrong at `at` (e.g. `field "date"`).
    case invalidMapping(file: String, at: String, reason: String)
    /// A JSONPath of a mapping field that does not compile: the field, the path's number (from 1) among the field's
    /// paths, and the position in it (Unicode scalars from 0).
    case invalidMappingPath(file: String, field: String, index: Int, path: String, position: Int, reason: String)
    /// A field name (of `--require`) that the cleansed view does not have.
    case unknownField(name: String, known: [String])
    /// An annotation file that cannot be read.
    case unreadableInput(path: String, reason: String)
    /// No record, live or deleted, has this identifier, and no annotation names it.
    case unknownRecord(id: String)
    /// `annotate --generate` over a store without live records.
    case nothingToAnnotate(store: String)
    /// The store failed.
    case store(StoreError)

    public var description: String {
        switch self {
        case .unreadableMapping(let file, let reason):
            return "\(file): cannot read the mapping: \(reason)"
        case .invalidMapping(let file, let at, let reason):
            return "\(file): \(at): \(reason)"
        case .invalidMappingPath(let file, let field, let index, let path, let position, let reason):
            return "\(file): field \"\(field)\": path \(index) \"\(path)\" at position \(position): \(reason)"
        case .unknownField(let name, let known):
            return "--require \(name): the cleansed view has no field \"\(name)\" (fields: \(known.joined(separator: ", ")))"
        case .unreadableInput(let path, let reason):
            return "\(path): cannot read it: \(reason)"
        case .unknownRecord(let id):
            let other = RecordIdentifiers.candidates(id).dropFirst().map { " (nor \($0))" }.joined()
            return "no record has the identifier \"\(id)\"" + other
        case .nothingToAnnotate(let store):
            return "\(store): the store has no live records to annotate"
        case .store(let error):
            return error.description
        }
    }
}

/// The two spellings of a Europeana record's identifier: as harvested (`http://data.europeana.eu/item/2023829/0003…`)
/// and as the quality CSV's `recordId` (`2023829/0003…`).
enum RecordIdentifiers {
    /// The identifiers `id` may stand for, the given one first: itself, then, for a record id without a scheme (no
    /// `:`, as `2023829/0003…` or `/2023829/0003…`), with the item prefix (a leading `/` dropped).
    static func candidates(_ id: String) -> [String] {
        guard !id.contains(":") else { return [id] }
        let bare = id.hasPrefix("/") ? String(id.dropFirst()) : id
        return [id, RecordIdentity.itemPrefix + bare]
    }
}
