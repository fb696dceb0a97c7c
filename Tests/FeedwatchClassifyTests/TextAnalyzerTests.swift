import Testing

@testable import FeedwatchClassify

/// The folded surface forms of `text`, joined forms included.
private func surfaces(_ text: String) -> [String] {
    TextAnalyzer.tokens(of: text).map(\.surface)
}

@Suite("Text analysis")
struct TextAnalyzerTests {
    @Test("case and diacritics fold away")
    func folding() {
        #expect(surfaces("MIGRACIÓN Migración migracion") == ["migracion", "migracion", "migracion"])
        #expect(surfaces("Niñez São Paulo") == ["ninez", "sao", "paulo"])
    }

    @Test("compatibility forms normalise: full-width letters, ligatures, decomposed accents")
    func normalization() {
        #expect(surfaces("Ｔｒａｄｅ ﬁnance e\u{301}xito") == ["trade", "finance", "exito"])
    }

    @Test("hyphenated compounds give their parts and the joined form")
    func hyphens() {
        let tokens = TextAnalyzer.tokens(of: "US-Ecuador COVID-19")
        #expect(tokens.map(\.surface) == ["us", "ecuador", "usecuador", "covid", "19", "covid19"])
        #expect(tokens.map(\.position) == [0, 1, 0, 2, 3, 2])
        #expect(tokens[2].isJoinedForm)
    }

    @Test("apostrophes: an English possessive is dropped, other elisions join")
    func apostrophes() {
        #expect(surfaces("Ecuador's O’Brien") == ["ecuador", "o", "brien", "obrien"])
    }

    @Test("numbers keep their separators, normalised to a dot")
    func numbers() {
        #expect(surfaces("1,000 3.5% 15 years. End, 2025") == ["1.000", "3.5", "15", "years", "end", "2025"])
    }

    @Test("token ranges point at the original text")
    func ranges() {
        let text = "La migración, hoy"
        let token = TextAnalyzer.tokens(of: text)[1]
        let bytes = Array(text.utf8)[Int(token.start)..<Int(token.end)]
        #expect(String(decoding: bytes, as: UTF8.self) == "migración")
    }

    @Test("punctuation-only and empty text give no tokens")
    func empty() {
        #expect(surfaces("").isEmpty)
        #expect(surfaces(" -- ... '' ").isEmpty)
    }

    @Test("the detector tells English from Spanish by function words")
    func languageDetection() {
        #expect(LanguageDetector.language(of: TextAnalyzer.tokens(of: "The president said that the deal is off")) == "en")
        #expect(LanguageDetector.language(of: TextAnalyzer.tokens(of: "El presidente dijo que el acuerdo de la paz")) == "es")
        #expect(LanguageDetector.language(of: TextAnalyzer.tokens(of: "Ecuador 2025")) == nil)
    }

    @Test("Snowball stems English and Spanish words through libstemmer")
    func stemming() {
        let stemmers = StemmerSet()
        #expect(stemmers.stem("migrants", in: .english) == stemmers.stem("migrant", in: .english))
        #expect(stemmers.stem("tariffs", in: .english) == "tariff")
        #expect(stemmers.stem("migrantes", in: .spanish) == stemmers.stem("migrante", in: .spanish))
        #expect(stemmers.stem("aranceles", in: .spanish) == stemmers.stem("arancel", in: .spanish))
        #expect(stemmers.stem("migrants", in: .none) == "migrants")
    }
}
