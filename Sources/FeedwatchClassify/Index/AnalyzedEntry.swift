import FeedwatchModel

/// One entry field after analysis: its text (for snippets) and its tokens.
struct AnalyzedField {
    /// Which field.
    var field: QueryField
    /// The text the token ranges point into (several values joined by " · " for authors and categories).
    var text: String
    /// The field's words.
    var tokens: [TextToken]
}

/// An entry ready to be matched: its analysed fields and the language its words are stemmed in.
struct AnalyzedEntry {
    /// The analysed fields, only those some topic searches.
    var fields: [AnalyzedField]
    /// The entry's language code (`en`, `es`...), from the feed or detected; nil when unknown.
    var language: String?
    /// Which stems the entry's words are looked up with.
    var mode: LanguageMode

    /// Positions between two values of one field, so a phrase or NEAR never spans two categories.
    private static let valueGap: Int32 = 16
    /// What separates values of a multi-valued field in its snippet text.
    private static let valueSeparator = " · "

    /// Analyses the fields in `fieldsUsed` of an entry from a feed.
    init(entry: Entry, feed: FeedContext, fieldsUsed: FieldSet) {
        var fields: [AnalyzedField] = []
        func add(_ field: QueryField, _ values: [String]) {
            guard fieldsUsed.contains(FieldSet(field)) else { return }
            let values = values.filter { !$0.isEmpty }
            guard !values.isEmpty else { return }
            if values.count == 1 {
                fields.append(AnalyzedField(field: field, text: values[0], tokens: TextAnalyzer.tokens(of: values[0])))
                return
            }
            var text = ""
            var tokens: [TextToken] = []
            for value in values {
                if !text.isEmpty { text += Self.valueSeparator }
                let position = (tokens.last?.position ?? -Self.valueGap) + Self.valueGap
                tokens += TextAnalyzer.tokens(of: value, firstPosition: position, byteOffset: Int32(text.utf8.count))
                text += value
            }
            fields.append(AnalyzedField(field: field, text: text, tokens: tokens))
        }
        add(.title, [entry.title ?? ""])
        add(.summary, [entry.summary ?? ""])
        add(.content, [entry.content ?? ""])
        add(.author, entry.authors)
        add(.category, entry.categories)
        add(.link, [entry.link ?? ""])
        add(.feed, [feed.name, feed.url])
        self.fields = fields

        let declared = feed.language.map(QueryParser.primaryLanguage(of:)).flatMap { $0.isEmpty ? nil : $0 }
        let language =
            declared
            ?? LanguageDetector.language(
                of: fields.lazy.filter { $0.field == .title || $0.field == .summary || $0.field == .content }
                    .flatMap(\.tokens))
        self.language = language
        switch language {
        case "en": mode = .english
        case "es": mode = .spanish
        case nil: mode = .englishAndSpanish
        default: mode = .unstemmed
        }
    }
}
