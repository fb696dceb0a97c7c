// swift-tools-version: 6.0
// The classifier benchmark: the real FeedwatchClassify sources (symlinked from the main package,
// whose library targets are not products) in a small release-built executable. See README.md.
import PackageDescription

let package = Package(
    name: "classify-bench",
    targets: [
        // Snowball's libstemmer (apt: libstemmer-dev).
        .systemLibrary(name: "CStemmer", path: "Sources/CStemmer"),
        // The shared model values.
        .target(name: "FeedwatchModel", path: "Sources/FeedwatchModel"),
        // The classifier under test.
        .target(name: "FeedwatchClassify", dependencies: ["CStemmer", "FeedwatchModel"], path: "Sources/FeedwatchClassify"),
        // Times Classifier.classify over generated items on one thread.
        .executableTarget(
            name: "classify-bench", dependencies: ["FeedwatchClassify", "FeedwatchModel"],
            path: "Sources/classify-bench"),
    ],
    swiftLanguageModes: [.v6]
)
