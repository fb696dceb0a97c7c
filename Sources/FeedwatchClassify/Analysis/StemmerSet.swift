/// One stemmer per stemming language, for the use of one thread at a time.
final class StemmerSet {
    /// Stemmers indexed by `StemmingLanguage.rawValue`; nil for `none`.
    private let stemmers: [SnowballStemmer?]

    /// Creates the English and Spanish stemmers.
    init() {
        stemmers = StemmingLanguage.allCases.map { language in
            language.algorithm.flatMap { SnowballStemmer(algorithm: $0) }
        }
    }

    /// The stem of a folded word in a language; the word itself for `none` (or a missing algorithm).
    func stem(_ word: String, in language: StemmingLanguage) -> String {
        guard let stemmer = stemmers[language.rawValue] else { return word }
        return stemmer.stem(word)
    }
}
