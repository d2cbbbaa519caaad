// swift-tools-version:6.1
import PackageDescription

/// Benchmarks live in their own package so `make test` never builds them; build with `-c release`.
let package = Package(
    name: "thresher-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "thresher", path: ".."),
    ],
    targets: [
        /// The realistic EDM corpus generator (from the real seed records in seeds/), shared by the benchmarks.
        .target(name: "EDMCorpus", dependencies: [.product(name: "JSONPath", package: "thresher")]),
        .executableTarget(name: "JSONPathBench", dependencies: ["EDMCorpus", .product(name: "JSONPath", package: "thresher")]),
        /// make bench-measure: writes the corpus as JSON Lines and loads it into a record store.
        .executableTarget(name: "MeasureBench", dependencies: [
            "EDMCorpus",
            .product(name: "JSONPath", package: "thresher"),
            .product(name: "RecordStore", package: "thresher"),
        ]),
        /// make bench-report: a store of N measured records (synthetic `edm` measurements, nothing scored).
        .executableTarget(name: "ReportBench", dependencies: [
            .product(name: "Quality", package: "thresher"),
            .product(name: "RecordStore", package: "thresher"),
        ]),
        .executableTarget(name: "StoreBench", dependencies: [
            .product(name: "RecordStore", package: "thresher"),
            .product(name: "EDM", package: "thresher"),
            .product(name: "OAIPMH", package: "thresher"),
        ]),
        /// make bench-images: decode + pHash/dHash throughput and the hashes of a generated labelled image set.
        .executableTarget(name: "ImageHashBench", dependencies: [.product(name: "Pipeline", package: "thresher")]),
        /// make bench-similar: N clustered 384-d vectors in a store, the HNSW graph built, stored and read back, top-10
        /// latency and recall@10 against the exact scan.
        .executableTarget(name: "SimilarBench", dependencies: [
            .product(name: "Pipeline", package: "thresher"),
            .product(name: "RecordStore", package: "thresher"),
        ]),
        /// make bench-dedup: a store of N generated records with planted near-duplicates, dedup timed; the labelled set.
        .executableTarget(name: "DedupBench", dependencies: [
            .product(name: "Pipeline", package: "thresher"),
            .product(name: "RecordStore", package: "thresher"),
        ]),
        /// make bench-embed: all-MiniLM-L6-v2 records/s on typical EDM texts (the numpy and onnxruntime peers run beside it).
        .executableTarget(name: "EmbedBench", dependencies: [.product(name: "Embedding", package: "thresher")]),
        .executableTarget(name: "HarvestBench", dependencies: [
            .product(name: "Harvest", package: "thresher"),
            .product(name: "RecordStore", package: "thresher"),
        ]),
    ]
)
