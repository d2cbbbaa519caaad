import JSONPath
@testable import Quality

/// Scores `record` (JSON text) under `schema` (JSON or YAML text).
func measure(_ schema: String, _ record: String) throws -> RecordMeasurement {
    var scorer = try RecordScorer(schema: try MeasurementSchema(bytes: Array(schema.utf8), file: "test.json"))
    return scorer.score(try JSONDocument(parsing: record))
}

/// The error a schema text is refused with, or nil.
func schemaError(_ text: String, file: String = "s.json") -> SchemaError? {
    do { _ = try MeasurementSchema(bytes: Array(text.utf8), file: file); return nil } catch { return error }
}
