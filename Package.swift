// swift-tools-version: 6.0
// feedwatch: a news-feed watcher and topic-alert daemon.
// Targets are listed in pipeline order: C shims, then fetch → parse → classify → store → notify → digest,
// then the configuration, the daemon that composes the stages, and the thin CLI.
import PackageDescription

let package = Package(
    name: "feedwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedwatch", targets: ["feedwatch"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libcurl headers and library (apt: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // libxml2 headers and library (apt: libxml2-dev).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Snowball's libstemmer (apt: libstemmer-dev; ships no pkg-config file).
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // The only Swift code that touches libcurl: owned easy/multi handles, typed setopt shims.
        .target(name: "FeedwatchCurl", dependencies: ["CCurl"]),
        // The only Swift code that touches libxml2: hardened reader/SAX wrapper, HTML to text.
        .target(name: "FeedwatchXML", dependencies: ["CLibXML2"]),
        // Values every stage shares (Feed, Entry, Topic, Match, Alert); no I/O.
        .target(name: "FeedwatchModel"),
        // ① Fetch: conditional GET, caps, redirects, private-address refusal, per-host limits.
        .target(name: "FeedwatchFetch", dependencies: ["FeedwatchCurl", "FeedwatchModel"]),
        // ② Parse: bytes + base URL → Feed + warnings (RSS, RDF, Atom, JSON Feed).
        .target(name: "FeedwatchParse", dependencies: ["FeedwatchXML", "FeedwatchModel"]),
        // libFuzzer target for the parser (docs/fuzzing.md); built plainly it replays inputs.
        .executableTarget(name: "FeedwatchParseFuzz", dependencies: ["FeedwatchParse", "FeedwatchModel"]),
        // ③ Classify: topic query language, bilingual analysis, scoring and explanations.
        .target(name: "FeedwatchClassify", dependencies: ["CStemmer", "FeedwatchModel"]),
        // ④ Store: what was seen and alerted, in SQLite (GRDB).
        .target(
            name: "FeedwatchStore",
            dependencies: [
                "FeedwatchModel", .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite module GRDB links: DirectStatement steps the store's hottest statements with it.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // ⑤ Notify: deliver alerts to the log, email (SMTP via libcurl) or a webhook.
        .target(
            name: "FeedwatchNotify",
            dependencies: [
                "FeedwatchModel", "FeedwatchCurl", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // ⑥ Digest: a window of matches → a digest value → text, Markdown, HTML (pure).
        .target(name: "FeedwatchDigest", dependencies: ["FeedwatchModel"]),
        // feeds.yml → validated Configuration; errors carry file:line:column and the key.
        .target(
            name: "FeedwatchConfig",
            dependencies: ["FeedwatchModel", .product(name: "Yams", package: "Yams")]),
        // Composes the stages: scheduler, workers, delivery, digest timer; systemd integration.
        .target(
            name: "FeedwatchDaemon",
            dependencies: [
                "FeedwatchModel", "FeedwatchConfig", "FeedwatchFetch", "FeedwatchParse", "FeedwatchClassify",
                "FeedwatchStore", "FeedwatchNotify", "FeedwatchDigest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),
        // The command line: one verb per file, thin.
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedwatchModel", "FeedwatchConfig", "FeedwatchFetch", "FeedwatchParse", "FeedwatchClassify",
                "FeedwatchStore", "FeedwatchNotify", "FeedwatchDigest", "FeedwatchDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Test helpers shared by the test targets: a real loopback HTTP server, temp dirs, running the CLI.
        .target(name: "FeedwatchTestSupport", path: "Tests/FeedwatchTestSupport", resources: [.copy("Scripts")]),
        .testTarget(name: "FeedwatchFetchTests", dependencies: ["FeedwatchFetch", "FeedwatchTestSupport"]),
        .testTarget(
            name: "FeedwatchParseTests", dependencies: ["FeedwatchParse", "FeedwatchTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "FeedwatchClassifyTests", dependencies: ["FeedwatchClassify", "FeedwatchTestSupport"]),
        .testTarget(name: "FeedwatchStoreTests", dependencies: ["FeedwatchStore", "FeedwatchTestSupport"]),
        .testTarget(name: "FeedwatchNotifyTests", dependencies: ["FeedwatchNotify", "FeedwatchTestSupport"]),
        .testTarget(
            name: "FeedwatchDigestTests", dependencies: ["FeedwatchDigest", "FeedwatchTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "FeedwatchConfigTests", dependencies: ["FeedwatchConfig", "FeedwatchTestSupport"]),
        .testTarget(name: "FeedwatchDaemonTests", dependencies: ["FeedwatchDaemon", "FeedwatchTestSupport"]),
        .testTarget(
            name: "FeedwatchEndToEndTests", dependencies: ["FeedwatchTestSupport", "FeedwatchStore", "feedwatch"]),
    ]
)
