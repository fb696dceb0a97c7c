import FeedwatchModel
import FeedwatchTestSupport
import Testing

@testable import FeedwatchClassify

/// Random text for the scanner and the entry analysis: ASCII words of 1 to 100 bytes, Spanish
/// accents, Greek, Cyrillic, CJK and emoji, combining marks, C1 controls, U+FFFD and other
/// invalid-looking scalars, private-use and zero-width characters, compounds, numbers with
/// separators, digits glued to letters, runs of punctuation and of white space.
private func randomText(_ random: inout SeededGenerator) -> String {
    let pieces = [
        "Trade", "MIGRATION", "a", "I", "x9", "9x", "2025", "3.5", "1,000", "7.", "9,", ".5", ",5", "1.2.3", "US-Ecuador",
        "O'Brien", "Ecuador's", "rock'n'roll", "e-mail", "-x", "x-", "'s", "migración", "MIGRACIÓN", "Niño", "São",
        "ñandú", "pingüino", "acción", "ﬁnance", "e\u{301}xito", "ＡＢＣ", "Ελλάδα", "Россия", "ǅemal", "ŉ", "²", "x²",
        "5\u{301}", "\u{301}", "co\u{AD}op", "\u{AD}", "Straße", "İstanbul", "ʼ", "aʼb", "µ", "ª", "日本", "naïve",
        "\u{483}", "a\u{591}b", "\u{80}", "\u{9F}", "a\u{85}b", "\u{FFFD}", "a\u{FFFD}b", "\u{E000}", "\u{200B}",
        "a\u{200D}b", "\u{FEFF}", "😀", "a😀b", "\u{10FFFF}", "\u{7F}", "\u{1}", "—", "«", "»", "\u{A0}", "‘", "’",
        "‐", "\"", "(", ")", "-", "'", ",", ".", ";", "!?", "...", "--", "''", " ", "  ", "\t", "\n", "\r\n",
    ]
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éÉñÑüçáíóúÁΩжЖ")
    var text = ""
    for _ in 0..<Int.random(in: 1...60, using: &random) {
        switch Int.random(in: 0..<6, using: &random) {
        case 0, 1:
            // A word of letters and digits, long ones included (past the fast path's 16 and 64 bytes).
            let length = Int.random(in: 0..<5, using: &random) == 0 ? Int.random(in: 17...100, using: &random)
                : Int.random(in: 1...12, using: &random)
            text += String((0..<length).map { _ in letters.randomElement(using: &random)! })
        case 2:
            // A plain lower-case ASCII word, the common case.
            text += String((0..<Int.random(in: 1...14, using: &random)).map { _ in
                Character(UnicodeScalar(UInt8.random(in: 0x61...0x7A, using: &random)))
            })
        default:
            text += pieces.randomElement(using: &random)!
        }
        if Int.random(in: 0..<3, using: &random) != 0 { text += [" ", " ", ", ", ". ", " - ", ": "].randomElement(using: &random)! }
    }
    return text
}

/// What the scanner hands a sink, as comparable strings.
private struct CollectingSink: TokenSink {
    var tokens: [String] = []

    mutating func token(
        _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool
    ) {
        tokens.append("\(Array(folded)) \(position) \(start) \(end) \(isJoinedForm)")
    }
}

@Suite("The scanner's fast path and the entry analysis against the reference paths")
struct EntryAnalysisTests {
    /// The tokens of `text` through the fast path or the general scanner only.
    private static func scanned(_ text: String, usesFastPath: Bool) -> [String] {
        var sink = CollectingSink()
        var copy = text
        copy.withUTF8 { bytes in
            _ = TextAnalyzer.scan(bytes, firstPosition: 3, byteOffset: 5, into: &sink, usesFastPath: usesFastPath)
        }
        return sink.tokens
    }

    @Test("the fast path (runs of separators skipped, the trailing digit read at the word's end) gives the general scanner's tokens")
    func fastPathAgainstGeneral() {
        var random = SeededGenerator(seed: 0x5E55_1009)
        var tokenCount = 0
        for _ in 0..<4_000 {
            let text = randomText(&random)
            let fast = Self.scanned(text, usesFastPath: true)
            tokenCount += fast.count
            #expect(fast == Self.scanned(text, usesFastPath: false), "\(text.debugDescription)")
        }
        #expect(tokenCount > 50_000)
    }

    /// An entry's analysed tokens as (surface, position, start, end, joined form, function-word flags),
    /// surfaces read back from the vocabulary.
    private static func analysed(_ fields: [AnalyzedField], _ vocabulary: Vocabulary) -> [[String]] {
        fields.map { field in
            field.tokens.map { token in
                "\(vocabulary.surface(of: token.word)) \(token.position) \(token.start) \(token.end) "
                    + "\(token.isJoinedForm) \(token.functionWordFlags)"
            }
        }
    }

    /// The same from the reference path: `TextAnalyzer.tokens(of:)` (a `String` per token) and
    /// `LanguageDetector.flags(of:)`.
    private static func expected(_ texts: [String]) -> [[String]] {
        texts.map { text in
            TextAnalyzer.tokens(of: text).map { token in
                "\(token.surface) \(token.position) \(token.start) \(token.end) \(token.isJoinedForm) "
                    + "\(LanguageDetector.flags(of: token.surface))"
            }
        }.filter { !$0.isEmpty }
    }

    @Test("words are numbered in scan order, one number per distinct word, with the reference path's tokens and flags, in a table that grows")
    func entryTokens() {
        var random = SeededGenerator(seed: 0xE7_7A1E)
        // A small first table, so that it grows (and rehashes) while entries are analysed.
        let vocabulary = Vocabulary()
        var numbers: [String: Int32] = [:]
        var tokenCount = 0
        for number in 0..<2_500 {
            let title = randomText(&random)
            let summary = number % 7 == 0 ? "" : randomText(&random)
            let entry = Entry(id: "e\(number)", title: title, summary: summary)
            let analysed = AnalyzedEntry(
                entry: entry, feed: FeedContext(name: "f", url: "u", language: "en"), fieldsUsed: [.title, .summary],
                vocabulary: vocabulary)
            #expect(
                Self.analysed(analysed.fields, vocabulary) == Self.expected([title, summary]),
                "\(title.debugDescription) / \(summary.debugDescription)")
            for field in analysed.fields {
                for token in field.tokens {
                    tokenCount += 1
                    let surface = vocabulary.surface(of: token.word)
                    if let known = numbers[surface] {
                        #expect(known == token.word, "\(surface)")
                    } else {
                        // A new word takes the next number: words are numbered in scan order.
                        #expect(Int(token.word) == numbers.count, "\(surface)")
                        numbers[surface] = token.word
                    }
                }
            }
        }
        #expect(tokenCount > 80_000)
        #expect(vocabulary.count == numbers.count)
        // Past three quarters of the first table's 4,096 slots: the table grew while entries were read.
        #expect(numbers.count > 3_100)
    }

    @Test("a word's key gathered by word loads equals the byte-by-byte key, at every length and alignment")
    func wordKeys() {
        var random = SeededGenerator(seed: 0x4B_E75)
        for _ in 0..<20_000 {
            let offset = Int.random(in: 0..<8, using: &random)
            let count = Int.random(in: 0..<5, using: &random) == 0 ? Int.random(in: 17...80, using: &random)
                : Int.random(in: 0...17, using: &random)
            let bytes = (0..<(offset + count)).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes.withUnsafeBufferPointer { buffer in
                let word = UnsafeBufferPointer(rebasing: buffer[offset...])
                let key = Vocabulary.key(of: word)
                let reference = Vocabulary.referenceKey(of: word)
                #expect(
                    key.hash == reference.hash && key.head == reference.head && key.tail == reference.tail,
                    "\(Array(word))")
            }
        }
    }

    @Test("a pending word's sixteen bytes are its key's head and tail, end to end")
    func pendingKeyLayout() {
        let head = MemoryLayout<Vocabulary.PendingKey>.offset(of: \.key.head)!
        #expect(MemoryLayout<Vocabulary.PendingKey>.offset(of: \.key.tail)! == head + 8)
    }

    @Test("a phrase is listed under its longest word that is not a function word")
    func phraseAnchors() throws {
        func anchor(_ query: String) throws -> Int {
            guard case .term(let term) = try QueryParser.parse(query) else {
                Issue.record("not a term: \(query)")
                return -1
            }
            return CompiledTopic.anchor(of: term)
        }
        #expect(try anchor("\"de minimis\"") == 1)
        #expect(try anchor("\"barreras al comercio\"") == 0)
        #expect(try anchor("\"the trade deal\"") == 1)
        #expect(try anchor("\"of the\"") == 0)
        #expect(try anchor("\"rules of origin\"") == 2)
        #expect(try anchor("migration") == 0)
    }

    @Test(
        "phrases anchored on a rare word give the matches, scores and snippets of phrases listed under their first word",
        arguments: [11, 12, 13])
    func anchoredPhrases(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let words = [
            "de", "la", "el", "the", "of", "and", "y", "a", "en", "minimis", "trade", "deal", "deals", "reglas",
            "origen", "rules", "origin", "comercio", "barreras", "al", "frontera", "border", "security", "forces",
            "migración", "migrants", "por", "para", "with",
        ]
        func word() -> String { words.randomElement(using: &random)! }
        func phrase() -> String {
            "\"" + (0..<Int.random(in: 2...4, using: &random)).map { _ in word() }.joined(separator: " ") + "\""
        }
        var definitions: [TopicDefinition] = []
        for number in 0..<30 {
            var members = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                Int.random(in: 0..<4, using: &random) == 0 ? word() : phrase()
            }
            // Past the 64th leaf a phrase's bit is a wide one.
            if number % 10 == 0 { members += (0..<70).map { _ in phrase() } }
            var query = "(" + members.joined(separator: " OR ") + ")"
            if number % 3 == 0 { query += " (" + phrase() + " OR " + word() + ")" }
            if number % 4 == 0 { query += " -" + phrase() }
            if number % 5 == 0 { query = "(" + query + ") OR (" + phrase() + " NEAR/3 " + word() + ")" }
            definitions.append(TopicDefinition(name: "t\(number)", query: query))
        }
        let fast = try Classifier(topics: definitions, strategy: .fast)
        let reference = try Classifier(topics: definitions, strategy: .reference)
        var firstWordListed = ClassifierStrategy.fast
        firstWordListed.anchorsPhrasesOnRareWords = false
        let unanchored = try Classifier(topics: definitions, strategy: firstWordListed)
        var matched = 0
        for number in 0..<400 {
            func text(_ count: Int) -> String { (0..<count).map { _ in word() }.joined(separator: " ") }
            let entry = Entry(
                id: "e\(number)", title: text(Int.random(in: 2...10, using: &random)),
                summary: text(Int.random(in: 5...40, using: &random)))
            let feed = FeedContext(name: "f", url: "u", language: ["en", "es", nil][number % 3])
            let expected = reference.classify(entry, feed: feed, explain: true)
            #expect(fast.classify(entry, feed: feed, explain: true) == expected, "seed \(seed), entry \(number)")
            #expect(unanchored.classify(entry, feed: feed, explain: true) == expected, "seed \(seed), entry \(number)")
            matched += expected.count
        }
        #expect(matched > 400)
    }
}
