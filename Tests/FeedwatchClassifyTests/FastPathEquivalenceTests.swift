import FeedwatchModel
import Testing

@testable import FeedwatchClassify
import FeedwatchTestSupport

/// Words that stem together, differ only by accents, share prefixes or hyphenate, so generated
/// topics and entries hit each other often and in every way the index and evaluator distinguish.
private let vocabulary = [
    "migrant", "migrants", "migration", "migración", "migrantes", "migra", "trade", "trades", "trading",
    "deal", "deals", "tariff", "tariffs", "arancel", "aranceles", "border", "frontera", "rare", "earth",
    "earths", "mineral", "minerales", "lithium", "litio", "mine", "mining", "minería", "the", "of", "la",
    "el", "de", "and", "y", "US-Ecuador", "COVID-19", "O'Brien", "gang", "gangs", "human", "rights",
    "derechos", "humanos", "security", "seguridad", "war", "guerra", "1,000", "3.5",
]

/// Generated topics and entries for comparing classifier strategies.
private struct Generator {
    var random: SeededGenerator

    mutating func word() -> String { vocabulary.randomElement(using: &random)! }

    /// A term: a bare word, a prefix, a quoted phrase of two or three words, maybe scoped to a field.
    mutating func term() -> String {
        let kind = Int.random(in: 0..<10, using: &random)
        var text: String
        switch kind {
        case 0..<5: text = word()
        case 5, 6:
            let stem = vocabulary.filter { $0.count >= 4 && $0.allSatisfy(\.isLetter) }.randomElement(using: &random)!
            text = String(stem.lowercased().prefix(Int.random(in: 2...4, using: &random))) + "*"
        default:
            let count = Int.random(in: 2...3, using: &random)
            text = "\"" + (0..<count).map { _ in word() }.joined(separator: " ") + "\""
        }
        if Int.random(in: 0..<8, using: &random) == 0 { text = ["title:", "summary:", "category:"].randomElement(using: &random)! + text }
        return text
    }

    /// A query: ORs of terms, ANDed groups, NOT guards, NEARs, and now and then a `lang:` test.
    mutating func query() -> String {
        var conjuncts: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let members = (0..<Int.random(in: 1...6, using: &random)).map { _ in term() }
            conjuncts.append("(" + members.joined(separator: " OR ") + ")")
        }
        if Int.random(in: 0..<3, using: &random) == 0 { conjuncts.append("-" + term()) }
        if Int.random(in: 0..<5, using: &random) == 0 {
            conjuncts.append("-(" + term() + " OR " + term() + ")")
        }
        if Int.random(in: 0..<5, using: &random) == 0 {
            conjuncts.append(word() + " NEAR/\(Int.random(in: 1...4, using: &random)) " + word())
        }
        if Int.random(in: 0..<12, using: &random) == 0 { conjuncts.append("lang:" + ["en", "es"].randomElement(using: &random)!) }
        if Int.random(in: 0..<15, using: &random) == 0 { return "-" + term() }
        return conjuncts.joined(separator: " ")
    }

    mutating func text(_ range: ClosedRange<Int>) -> String {
        (0..<Int.random(in: range, using: &random)).map { _ in word() }.joined(separator: " ")
    }

    mutating func entry(_ number: Int) -> Entry {
        Entry(
            id: "e\(number)", title: text(3...10), summary: text(10...40),
            categories: Int.random(in: 0..<3, using: &random) == 0 ? [word(), word()] : [])
    }
}

@Suite("Fast paths against the reference evaluation")
struct FastPathEquivalenceTests {
    @Test(
        "bit-mask decisions and index candidates give the same matches, scores and explanations as walking every topic's query",
        arguments: [1, 2, 3, 4])
    func sameMatches(seed: UInt64) throws {
        var generator = Generator(random: SeededGenerator(state: seed))
        var definitions = (0..<60).map { TopicDefinition(name: "t\($0)", query: generator.query()) }
        // Terms past the 64th are not in the hit mask: they have wide hit bits, and these queries
        // are decided by visiting only the nodes the hits can change (`SparseQuery`). Shaped like
        // the default topics: long ORs with nested NOT guards and NEARs, an AND, a `lang:` test, and
        // a query that holds when nothing occurs.
        func terms(_ count: Int) -> String { (0..<count).map { _ in generator.term() }.joined(separator: " OR ") }
        definitions.append(TopicDefinition(name: "wide", query: "(" + terms(66) + ") -" + generator.term()))
        for number in 0..<6 {
            var members = (0..<Int.random(in: 40...90, using: &generator.random)).map { _ in generator.term() }
            for _ in 0..<4 {
                members.insert(
                    "(" + generator.term() + " -(" + terms(3) + "))",
                    at: Int.random(in: 0...members.count, using: &generator.random))
                members.insert(
                    "((" + terms(3) + ") NEAR/\(Int.random(in: 1...5, using: &generator.random)) (" + terms(4) + "))",
                    at: Int.random(in: 0...members.count, using: &generator.random))
            }
            var query = "(" + members.joined(separator: " OR ") + ") -(" + terms(5) + ")"
            switch number {
            case 1: query += " (" + terms(3) + ")"
            case 2: query = "lang:" + ["en", "es"][number % 2] + " " + query
            case 3: query = "-(" + terms(70) + ")"
            case 4: query = "(" + query + ") OR -(" + terms(68) + " OR (" + generator.word() + " NEAR/2 " + generator.word() + "))"
            default: break
            }
            definitions.append(TopicDefinition(name: "wide\(number)", query: query))
        }
        let fast = try Classifier(topics: definitions, strategy: .fast)
        let reference = try Classifier(topics: definitions, strategy: .reference)
        let feeds = [
            FeedContext(name: "f", url: "u"), FeedContext(name: "f", url: "u", language: "en"),
            FeedContext(name: "f", url: "u", language: "es"), FeedContext(name: "f", url: "u", language: "fr"),
        ]
        var matched = 0
        for number in 0..<300 {
            let entry = generator.entry(number)
            let feed = feeds[number % feeds.count]
            let expected = reference.classify(entry, feed: feed, explain: true)
            #expect(fast.classify(entry, feed: feed, explain: true) == expected, "seed \(seed), entry \(number)")
            matched += expected.count
        }
        // The comparison says something only if the generated topics do match.
        #expect(matched > 300)
    }
}

@Suite("Queries past the index's leaf limit")
struct UnlistedLeafTests {
    @Test("a topic with more terms than the index lists matches on its first, its wide and its unlisted terms, as the reference does")
    func pastTheLeafLimit() throws {
        // Leaves 0-63 sit in the hit mask, 64 up to `listedLeafLimit` in wide bits, the rest are not
        // in the index at all (the topic is then always a candidate and walks its tree). The limit
        // is lowered from 65,535 so the query stays small.
        var strategy = ClassifierStrategy.fast
        strategy.listedLeafLimit = 200
        let count = strategy.listedLeafLimit + 40
        let query = "(" + (0..<count).map { "w\($0)x" }.joined(separator: " OR ") + ") -guard"
        let definitions = [TopicDefinition(name: "huge", query: query), TopicDefinition(name: "small", query: "w5x")]
        let fast = try Classifier(topics: definitions, strategy: strategy)
        let reference = try Classifier(topics: definitions, strategy: .reference)
        let feed = FeedContext(name: "f", url: "u", language: "en")
        let cases: [(String, [String])] = [
            ("w5x", ["huge", "small"]), ("w150x", ["huge"]), ("w\(count - 3)x", ["huge"]),
            ("w\(count - 3)x guard", []), ("nothing here", []),
        ]
        for (text, expected) in cases {
            let entry = Entry(id: text, title: text)
            let found = fast.classify(entry, feed: feed, explain: true)
            #expect(found.map(\.topic) == expected, "\(text)")
            #expect(found == reference.classify(entry, feed: feed, explain: true), "\(text)")
        }
    }
}
