/// The parameters of the approximate index (HNSW, Malkov & Yashunin 2016).
public struct HNSWParameters: Sendable, Equatable {
    /// Links per node on the upper levels (twice as many on level 0): 16.
    public var m: Int
    /// The candidate list while inserting: 100.
    public var efConstruction: Int
    /// The candidate list while searching (at least k): 96.
    public var efSearch: Int
    /// The seed of the level draws, so that the same vectors inserted in the same order make the same graph.
    public var seed: UInt64

    public init(m: Int = 16, efConstruction: Int = 100, efSearch: Int = 96, seed: UInt64 = 0x7448_5245_5348) {
        self.m = max(2, m)
        self.efConstruction = max(1, efConstruction)
        self.efSearch = max(1, efSearch)
        self.seed = seed
    }

    /// The defaults.
    public static let standard = HNSWParameters()

    /// Links per node on level 0.
    var m0: Int { 2 * m }

    /// How the parameters are stored beside the graph (`m=16 efConstruction=100 seed=…`): a graph built with other
    /// construction parameters is rebuilt.
    var stored: String { "hnsw m=\(m) efConstruction=\(efConstruction) seed=\(seed)" }
}
