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

    /// `body` applied to the stem of a folded word given as UTF-8 bytes (the bytes valid only during
    /// `body`): the bytes of `stem(_:in:)`'s result, without its `String`s.
    func withStem<Result>(
        of word: UnsafeBufferPointer<UInt8>, in language: StemmingLanguage, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        guard let stemmer = stemmers[language.rawValue] else { return body(word) }
        return stemmer.withStem(of: word, body)
    }
}
