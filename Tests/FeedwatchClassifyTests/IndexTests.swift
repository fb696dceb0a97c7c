import FeedwatchModel
import Testing

@testable import FeedwatchClassify

@Suite("Index and word table")
struct IndexTests {
    @Test("the word table gives each distinct word one number, across growth and shared 8-byte heads")
    func vocabularyNumbers() {
        let vocabulary = Vocabulary()
        // Long words that share their first eight bytes and their length must still differ.
        let words =
            (0..<20_000).map { "internationalization\($0)" } + (0..<5_000).map { "w\($0)" }
            + (0..<5_000).map { "abcdefgh\($0)" }
        func number(_ word: String) -> Int32 {
            var copy = word
            return copy.withUTF8 { vocabulary.slot(for: $0).word }
        }
        let first = words.map(number)
        #expect(Set(first).count == words.count)
        #expect(words.map(number) == first)
        #expect(vocabulary.surface(of: first[12_345]) == words[12_345])
    }

    @Test("topics with more than 64 terms match on every term, one-word or phrase, past the hit mask")
    func manyTerms() throws {
        let terms = (0..<70).map { "term\($0)" }
        let query = (terms + ["\"final phrase\""]).joined(separator: " OR ")
        let classifier = try Classifier(topics: [.init(name: "wide", query: query)])
        let feed = FeedContext(name: "f", url: "u", language: "en")
        #expect(classifier.classify(.init(title: "about term3 today"), feed: feed).count == 1)
        #expect(classifier.classify(.init(title: "about term68 today"), feed: feed).count == 1)
        #expect(classifier.classify(.init(title: "the final phrase here"), feed: feed).count == 1)
        #expect(classifier.classify(.init(title: "the final word, phrase"), feed: feed).isEmpty)
        #expect(classifier.classify(.init(title: "nothing at all"), feed: feed).isEmpty)
    }

    @Test("prefixes of different lengths match through the head filter, accents folded, short words not")
    func prefixHeads() throws {
        let classifier = try Classifier(topics: [
            .init(name: "short", query: "mig*"), .init(name: "long", query: "migraci*"),
            .init(name: "greek", query: "μετανάστ*"),
        ])
        let feed = FeedContext(name: "f", url: "u", language: "es")
        func topics(_ title: String) -> Set<String> {
            Set(classifier.classify(.init(title: title), feed: feed).map(\.topic))
        }
        #expect(topics("Nueva MIGRACIÓN hacia el norte") == ["short", "long"])
        #expect(topics("los migrantes llegan") == ["short"])
        #expect(topics("mi casa, mig") == ["short"])
        #expect(topics("mi casa") == [])
        #expect(topics("la μεταναστευση de hoy") == ["greek"])
        #expect(topics("amigos y migas") == ["short"])
    }

    @Test("a phrase whose first word occurs but not the rest does not match")
    func phraseFirstWordOnly() throws {
        let classifier = try Classifier(topics: [.init(name: "p", query: "\"trade deal\" OR \"rare earth*\"")])
        let feed = FeedContext(name: "f", url: "u", language: "en")
        #expect(classifier.classify(.init(title: "Trade talks stall; a deal is far"), feed: feed).isEmpty)
        #expect(classifier.classify(.init(title: "Rare earths are scarce"), feed: feed).count == 1)
    }

    @Test("one classifier keeps classifying correctly as its word table fills and is reused")
    func longRun() throws {
        let classifier = try Classifier(topics: [.init(name: "m", query: "migrante OR \"trade deal\"")])
        let feed = FeedContext(name: "f", url: "u")
        var found = 0
        for number in 0..<3_000 {
            let title =
                number % 3 == 0
                ? "Los migrantes llegan a la frontera \(number)" : "Unrelated words zq\(number) and more xv\(number)"
            found += classifier.classify(.init(title: title), feed: feed).count
        }
        #expect(found == 1_000)
    }

    @Test("words are probed a few words after they are scanned: order, repeats and words too long to wait keep their places")
    func lookahead() throws {
        // A word longer than the lookahead's 64 bytes is probed at once, after the words pending
        // before it; phrases across it and repeats around it must still line up.
        let long = String(repeating: "x", count: 70)
        let classifier = try Classifier(topics: [
            .init(name: "p", query: "\"\(long) deal\" OR \"alpha beta\""),
            .init(name: "r", query: "gamma", minScore: 4),
        ])
        let feed = FeedContext(name: "f", url: "u", language: "en")
        let title = "one two three \(long) deal four gamma alpha beta gamma gamma gamma \(long)"
        let matches = classifier.classify(.init(title: title), feed: feed, explain: true)
        #expect(matches.map(\.topic) == ["p", "r"])
        #expect(matches.first?.terms.map(\.term) == ["\"\(long) deal\"", "\"alpha beta\""])
        #expect(matches.first?.terms.first?.snippet?.contains("[\(long) deal]") == true)
        // The same words split over two fields: pending words do not leak from one field to the next.
        let split = classifier.classify(.init(title: "one \(long)", summary: "deal alpha"), feed: feed)
        #expect(split.isEmpty)
    }

    @Test("a phrase holds only with its words at successive positions of one field, whatever each field's numbering")
    func phraseFields() throws {
        let classifier = try Classifier(topics: [.init(name: "p", query: "\"alpha beta\" OR \"rare earth* metal\"")])
        let feed = FeedContext(name: "f", url: "u", language: "en")
        func fires(_ entry: Entry) -> Bool { !classifier.classify(entry, feed: feed).isEmpty }
        // `alpha` is word 0 of the title and `beta` word 1 of the summary: adjacent numbers, two fields.
        #expect(!fires(.init(title: "alpha", summary: "zeta beta")))
        #expect(!fires(.init(title: "beta alpha", summary: "zeta")))
        #expect(fires(.init(title: "alpha", summary: "zeta alpha beta")))
        #expect(!fires(.init(title: "rare earths and metal")))
        #expect(fires(.init(title: "rare earths metal prices")))
        #expect(fires(.init(title: "rare", summary: "the rare earth metal")))
    }

    @Test("an AND of ORs with negated ORs, decided by hit masks, agrees with the boolean reading")
    func maskForm() throws {
        let classifier = try Classifier(topics: [.init(name: "m", query: "(alpha OR beta) (gamma OR delta) -epsilon -(zeta OR eta)")])
        let feed = FeedContext(name: "f", url: "u", language: "en")
        func fires(_ title: String) -> Bool { !classifier.classify(.init(title: title), feed: feed).isEmpty }
        #expect(fires("alpha and gamma"))
        #expect(fires("beta with delta"))
        #expect(!fires("alpha alone"))
        #expect(!fires("gamma delta only"))
        #expect(!fires("alpha gamma epsilon"))
        #expect(!fires("beta delta eta"))
        #expect(fires("beta delta theta"))
    }
}
