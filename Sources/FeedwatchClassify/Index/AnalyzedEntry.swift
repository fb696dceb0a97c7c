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

/// Turns scanned words into `EntryToken`s through a vocabulary, in two passes per field.
///
/// While the field is scanned, each word is hashed, its table slot prefetched, and its token written
/// with its key beside it (`Vocabulary.pendingKeys`); `finish()` then probes the table for every
/// word in scan order (so words are numbered exactly as by probing at once) and fills in the
/// tokens' word numbers and flags. The slot of a word seen rarely is usually not in the core's
/// caches (the table is a few MB): by the time it is probed, its line has been loading since the
/// word was scanned. Session 9 replaced a ring of four pending words here, probed four words after
/// their scan: the same overlap for most fields, but its copies, its modular indices and the
/// scanner's values kept alive around the probe cost about 150 instructions a word (callgrind).
/// The tokens are gathered in the vocabulary's buffer and copied into an array once per field.
private struct EntryTokenSink: TokenSink {
    let vocabulary: Vocabulary
    /// The number of tokens in the vocabulary's token buffer.
    private var tokenCount = 0
    /// The vocabulary's `tokenBuffer`, `pendingKeys` and `tokenCapacity`, read once rather than
    /// through the vocabulary for every word (and again when the buffers grow).
    private var tokens: UnsafeMutablePointer<EntryToken>
    private var keys: UnsafeMutablePointer<Vocabulary.PendingKey>
    private var capacity: Int

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        vocabulary.longWordBytes.removeAll()
        tokens = vocabulary.tokenBuffer
        keys = vocabulary.pendingKeys
        capacity = vocabulary.tokenCapacity
    }

    mutating func token(
        _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool
    ) {
        append(
            folded, key: Vocabulary.key(of: folded), position: position, start: start, end: end,
            isJoinedForm: isJoinedForm)
    }

    @inline(__always)
    mutating func word(
        _ folded: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64, position: Int32, start: Int32, end: Int32
    ) {
        let key =
            folded.count <= 16
            ? Vocabulary.key(head: head, tail: tail, count: folded.count) : Vocabulary.key(of: folded)
        append(folded, key: key, position: position, start: start, end: end, isJoinedForm: false)
    }

    /// Prefetches a word's slot and appends its token, to be completed by `finish()`.
    @inline(__always)
    private mutating func append(
        _ folded: UnsafeBufferPointer<UInt8>, key: Vocabulary.Key, position: Int32, start: Int32, end: Int32,
        isJoinedForm: Bool
    ) {
        vocabulary.prefetch(key)
        if tokenCount == capacity {
            vocabulary.growTokenBuffer()
            tokens = vocabulary.tokenBuffer
            keys = vocabulary.pendingKeys
            capacity = vocabulary.tokenCapacity
        }
        var byteStart: Int32 = 0
        if folded.count > 16 {
            byteStart = Int32(truncatingIfNeeded: vocabulary.longWordBytes.count)
            vocabulary.longWordBytes.append(contentsOf: folded)
        }
        keys[tokenCount] = Vocabulary.PendingKey(
            key: key, byteCount: Int32(truncatingIfNeeded: folded.count), byteStart: byteStart)
        tokens[tokenCount] = EntryToken(
            word: 0, position: position, start: start, end: end, isJoinedForm: isJoinedForm, functionWordFlags: 0,
            modeFlags: 0)
        tokenCount &+= 1
    }

    /// Where a pending key's `head` sits (its `tail` follows it).
    private static let headOffset = MemoryLayout<Vocabulary.PendingKey>.offset(of: \.key.head)!

    /// Probes the field's words in scan order and returns its tokens.
    mutating func finish() -> [EntryToken] {
        let longBytes = vocabulary.longWordBytes.base
        let headOffset = Self.headOffset
        for index in 0..<tokenCount {
            let pending = UnsafeMutableRawPointer(keys + index)
            let count = Int(keys[index].byteCount)
            let key = keys[index].key
            let slot: Vocabulary.Slot
            if count <= 16 {
                // A word of up to sixteen bytes is its key's head and tail (little-endian, zero-padded),
                // read in place as bytes: the memory is rebound to UInt8 for the probe only (Swift's
                // typed-memory rules), and no key is written or read as a key while it is.
                slot = pending.advanced(by: headOffset).withMemoryRebound(to: UInt8.self, capacity: 16) { bytes in
                    vocabulary.slot(for: UnsafeBufferPointer(start: bytes, count: count), key: key)
                }
            } else {
                let bytes = UnsafePointer(longBytes + Int(keys[index].byteStart))
                slot = vocabulary.slot(for: UnsafeBufferPointer(start: bytes, count: count), key: key)
            }
            tokens[index].word = slot.word
            tokens[index].functionWordFlags = slot.functionWordFlags
            tokens[index].modeFlags = slot.modeFlags
        }
        return Array(UnsafeBufferPointer(start: tokens, count: tokenCount))
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
    /// (`entry` is borrowed: an initializer's parameter is otherwise owned, and `classify` paid a
    /// copy of every entry, a retain and a release of each of its strings and arrays.)
    init(entry: __shared Entry, feed: FeedContext, fieldsUsed: FieldSet, vocabulary: Vocabulary) {
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
