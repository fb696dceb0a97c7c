/// A cheap guess at whether text is English or Spanish, from how many of each language's commonest
/// function words it uses.
///
/// News headlines and summaries are short but full of articles and prepositions, which almost never
/// overlap between the two languages, so counting them is enough to pick a stemmer. Words both
/// languages write the same way (`a`, `no`, `me`) are left out of both lists.
enum LanguageDetector {
    /// Folded English function words.
    private static let english: Set<String> = [
        "the", "of", "and", "to", "in", "is", "are", "was", "were", "for", "on", "with", "that", "this",
        "by", "from", "at", "as", "it", "its", "be", "has", "have", "had", "will", "an", "or", "after",
        "over", "their", "they", "which", "who", "not", "but", "said", "says", "than", "into", "about",
    ]
    /// Folded Spanish function words (accents already folded away).
    private static let spanish: Set<String> = [
        "el", "la", "los", "las", "de", "del", "y", "que", "en", "un", "una", "por", "para", "con", "se",
        "su", "sus", "al", "es", "son", "fue", "lo", "como", "mas", "pero", "sobre", "tras", "entre", "ha",
        "han", "este", "esta", "estos", "segun", "desde", "hasta", "sin", "le", "les", "ya",
    ]

    /// Bit 0: an English function word; bit 1: a Spanish one.
    static func flags(of surface: String) -> UInt8 {
        (english.contains(surface) ? 1 : 0) | (spanish.contains(surface) ? 2 : 0)
    }

    /// Both lists keyed by bytes, values the flags (see `flags(folded:)`).
    private static let table = ByteKeyTable(
        english.union(spanish).map { ($0, Int32(flags(of: $0))) })

    /// `flags(of:)` of a folded word given as UTF-8 bytes: for an all-ASCII word (nearly every word)
    /// without making a `String` of it and hashing that twice, which every word a thread meets for
    /// the first time paid (see `ByteKeyTable` for why the answer is the same).
    static func flags(folded: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard ByteKeyTable.isASCII(folded) else { return flags(of: String(decoding: folded, as: UTF8.self)) }
        return UInt8(truncatingIfNeeded: table.value(for: folded) ?? 0)
    }

    /// How many words decide: a couple of hundred; reading a whole article would only cost time.
    static let wordsRead = 200

    /// "en", "es", or nil when the tokens give no clear sign.
    static func language(of tokens: some Sequence<TextToken>) -> String? {
        var englishCount = 0
        var spanishCount = 0
        for token in tokens.lazy.filter({ !$0.isJoinedForm }).prefix(wordsRead) {
            let wordFlags = flags(of: token.surface)
            englishCount += Int(wordFlags & 1)
            spanishCount += Int(wordFlags >> 1)
        }
        return language(englishCount: englishCount, spanishCount: spanishCount)
    }

    /// "en" or "es" for the language with more function words, nil on a tie.
    static func language(englishCount: Int, spanishCount: Int) -> String? {
        if englishCount > spanishCount { return "en" }
        if spanishCount > englishCount { return "es" }
        return nil
    }
}
