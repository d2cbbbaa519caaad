// swift-tools-version:6.1
import PackageDescription

/// Thresher: harvest cultural-heritage metadata over OAI-PMH and measure its quality.
/// The folders follow the data: OAIPMH → Harvest → EDM → RecordStore → (Quality, Report, Pipeline) → Server.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "thresher",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "thresher", targets: ["thresher"]),
        .library(name: "JSONPath", targets: ["JSONPath"]),
        .library(name: "OAIPMH", targets: ["OAIPMH"]),
        .library(name: "EDM", targets: ["EDM"]),
        .library(name: "RecordStore", targets: ["RecordStore"]),
        .library(name: "Harvest", targets: ["Harvest"]),
        .library(name: "Export", targets: ["Export"]),
        .library(name: "Import", targets: ["Import"]),
        .library(name: "Quality", targets: ["Quality"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Embedding", targets: ["Embedding"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, each behind a tiny system-library target with a shim header.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CImageCodecs", pkgConfig: "libpng", providers: [.apt(["libjpeg62-turbo-dev", "libpng-dev"])]),
        // Thumbnail decoding in C: libjpeg's fatal errors caught with setjmp (Swift cannot), libpng's simplified API.
        .target(name: "CImageShim", dependencies: ["CImageCodecs"], path: "Sources/CImageShim",
                linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),

        // The bottom: small helpers several modules need (progress lines, locks, escaping, datestamps, seeded
        // random numbers), so that no module imports a bigger one for one of them.
        .target(name: "ThresherCore", swiftSettings: strict),

        // Core libraries (no server dependency), in the data's order.
        .target(name: "XMLSupport", dependencies: ["CLibXML2", "ThresherCore"], swiftSettings: strict),
        .target(name: "OAIPMH", dependencies: ["XMLSupport", "CCurl", "ThresherCore"], swiftSettings: strict),
        .target(name: "EDM", dependencies: ["XMLSupport", "ThresherCore"], swiftSettings: strict),
        .target(name: "RecordStore", dependencies: [
            "ThresherCore", "CZstd",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .target(name: "Harvest", dependencies: ["OAIPMH", "EDM", "RecordStore", "ThresherCore"], swiftSettings: strict),
        .target(name: "Import", dependencies: ["Harvest", "OAIPMH", "EDM", "RecordStore", "XMLSupport", "ThresherCore",
                                               .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: strict),
        .target(name: "JSONPath", dependencies: ["ThresherCore"], swiftSettings: strict),
        .target(name: "DataProvider", dependencies: ["OAIPMH", "RecordStore", "ThresherCore"], swiftSettings: strict),
        .target(name: "Export", dependencies: ["RecordStore", "ThresherCore"], swiftSettings: strict),
        .target(name: "Report", dependencies: ["Quality", "RecordStore", "ThresherCore"], swiftSettings: strict),
        .target(name: "Quality", dependencies: ["JSONPath", "RecordStore", "EDM", "OAIPMH", "ThresherCore",
                                                .product(name: "Yams", package: "Yams")],
                resources: [
                    .embedInCode("Resources/schemas/edm.json"),
                    .embedInCode("Resources/schemas/edm-2016.json"),
                    .embedInCode("Resources/schemas/edm-2015.json"),
                    .embedInCode("Resources/schemas/oai_dc.json"),
                    .embedInCode("Resources/schemas/ncd-collection.json"),
                ],
                swiftSettings: strict),

        // Sentence embeddings (all-MiniLM-L6-v2: WordPiece tokenizer, safetensors weights, the encoder on OpenBLAS).
        .target(name: "Embedding", dependencies: ["COpenBLAS", "ThresherCore"], swiftSettings: strict),
        // The stages after measurement, over the same store: cleanse, annotations, near-duplicates, vectors and
        // similarity search.
        .target(name: "Pipeline", dependencies: ["RecordStore", "Quality", "JSONPath", "EDM", "OAIPMH", "Embedding", "COpenBLAS", "CImageShim", "ThresherCore"],
                resources: [.embedInCode("Resources/mappings/edm.json")],
                swiftSettings: strict),

        // The HTTP server binding (Hummingbird) over the core.
        .target(name: "Server", dependencies: [
            "DataProvider", "RecordStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // The command-line tool: a thin layer of commands over the libraries.
        .executableTarget(name: "thresher", dependencies: [
            "OAIPMH", "EDM", "RecordStore", "Harvest", "JSONPath", "DataProvider", "Export", "Import", "Server", "Quality", "Report", "Embedding", "Pipeline", "ThresherCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),

        // Shared test helpers: loopback HTTP servers, fixtures.
        .target(name: "TestSupport", dependencies: [], path: "Tests/TestSupport", swiftSettings: strict),

        .testTarget(name: "ThresherCoreTests", dependencies: ["ThresherCore"], swiftSettings: strict),
        .testTarget(name: "XMLSupportTests", dependencies: ["XMLSupport", "ThresherCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "OAIPMHTests", dependencies: ["OAIPMH", "XMLSupport", "EDM", "ThresherCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "EDMTests", dependencies: ["EDM", "XMLSupport", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "RecordStoreTests", dependencies: ["RecordStore", "ThresherCore", "TestSupport", "DataProvider", "Export", "EDM", "OAIPMH", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "HarvestTests", dependencies: ["Harvest", "ThresherCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Export", "Harvest", "RecordStore", "DataProvider", "ThresherCore", "TestSupport",
                                                   .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: strict),
        .testTarget(name: "ExportTests", dependencies: ["Export", "RecordStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "QualityTests", dependencies: ["Quality", "JSONPath", "RecordStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Quality", "RecordStore", "ThresherCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Embedding", "Quality", "RecordStore", "OAIPMH", "ThresherCore", "TestSupport",
                                                     .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "JSONPathTests", dependencies: ["JSONPath", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DataProviderTests", dependencies: ["DataProvider", "RecordStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ServerTests", dependencies: ["Server", "DataProvider", "RecordStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "thresherTests", dependencies: [
            "thresher", "Harvest", "RecordStore", "DataProvider", "Quality", "Pipeline", "Embedding", "ThresherCore", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], swiftSettings: strict),
    ]
)
