import Foundation

/// A measurement schema with the bytes it was read from (whose hash keeps stored measurements honest) and the name
/// errors give its file.
public struct SchemaSource: Sendable {
    /// The schema.
    public let schema: MeasurementSchema
    /// The definition's bytes (a built-in resource or the file).
    public let definition: [UInt8]
    /// The file name errors use (`edm.json` for a built-in one).
    public let file: String

    /// Why `--schema` named nothing Thresher can use.
    public enum ResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Neither a built-in name nor a file.
        case unknown(String)
        /// A file that cannot be read.
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .unknown(let name):
                return "--schema \(name): no such built-in schema (\(MeasurementSchema.builtinNames.joined(separator: ", "))) or file"
            case .unreadable(let path, let reason): return "\(path): cannot read the schema file: \(reason)"
            }
        }
    }

    /// A built-in schema by name.
    public static func builtin(named name: String) throws(SchemaError) -> SchemaSource {
        let bytes: [UInt8]
        switch name {
        case "edm": bytes = PackageResources.edm_json
        case "edm-2016": bytes = PackageResources.edm_2016_json
        case "edm-2015": bytes = PackageResources.edm_2015_json
        case "oai_dc": bytes = PackageResources.oai_dc_json
        case "ncd-collection": bytes = PackageResources.ncd_collection_json
        default: throw .unknownBuiltin(name: name)
        }
        return SchemaSource(schema: try MeasurementSchema(bytes: bytes, file: name + ".json"), definition: bytes, file: name + ".json")
    }

    /// A schema file (JSON, or YAML when its name ends in `.yaml`/`.yml` or it is not JSON).
    public static func file(_ path: String) throws -> SchemaSource {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ResolutionError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return SchemaSource(schema: try MeasurementSchema(bytes: bytes, file: path), definition: bytes, file: path)
    }

    /// `nameOrPath` as a built-in name, else as a file; `ResolutionError.unknown` when it is neither.
    public static func resolve(_ nameOrPath: String) throws -> SchemaSource {
        if MeasurementSchema.builtinNames.contains(nameOrPath) { return try builtin(named: nameOrPath) }
        guard names(nameOrPath) else { throw ResolutionError.unknown(nameOrPath) }
        return try file(nameOrPath)
    }

    /// True when `nameOrPath` is a built-in schema's name or an existing file (not yet read).
    public static func names(_ nameOrPath: String) -> Bool {
        if MeasurementSchema.builtinNames.contains(nameOrPath) { return true }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private init(schema: MeasurementSchema, definition: [UInt8], file: String) {
        self.schema = schema
        self.definition = definition
        self.file = file
    }
}
