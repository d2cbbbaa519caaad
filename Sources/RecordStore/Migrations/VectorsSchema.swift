/// Embeddings: one vector per live record and model, with the content hash it was computed from.
enum VectorsSchema {
    /// `vector` holds the little-endian Float32 components.
    static let tables = """
        CREATE TABLE record_vectors (
            model TEXT NOT NULL,
            seq INTEGER NOT NULL,
            identifier TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, seq)
        ) WITHOUT ROWID;
        """
}
