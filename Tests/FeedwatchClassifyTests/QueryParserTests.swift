import FeedwatchTestSupport
import Testing

@testable import FeedwatchClassify

/// The error `TopicQuery.validate` throws for `query`, nil when it is valid.
func syntaxError(_ query: String) -> QuerySyntaxError? {
    do {
        try TopicQuery.validate(query)
        return nil
    } catch {
        return error
    }
}

@Suite("Query parser")
struct QueryParserTests {
    @Test("every construct of the language parses", arguments: [
        "migrant",
        "\"trade deal\"",
        "migra*",
        "\"rare earth*\"",
        "lithium cobalt",
        "lithium AND cobalt",
        "lithium OR cobalt",
        "NOT bird",
        "-bird migrant",
        "-\"bird migration\" migrant",
        "(migrant OR refugee) -(bird OR data)",
        "migrant NEAR/5 border",
        "(migrant OR refugee) NEAR/10 \"border crossing\"",
        "title:tariff",
        "summary:\"trade deal\" content:(tariff OR arancel*)",
        "author:Smith category:Migration link:elcomercio.com feed:\"InSight Crime\" lang:es",
        "migración “acuerdo comercial”",
        "US-Ecuador covid-19 O'Brien 1,000",
        "asylum^2 \"asylum seeker*\"^1.5 (deportation OR deported)^1.25 title:tariff^3 migra*^0.5",
        "(migrant NEAR/5 border)^2",
    ])
    func validQueries(query: String) {
        #expect(syntaxError(query) == nil)
    }

    @Test("AND binds tighter than OR, and juxtaposition is AND")
    func precedence() throws {
        let node = try QueryParser.parse("a b OR c")
        guard case .any(let children) = node, children.count == 2, case .all(let conjunction) = children[0] else {
            Issue.record("unexpected tree \(node)")
            return
        }
        #expect(conjunction.count == 2)
    }

    @Test("a field scope applies to every term of a group")
    func scopeOfGroup() throws {
        let node = try QueryParser.parse("title:(tariff OR arancel)")
        guard case .any(let children) = node else {
            Issue.record("unexpected tree \(node)")
            return
        }
        for child in children {
            guard case .term(let term) = child else {
                Issue.record("unexpected child \(child)")
                continue
            }
            #expect(term.fields == .title)
        }
    }

    @Test("a phrase keeps its text as written and folds its words")
    func phraseWords() throws {
        guard case .term(let term) = try QueryParser.parse("\"Minerales Críticos*\"") else {
            Issue.record("not a term")
            return
        }
        #expect(term.text == "\"Minerales Críticos*\"")
        #expect(term.isExact)
        #expect(term.words == [QueryWord(surface: "minerales", isPrefix: false), QueryWord(surface: "criticos", isPrefix: true)])
    }

    @Test("an unclosed parenthesis names where it opened and what was found")
    func unclosedParenthesis() {
        let error = syntaxError("a (b OR c")
        #expect(error?.offset == 9)
        #expect(error?.message == "expected ')' to close '(' at 2, found end of query")
    }

    @Test("a stray closing parenthesis is reported at its position")
    func strayParenthesis() {
        #expect(syntaxError("a b) c")?.offset == 3)
        #expect(syntaxError("a b) c")?.message == "found ')' without a matching '('")
    }

    @Test("an unterminated phrase is reported at the end with where it opened")
    func unterminatedPhrase() {
        let error = syntaxError("tariff \"trade deal")
        #expect(error?.offset == 18)
        #expect(error?.message.contains("opened at 7") == true)
    }

    @Test("a dangling OR says what it expected after it")
    func danglingOr() {
        let error = syntaxError("tariff OR")
        #expect(error?.offset == 9)
        #expect(error?.message == "expected a word, phrase or '(' after 'OR', found end of query")
        #expect(syntaxError("OR tariff")?.offset == 0)
    }

    @Test("an unknown field is named, with the fields there are")
    func unknownField() {
        let error = syntaxError("tariff titel:deal")
        #expect(error?.offset == 7)
        #expect(error?.message.hasPrefix("unknown field 'titel:'") == true)
    }

    @Test("bad NEAR distances, operands and prefixes are refused with positions", arguments: [
        ("a NEAR/0 b", 7),
        ("a NEAR/x b", 7),
        ("a NEAR/5", 8),
        ("(a b) NEAR/5 c", 0),
        ("a*b", 1),
        ("t*", 0),
        ("\"\"", 0),
        ("!!!", 0),
        ("", 0),
        ("lang:(en OR es)", 5),
        ("title:", 6),
        ("tariff -", 8),
        ("asylum^", 7),
        ("asylum^x", 7),
        ("asylum^0", 7),
        ("asylum^101", 7),
        ("asylum^1.2.3", 7),
        ("asylum ^2", 7),
        ("^2 asylum", 0),
        ("(a OR b) ^2", 9),
        ("NOT ^2", 4),
    ])
    func refusedQueries(query: String, offset: Int) {
        let error = syntaxError(query)
        #expect(error != nil)
        #expect(error?.offset == offset, "\(query): \(String(describing: error))")
    }

    @Test("a boost multiplies the terms it touches, a group's multiplies every term inside, and stays in the text")
    func boosts() throws {
        guard case .any(let children) = try QueryParser.parse("asylum^2 OR \"asylum seekers\"^1.5 OR migrant"),
            children.count == 3, case .term(let word) = children[0], case .term(let phrase) = children[1],
            case .term(let plain) = children[2]
        else {
            Issue.record("unexpected tree")
            return
        }
        #expect(word.boost == 2 && word.text == "asylum^2" && word.words.map(\.surface) == ["asylum"])
        #expect(phrase.boost == 1.5 && phrase.text == "\"asylum seekers\"^1.5")
        #expect(plain.boost == 1 && plain.text == "migrant")
        guard case .any(let grouped) = try QueryParser.parse("(deported^2 OR title:deportation)^1.5") else {
            Issue.record("unexpected tree")
            return
        }
        let boosts = grouped.compactMap { node -> Double? in
            if case .term(let term) = node { return term.boost }
            return nil
        }
        #expect(boosts == [3, 1.5])
        // Before boosts, `^` was part of a word: `asylum^2` silently meant the two words "asylum 2".
        #expect(syntaxError("asylum^two")?.message.contains("after '^'") == true)
    }

    @Test("offsets count grapheme clusters, not bytes or scalars")
    func offsetsInCharacters() {
        // A decomposed "é" is one Character but two scalars; "🇪🇨" is one Character and eight UTF-8 bytes.
        #expect(syntaxError("e\u{301}xito (asilo")?.offset == 12)
        #expect(syntaxError("e\u{301}xito 🇪🇨")?.offset == 6)
    }

    @Test("absurd nesting is refused instead of exhausting the stack")
    func deepNesting() {
        let error = syntaxError(String(repeating: "(", count: 100_000) + "a")
        #expect(error?.message.contains("nested") == true)
        #expect(syntaxError(String(repeating: "NOT ", count: 10_000) + "a") != nil)
        #expect(syntaxError(String(repeating: "-", count: 10_000) + "a") != nil)
    }

    @Test("no random string crashes the parser, and every error points inside the query")
    func randomStrings() {
        var random = SeededGenerator(seed: 0x5EED)
        let alphabet = Array("abcAZ09 \t\n()\"“”-*:/é ñ🇪🇨'’,.!NEAROTitle")
        for _ in 0..<20_000 {
            let length = Int(random.next() % 24)
            let query = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            if let error = syntaxError(query) {
                #expect((0...query.count).contains(error.offset), "\(query): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("no random soup of query tokens crashes the parser or the classifier")
    func randomTokenSoups() throws {
        var random = SeededGenerator(seed: 42)
        let pieces = [
            "migrant", "migra*", "\"trade deal\"", "\"rare earth*\"", "OR", "AND", "NOT", "-", "(", ")", "NEAR/3",
            "NEAR", "title:", "lang:", "es", "feed:", "link:", "-bird", "\"", "*", "US-Ecuador", "migración", ":",
            "^2", "^", "^0.5",
        ]
        var valid = 0
        for _ in 0..<20_000 {
            let count = 1 + Int(random.next() % 9)
            var query = ""
            for _ in 0..<count {
                query += pieces[Int(random.next() % UInt64(pieces.count))]
                if random.next() % 4 != 0 { query += " " }
            }
            if let error = syntaxError(query) {
                #expect((0...query.count).contains(error.offset), "\(query): \(error)")
                continue
            }
            valid += 1
            // A valid query must also compile and run.
            let classifier = try Classifier(topics: [.init(name: "t", query: query)])
            _ = classifier.classify(
                .init(title: "Migrant trade deal on rare earths", summary: "US-Ecuador migración NEAR title"),
                feed: .init(name: "f", url: "http://x"), explain: true)
        }
        #expect(valid > 1_000)
    }
}
