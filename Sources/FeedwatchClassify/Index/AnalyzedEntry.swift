import FeedwatchModel

/// One word of an entry: its number in the thread's `Vocabulary`, its position and source range.
struct EntryToken {
    /// The word's number in the vocabulary.
    var word: Int32
    /// The word's ordinal in its field.
    var position: Int32
    /// UTF-8 offset of its first byte in the field's text.
    var start: Int32
    /// UTF-8 offset past its last byte.
    var end: Int32
    /// True for the joined form of a compound.
    var isJoinedForm: Bool
    /// The word's function-word flags (see `Vocabulary.Slot`).
    var functionWordFlags: UInt8
    /// The word's per-mode atom flags when it was read (see `Vocabulary.Slot`).
    var modeFlags: UInt8
}

/// Turns scanned words into `EntryToken`s through a vocabulary.
///
/// Each word is hashed when scanned, its table slot prefetched, and probed only `Vocabulary.lookahead`
/// words later, in scan order (so words are numbered and tokens listed exactly as by probing at
/// once); `finish()` probes the words still pending at the end of a field and returns its tokens.
/// The tokens are gathered in the vocabulary's buffer (`Vocabulary.tokenBuffer`) and copied into an
/// array once per field: no uniqueness or capacity check of an array per word.
private struct EntryTokenSink: TokenSink {
    let vocabulary: Vocabulary
    /// The number of tokens in the vocabulary's token buffer.
    private var tokenCount = 0
    /// Ring index of the oldest pending word.
    private var pendingStart = 0
    /// The number of pending words.
    private var pendingCount = 0

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
    }

    mutating func token(
        _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool
    ) {
        guard folded.count <= Vocabulary.lookaheadWordBytes else {
            flush()
            append(vocabulary.slot(for: folded), position: position, start: start, end: end, isJoinedForm: isJoinedForm)
            return
        }
        enqueue(
            folded, key: Vocabulary.key(of: folded), position: position, start: start, end: end,
            isJoinedForm: isJoinedForm)
    }

    @inline(__always)
    mutating func word(
        _ folded: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64, position: Int32, start: Int32, end: Int32
    ) {
        // The scanner's fast path hands over at most 64 bytes (`Vocabulary.lookaheadWordBytes`).
        let key =
            folded.count <= 16
            ? Vocabulary.key(head: head, tail: tail, count: folded.count) : Vocabulary.key(of: folded)
        enqueue(folded, key: key, position: position, start: start, end: end, isJoinedForm: false)
    }

    /// Prefetches a word's slot and queues it, probing the oldest pending word when the ring is full.
    @inline(__always)
    private mutating func enqueue(
        _ folded: UnsafeBufferPointer<UInt8>, key: Vocabulary.Key, position: Int32, start: Int32, end: Int32,
        isJoinedForm: Bool
    ) {
        vocabulary.prefetch(key)
        if pendingCount == Vocabulary.lookahead { probeOldest() }
        let ring = (pendingStart + pendingCount) & (Vocabulary.lookahead - 1)
        vocabulary.pendingWords[ring] = Vocabulary.PendingWord(
            key: key, byteCount: Int32(folded.count), position: position, start: start, end: end,
            isJoinedForm: isJoinedForm)
        let bytes = UnsafeMutableRawPointer(vocabulary.pendingBytes + ring * Vocabulary.lookaheadWordBytes)
        if folded.count <= 16 {
            // The key holds the whole word, zero-padded.
            bytes.storeBytes(of: key.head, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: key.tail, toByteOffset: 8, as: UInt64.self)
        } else {
            bytes.copyMemory(from: folded.baseAddress!, byteCount: folded.count)
        }
        pendingCount += 1
    }

    /// Probes every pending word.
    mutating func flush() {
        while pendingCount > 0 { probeOldest() }
    }

    /// Probes the words still pending and returns the field's tokens.
    mutating func finish() -> [EntryToken] {
        flush()
        return Array(UnsafeBufferPointer(start: vocabulary.tokenBuffer, count: tokenCount))
    }

    /// Probes the oldest pending word and appends its token.
    @inline(__always)
    private mutating func probeOldest() {
        let pending = vocabulary.pendingWords[pendingStart]
        let bytes = UnsafeBufferPointer(
            start: vocabulary.pendingBytes + pendingStart * Vocabulary.lookaheadWordBytes,
            count: Int(pending.byteCount))
        append(
            vocabulary.slot(for: bytes, key: pending.key), position: pending.position, start: pending.start,
            end: pending.end, isJoinedForm: pending.isJoinedForm)
        pendingStart = (pendingStart + 1) & (Vocabulary.lookahead - 1)
        pendingCount -= 1
    }

    @inline(__always)
    private mutating func append(
        _ slot: Vocabulary.Slot, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool
    ) {
        if tokenCount == vocabulary.tokenCapacity { vocabulary.growTokenBuffer() }
        vocabulary.tokenBuffer[tokenCount] = EntryToken(
            word: slot.word, position: position, start: start, end: end, isJoinedForm: isJoinedForm,
            functionWordFlags: slot.functionWordFlags, modeFlags: slot.modeFlags)
        tokenCount += 1
    }
}

/// One entry field after analysis: its text (for snippets) and its tokens.
struct AnalyzedField {
    /// Which field.
    var field: QueryField
    /// The text the token ranges point into (several values joined by " · " for authors and categories).
    var text: String
    /// The field's words.
    var tokens: [EntryToken]
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

    /// Analyses the fields in `fieldsUsed` of an entry from a feed, numbering words in `vocabulary`.
    init(entry: Entry, feed: FeedContext, fieldsUsed: FieldSet, vocabulary: Vocabulary) {
        var fields: [AnalyzedField] = []
        func add(_ field: QueryField, _ values: [String]) {
            guard fieldsUsed.contains(FieldSet(field)) else { return }
            var sink = EntryTokenSink(vocabulary: vocabulary)
            var text = ""
            var position: Int32 = 0
            for value in values where !value.isEmpty {
                if !text.isEmpty {
                    text += Self.valueSeparator
                    position += Self.valueGap
                }
                var copy = value
                let offset = Int32(text.utf8.count)
                position = copy.withUTF8 { bytes in
                    TextAnalyzer.scan(bytes, firstPosition: position, byteOffset: offset, into: &sink)
                }
                text += value
            }
            let tokens = sink.finish()
            if !tokens.isEmpty { fields.append(AnalyzedField(field: field, text: text, tokens: tokens)) }
        }
        add(.title, entry.title.map { [$0] } ?? [])
        add(.summary, entry.summary.map { [$0] } ?? [])
        add(.content, entry.content.map { [$0] } ?? [])
        add(.author, entry.authors)
        add(.category, entry.categories)
        add(.link, entry.link.map { [$0] } ?? [])
        add(.feed, [feed.name, feed.url])
        self.fields = fields

        let declared = feed.language.map(QueryParser.primaryLanguage(of:)).flatMap { $0.isEmpty ? nil : $0 }
        let language = declared ?? Self.detectLanguage(fields)
        self.language = language
        switch language {
        case "en": mode = .english
        case "es": mode = .spanish
        case nil: mode = .englishAndSpanish
        default: mode = .unstemmed
        }
    }

    /// The detector's verdict on the entry's own words (title, summary, content).
    private static func detectLanguage(_ fields: [AnalyzedField]) -> String? {
        var englishCount = 0
        var spanishCount = 0
        var read = 0
        for field in fields where field.field == .title || field.field == .summary || field.field == .content {
            for token in field.tokens where !token.isJoinedForm {
                let wordFlags = token.functionWordFlags
                englishCount += Int(wordFlags & 1)
                spanishCount += Int(wordFlags >> 1)
                read += 1
                if read >= LanguageDetector.wordsRead {
                    return LanguageDetector.language(englishCount: englishCount, spanishCount: spanishCount)
                }
            }
        }
        return LanguageDetector.language(englishCount: englishCount, spanishCount: spanishCount)
    }
}
