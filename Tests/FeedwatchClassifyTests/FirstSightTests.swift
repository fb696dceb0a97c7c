import Testing

@testable import FeedwatchClassify
import FeedwatchTestSupport

/// The first sight of a word through bytes (`TermIndex.atoms(folded:mode:stemmers:)`,
/// `LanguageDetector.flags(folded:)`, `ByteKeyTable`) against the `String` lookups it replaced.
@Suite("First sight of a word")
struct FirstSightTests {
    /// Query words: stems in both languages, accented ones, prefixes of several lengths (one of a
    /// single letter, one non-ASCII), and a key that is not in NFC form but whose NFC form is ASCII.
    static let queryWords = [
        "migrant", "migration", "migración", "trade", "trading", "tariff", "aranceles", "frontera",
        "earth", "minería", "lithium", "derechos", "humanos", "seguridad", "guerra", "covid19", "obrien",
        "running", "generalization", "naïve", "the", "de", "k", "\u{212A}elvin", "ok", "1.000", "3.5",
    ]
    static let prefixes = ["mig*", "migraci*", "tar*", "t*", "gener*", "μετανάστ*", "señ*", "internationaliz*"]

    /// Entry words: the query words and their relatives, function words, and random words.
    static func entryWords(seed: UInt64, count: Int) -> [String] {
        var random = SeededGenerator(state: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789.")
        let suffixes = ["", "s", "es", "ing", "ed", "ation", "al", "ly", "ción", "ciones", "ería"]
        var words = queryWords + ["kelvin", "\u{212A}", "k", "mig", "migr", "migracion", "t", "ta", "señal"]
        words += ["the", "of", "and", "el", "la", "de", "que", "sobre", "segun", "según", "about", "whichever"]
        for _ in 0..<count {
            if Bool.random(using: &random) {
                let base = (queryWords + prefixes.map { String($0.dropLast()) }).randomElement(using: &random)!
                words.append(base + suffixes.randomElement(using: &random)!)
            } else {
                let length = Int.random(in: 1...24, using: &random)
                words.append(String((0..<length).map { _ in letters.randomElement(using: &random)! }))
            }
        }
        return words
    }

    /// An index of the query words as surfaces and stems in every language, and the prefixes.
    static func index() -> TermIndex {
        var index = TermIndex()
        let stemmers = StemmerSet()
        for word in queryWords {
            _ = index.atom(for: .surface(word), topic: 0)
            for language in StemmingLanguage.allCases {
                _ = index.atom(for: .stem(language, stemmers.stem(word, in: language)), topic: 1)
            }
        }
        for prefix in prefixes { _ = index.atom(for: .prefix(String(prefix.dropLast())), topic: 2) }
        index.seal()
        return index
    }

    @Test("an entry word hits the same atoms, in the same order, through bytes as through strings", arguments: [1, 2, 3] as [UInt64])
    func atomsAgree(seed: UInt64) {
        let index = Self.index()
        let stemmers = StemmerSet()
        var hits = 0
        for word in Self.entryWords(seed: seed, count: 4_000) {
            let folded = TextAnalyzer.tokens(of: word).map(\.surface) + [word]
            for surface in folded {
                for mode in [LanguageMode.english, .spanish, .unstemmed, .englishAndSpanish] {
                    let expected = index.atoms(surface: surface, languages: mode.languages) {
                        stemmers.stem($0, in: $1)
                    }
                    var copy = surface
                    let actual = copy.withUTF8 { index.atoms(folded: $0, mode: mode, stemmers: stemmers) }
                    #expect(actual == expected, "\(surface) in \(mode)")
                    hits += expected.count
                }
            }
        }
        #expect(hits > 1_000)  // the words do hit surfaces, stems and prefixes
    }

    @Test("function-word flags through bytes are those through strings")
    func flagsAgree() {
        var flagged = 0
        for word in Self.entryWords(seed: 9, count: 2_000) {
            var copy = word
            let flags = copy.withUTF8 { LanguageDetector.flags(folded: $0) }
            #expect(flags == LanguageDetector.flags(of: word), "\(word)")
            flagged += flags == 0 ? 0 : 1
        }
        #expect(flagged >= 12)
    }

    @Test("a byte-keyed table finds ASCII words equal as strings to a key that is not in NFC form")
    func canonicalKeys() {
        let table = ByteKeyTable([("\u{212A}elvin", 7), ("plain", 8), ("señal", 9), ("plain", 10)])
        func value(_ word: String) -> Int32? {
            var copy = word
            return copy.withUTF8 { table.value(for: $0) }
        }
        #expect("Kelvin" == "\u{212A}elvin")  // what the table must agree with
        #expect(value("Kelvin") == 7)
        #expect(value("\u{212A}elvin") == 7)
        #expect(value("plain") == 8)  // the first value of a repeated key
        #expect(value("señal") == 9)
        #expect(value("senal") == nil)
        #expect(value("plai") == nil)
        #expect(value("plainer") == nil)
        #expect(value("") == nil)
        #expect(table.count == 4)
    }

    @Test("a feed's primary language: plain lower-case codes as they are, others lower-cased and cut")
    func primaryLanguage() {
        func slow(_ tag: String) -> String {
            String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
        }
        var random = SeededGenerator(state: 4)
        let pieces = ["en", "es", "EN", "en-US", "es_419", "-", "_", "pt-BR", "", "fr", "É", "ñ", "x", "Zh-Hant"]
        var tags = pieces
        for _ in 0..<500 {
            tags.append((0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        for tag in tags { #expect(QueryParser.primaryLanguage(of: tag) == slow(tag), "\(tag)") }
    }
}
