import FeedwatchModel
import Testing

@testable import FeedwatchClassify

/// A feed context without a declared language, so the detector decides.
private let anyFeed = FeedContext(name: "Test feed", url: "https://news.example.org/rss")

/// The names of the topics `entry` matches, for a one-topic-per-query classifier.
private func topics(
    _ queries: [String: String], _ entry: Entry, feed: FeedContext = anyFeed
) throws -> [String] {
    let definitions = queries.sorted { $0.key < $1.key }.map { TopicDefinition(name: $0.key, query: $0.value) }
    return try Classifier(topics: definitions).classify(entry, feed: feed).map(\.topic)
}

/// Whether a single query matches an entry.
private func matches(_ query: String, title: String? = nil, summary: String? = nil, feed: FeedContext = anyFeed)
    throws -> Bool
{
    try !topics(["t": query], Entry(title: title, summary: summary), feed: feed).isEmpty
}

@Suite("Classifier")
struct ClassifierTests {
    @Test("bare words match other inflections through English and Spanish stems")
    func stems() throws {
        #expect(try matches("migrant", title: "Migrants stranded at the border"))
        #expect(try matches("tariff", title: "New tariffs on bananas announced by the US"))
        #expect(try matches("arancel", title: "Los aranceles a las exportaciones de banano"))
        #expect(try matches("migrante", title: "Cientos de migrantes cruzan la selva del Darién"))
    }

    @Test("accents fold on both sides: migración matches migracion")
    func diacritics() throws {
        #expect(try matches("migración", title: "Crece la migracion hacia el norte"))
        #expect(try matches("migracion", title: "Crece la MIGRACIÓN hacia el norte"))
    }

    @Test("quoted words and phrases match folded surface forms, not stems")
    func exactPhrases() throws {
        #expect(try matches("\"trade deal\"", title: "A trade deal with Ecuador"))
        #expect(try !matches("\"trade deal\"", title: "Trade deals with Ecuador"))
        #expect(try !matches("\"trade deal\"", title: "A deal on trade with Ecuador"))
        #expect(try matches("\"derechos humanos\"", title: "Informe de Derechos Humanos en Ecuador"))
        #expect(try matches("\"rare earth*\"", title: "China curbs rare earths exports"))
    }

    @Test("a prefix matches any word starting with it")
    func prefixes() throws {
        #expect(try matches("deport*", title: "Deportation flights resume"))
        #expect(try matches("deport*", title: "Deportados llegan a Quito"))
        #expect(try !matches("deport*", title: "Sports news of the day"))
    }

    @Test("NOT and minus exclude, OR includes, juxtaposition requires both")
    func booleans() throws {
        #expect(try !matches("migration -bird", title: "Bird migration season begins"))
        #expect(try matches("migration -bird", title: "Migration policy changes in the US"))
        #expect(try !matches("migration NOT \"data migration\"", title: "Data migration to the cloud"))
        #expect(try matches("lithium OR cobalt", title: "Cobalt prices fall"))
        #expect(try !matches("lithium cobalt", title: "Cobalt prices fall"))
        #expect(try matches("lithium cobalt", title: "Cobalt and lithium prices fall"))
    }

    @Test("NEAR requires both sides within the distance, in either order, in one field")
    func proximity() throws {
        #expect(try matches("migrant NEAR/3 border", title: "Border agents detain migrants"))
        #expect(try matches("migrant NEAR/3 border", title: "Migrants reach the border"))
        #expect(try !matches("migrant NEAR/3 border", title: "Migrants, after many long days of walking, reach the border"))
        #expect(try !matches("migrant NEAR/3 border", title: "Migrants arrive", summary: "border"))
        #expect(try matches("(migrant OR refugee) NEAR/2 \"el paso\"", title: "Refugees in El Paso"))
    }

    @Test("field scopes restrict where a term may match")
    func fieldScopes() throws {
        #expect(try matches("title:tariff", title: "Tariffs rise"))
        #expect(try !matches("title:tariff", title: "Economy news", summary: "Tariffs rise"))
        let entry = Entry(
            title: "Report", link: "https://www.elcomercio.com/actualidad/x", authors: ["Ana Smith"],
            categories: ["Migración"])
        let feed = FeedContext(name: "InSight Crime", url: "https://insightcrime.org/feed/")
        #expect(try topics(["t": "link:elcomercio.com"], entry, feed: feed) == ["t"])
        #expect(try topics(["t": "author:smith"], entry, feed: feed) == ["t"])
        #expect(try topics(["t": "category:migracion"], entry, feed: feed) == ["t"])
        #expect(try topics(["t": "feed:\"insight crime\" report"], entry, feed: feed) == ["t"])
        #expect(try topics(["t": "feed:elpais report"], entry, feed: feed).isEmpty)
    }

    @Test("lang: tests the feed's language, else the detected one")
    func languageScope() throws {
        let spanishFeed = FeedContext(name: "f", url: "u", language: "es-EC")
        #expect(try matches("lang:es ecuador", title: "Ecuador", feed: spanishFeed))
        #expect(try !matches("lang:en ecuador", title: "Ecuador", feed: spanishFeed))
        #expect(try matches("lang:en ecuador", title: "The news of the day in Ecuador"))
        #expect(try matches("lang:es", title: "Las noticias del día en la capital"))
    }

    @Test("topic options restrict feeds and languages")
    func topicRestrictions() throws {
        let entry = Entry(title: "Migrantes en la frontera")
        let topic = TopicDefinition(name: "m", query: "migrante", feeds: ["BBC"], languages: ["es"])
        let classifier = try Classifier(topics: [topic])
        #expect(classifier.classify(entry, feed: .init(name: "Other", url: "u")).isEmpty)
        #expect(classifier.classify(entry, feed: .init(name: "BBC", url: "u", language: "en")).isEmpty)
        #expect(classifier.classify(entry, feed: .init(name: "bbc", url: "u", language: "es")).count == 1)
    }

    @Test("the title weighs more than the summary, repetition counts sublinearly, min_score filters")
    func scoring() throws {
        let classifier = try Classifier(topics: [.init(name: "t", query: "tariff")])
        let inTitle = classifier.classify(.init(title: "Tariff news"), feed: anyFeed)[0].score
        let inSummary = classifier.classify(.init(summary: "Tariff news"), feed: anyFeed)[0].score
        let twice = classifier.classify(.init(summary: "Tariff news: tariffs rise"), feed: anyFeed)[0].score
        #expect(inTitle > inSummary)
        #expect(twice > inSummary)
        #expect(twice < 2 * inSummary)
        let strict = try Classifier(topics: [.init(name: "t", query: "tariff", minScore: 2.5)])
        #expect(strict.classify(.init(summary: "Tariff news"), feed: anyFeed).isEmpty)
        #expect(strict.classify(.init(title: "Tariff news"), feed: anyFeed).count == 1)
    }

    @Test("a boost multiplies a term's evidence, a NEAR counts its operands' largest boost")
    func boostedScoring() throws {
        let plain = try Classifier(topics: [.init(name: "t", query: "asylum OR deportation", minScore: 2.5)])
        let boosted = try Classifier(topics: [.init(name: "t", query: "asylum^1.5 OR deportation", minScore: 2.5)])
        let summary = Entry(summary: "Court hears asylum appeals")
        // One summary mention scores 2: under 2.5 unboosted, 3 with ^1.5.
        #expect(plain.classify(summary, feed: anyFeed).isEmpty)
        let match = try #require(boosted.classify(summary, feed: anyFeed).first)
        #expect(match.score == 3)
        #expect(match.terms.map(\.term) == ["asylum^1.5"])
        // The unboosted term of the same query still counts 2.
        #expect(boosted.classify(.init(summary: "A deportation flight"), feed: anyFeed).isEmpty)
        let near = try Classifier(topics: [.init(name: "t", query: "(small NEAR/3 boats)^2")])
        let nearMatch = try #require(near.classify(.init(summary: "small boats crossed"), feed: anyFeed).first)
        #expect(nearMatch.score == 4)
    }

    @Test("matches come in configured topic order and list each term and field once")
    func orderAndTerms() throws {
        let classifier = try Classifier(topics: [
            .init(name: "z-trade", query: "tariff OR \"trade deal\""),
            .init(name: "a-migration", query: "migra*"),
            .init(name: "none", query: "lithium"),
        ])
        let entry = Entry(title: "Tariffs and migration", summary: "A trade deal on tariffs, tariffs, tariffs")
        let result = classifier.classify(entry, feed: anyFeed)
        #expect(result.map(\.topic) == ["z-trade", "a-migration"])
        let terms = result[0].terms.map { "\($0.term)@\($0.field)" }
        #expect(terms == ["tariff@title", "tariff@summary", "\"trade deal\"@summary"])
        #expect(result[0].terms.allSatisfy { $0.snippet == nil })
    }

    @Test("explain adds a snippet with the match in brackets")
    func snippets() throws {
        let classifier = try Classifier(topics: [.init(name: "t", query: "\"trade deal\" OR migra*")])
        let summary =
            "After months of talks in Washington and Quito, the two governments signed a trade deal that cuts"
            + " tariffs on bananas, shrimp and cacao, officials said on Tuesday evening."
        let result = classifier.classify(.init(title: "Migración y comercio", summary: summary), feed: anyFeed, explain: true)
        let snippets = result[0].terms.compactMap(\.snippet)
        #expect(snippets.contains("[Migración] y comercio"))
        #expect(snippets.contains("…Quito, the two governments signed a [trade deal] that cuts tariffs on bananas, shrimp…"))
    }

    @Test("a query that holds without any word, like a pure lang: test, is still evaluated")
    func alwaysCandidates() throws {
        #expect(try matches("lang:es OR lithium", title: "Las noticias del día en la capital"))
        #expect(try !matches("lang:es OR lithium", title: "The news of the day"))
    }

    @Test("a syntax error names its topic")
    func topicErrors() {
        #expect(throws: TopicError.self) { try Classifier(topics: [.init(name: "ok", query: "a"), .init(name: "bad", query: "(a")]) }
        do {
            _ = try Classifier(topics: [.init(name: "bad", query: "a OR")])
        } catch {
            #expect(error.topic == "bad")
            #expect(error.syntax.offset == 4)
        }
    }

    @Test("one classifier is safe to use from many threads at once")
    func concurrency() async throws {
        let classifier = try Classifier(topics: [
            .init(name: "en", query: "migrant NEAR/3 border"), .init(name: "es", query: "arancel*"),
        ])
        let counts = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var found = 0
                    for round in 0..<500 {
                        let entry =
                            (worker + round) % 2 == 0
                            ? Entry(title: "Migrants reach the border of the country")
                            : Entry(title: "Los aranceles del banano en la Unión Europea")
                        found += classifier.classify(entry, feed: anyFeed).count
                    }
                    return found
                }
            }
            return await group.reduce(0, +)
        }
        #expect(counts == 8 * 500)
    }
}
