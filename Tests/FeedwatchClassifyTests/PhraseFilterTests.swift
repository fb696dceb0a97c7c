import FeedwatchModel
import Testing

@testable import FeedwatchClassify

/// Candidates proposed only by a phrase's first word are dropped before evaluation when the phrase's
/// other words are missing from its fields (`PhraseFilter`); that must never change a result.
@Suite("Phrase filter")
struct PhraseFilterTests {
    private let definitions: [TopicDefinition] = [
        .init(name: "phrases", query: "\"trade talks\" OR \"rare earth minerals\""),
        .init(name: "title phrase", query: "title:\"trade talks\""),
        .init(name: "guarded", query: "(\"trade talks\" OR lithium) -tariffs"),
        .init(name: "negation only", query: "-\"trade talks\""),
        .init(name: "and", query: "\"trade talks\" (geneva OR \"rare earth\")"),
    ]
    private let feed = FeedContext(name: "f", url: "u", language: "en")

    /// Title and summary of each case, and the topics that must match ("negation only" never does:
    /// it holds, but without evidence its score stays below the default minimum).
    private let cases: [(String, String, [String])] = [
        ("Trade talks resume", "In Geneva today", ["phrases", "title phrase", "guarded", "and"]),
        ("Trade ministers meet", "No talks today", []),  // the words apart
        ("Trade ministers meet", "Officials say", []),  // the second word absent
        ("Ministers meet", "Trade talks in Geneva", ["phrases", "guarded", "and"]),  // not in the title
        ("Trade talks and tariffs", "", ["phrases", "title phrase"]),
        ("Rare earth", "lithium prices", ["guarded"]),
        ("Rare earth minerals", "", ["phrases"]),
    ]

    @Test("the filter applies to topics of the bit-mask form with phrases, not to others")
    func appliesToMaskTopics() throws {
        let classifier = try Classifier(topics: definitions)
        let masks = try #require(classifier.phraseFilter).phraseMasks
        #expect(masks[0] != 0)
        #expect(masks[1] != 0)
        #expect(masks[2] != 0)
        #expect(masks[3] == 0)  // always a candidate: nothing needs to occur
        #expect(try Classifier(topics: definitions, strategy: .reference).phraseFilter == nil)
    }

    @Test("results with the filter equal those without, and the expected ones")
    func sameResults() throws {
        var withoutFilter = ClassifierStrategy.fast
        withoutFilter.usesPhraseFilter = false
        let classifiers = try [ClassifierStrategy.fast, withoutFilter, .reference].map {
            try Classifier(topics: definitions, strategy: $0)
        }
        for (title, summary, expected) in cases {
            let entry = Entry(id: title, title: title, summary: summary)
            let results = classifiers.map { $0.classify(entry, feed: feed, explain: true) }
            #expect(results[0].map(\.topic) == expected, "\(title) / \(summary)")
            #expect(results[0] == results[1], "\(title) / \(summary)")
            #expect(results[0] == results[2], "\(title) / \(summary)")
        }
    }
}
