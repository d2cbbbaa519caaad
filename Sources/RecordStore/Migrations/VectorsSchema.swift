/// Embeddings: one vector per live record and model, with the key of what it was computed from; and the persisted
/// approximate-search graph (HNSW) over them: a header per model and one row per graph node.
enum VectorsSchema {
    /// `record_vectors.vector` holds the little-endian Float32 components (empty when the record had no text to
    /// embed); `content_hash` the key of the cleansed view and parameters it was computed from.
    ///
    /// `vector_indexes` holds one graph per model: its parameters, entry node and top level. `vector_index_nodes`
    /// one row per node: the record's seq, the node's level, `links` (for each level 0…level: a UInt32 count and
    /// that many UInt32 node numbers, little-endian), and `deleted` for a tombstone, whose vector (replaced or
    /// dropped in `record_vectors` since) is then kept in `vector` for the graph's walks until the next rebuild.
    static let tables = """
        CREATE TABLE record_vectors (
            model TEXT NOT NULL,
            seq INTEGER NOT NULL,
            identifier TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, seq)
        ) WITHOUT ROWID;
        CREATE TABLE vector_indexes (
            model TEXT PRIMARY KEY,
            parameters TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            entry INTEGER NOT NULL,
            top_level INTEGER NOT NULL,
            nodes INTEGER NOT NULL,
            tombstones INTEGER NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE vector_index_nodes (
            model TEXT NOT NULL,
            node INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            level INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            links BLOB NOT NULL,
            vector BLOB,
            PRIMARY KEY (model, node)
        ) WITHOUT ROWID;
        CREATE INDEX vector_index_nodes_by_seq ON vector_index_nodes (model, seq) WHERE deleted = 0;
        """
}
