import FeedwatchTestSupport
import Testing

@testable import FeedwatchClassify

/// Records what the scanner hands a sink: every word of its fast path (with the sixteen bytes it
/// gathered) and every other token.
private struct RecordingSink: TokenSink {
    struct FastWord {
        var folded: [UInt8]
        var head: UInt64
        var tail: UInt64
    }

    var fastWords: [FastWord] = []
    /// Folded bytes, position, range and joined flag of every token, through either entry point.
    var tokens: [String] = []

    mutating func token(
        _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool
    ) {
        tokens.append("\(Array(folded)) \(position) \(start) \(end) \(isJoinedForm)")
    }

    mutating func word(
        _ folded: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64, position: Int32, start: Int32, end: Int32
    ) {
        fastWords.append(FastWord(folded: Array(folded), head: head, tail: tail))
        token(folded, position: position, start: start, end: end, isJoinedForm: false)
    }
}

@Suite("Word keys of the scanner's fast path")
struct WordKeyTests {
    /// Random text of ASCII words of 1 to 70 bytes, digits, accented, Greek and Cyrillic words,
    /// combining marks, soft hyphens, superscripts, compounds, numbers with separators, between
    /// spaces and punctuation (ASCII and not).
    private static func text(_ random: inout SeededGenerator) -> String {
        let pieces = [
            "Trade", "MIGRATION", "a", "x9", "2025", "3.5", "1,000", "7.", "9,", "US-Ecuador", "O'Brien", "Ecuador's",
            "migración", "MIGRACIÓN", "Niño", "São", "ﬁnance", "e\u{301}xito", "ＡＢＣ", "Ελλάδα", "Россия", "ǅemal",
            "ŉ", "²", "x²", "5\u{301}", "\u{301}", "co\u{AD}op", "\u{AD}", "Straße", "İstanbul", "ʼ", "aʼb", "µ", "ª",
            "日本", "naïve", "\u{483}", "a\u{591}b", "—", "«", "»", "\u{A0}", "‘", "’", "‐", "\"", "(", ")", "-", "'",
            ",", ".", ";", " ", "  ",
        ]
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éÉñüçøΩж")
        var text = ""
        for _ in 0..<(Int(random.next() % 60) + 1) {
            if random.next() % 3 == 0 {
                let length = Int(random.next() % 70) + 1
                text += String((0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
            } else {
                text += pieces[Int(random.next() % UInt64(pieces.count))]
            }
            if random.next() % 2 == 0 { text += " " }
        }
        return text
    }

    /// The tokens of `text`, as strings, through the fast path or not.
    private static func tokens(of text: String, usesFastPath: Bool) -> [String] {
        var sink = RecordingSink()
        var copy = text
        copy.withUTF8 { bytes in
            _ = TextAnalyzer.scan(bytes, firstPosition: 0, byteOffset: 0, into: &sink, usesFastPath: usesFastPath)
        }
        return sink.tokens
    }

    @Test("the fast path gives the general scanner's tokens")
    func fastPathTokens() {
        var random = SeededGenerator(seed: 0xFA57_9A7E)
        for _ in 0..<3_000 {
            let text = Self.text(&random)
            if Self.tokens(of: text, usesFastPath: true) != Self.tokens(of: text, usesFastPath: false) {
                Issue.record("the fast path's tokens differ from the general scanner's for \(text.debugDescription)")
            }
        }
    }

    @Test("the fast path's sixteen bytes are the word's, zero-padded, and give the key of its bytes")
    func fastPathKeys() {
        var random = SeededGenerator(seed: 0xC1A5_51F7)
        var fastWordCount = 0
        for _ in 0..<2_000 {
            var sink = RecordingSink()
            var text = Self.text(&random)
            text.withUTF8 { bytes in _ = TextAnalyzer.scan(bytes, firstPosition: 0, byteOffset: 0, into: &sink) }
            for word in sink.fastWords {
                fastWordCount += 1
                var padded = [UInt8](repeating: 0, count: 16)
                for (offset, byte) in word.folded.prefix(16).enumerated() { padded[offset] = byte }
                let head = padded[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let tail = padded[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(word.head == head && word.tail == tail, "\(word.folded)")
                let fromBytes = word.folded.withUnsafeBufferPointer { Vocabulary.key(of: $0) }
                #expect(fromBytes.head == head && fromBytes.tail == tail)
                if word.folded.count <= 16 {
                    let fromWords = Vocabulary.key(head: word.head, tail: word.tail, count: word.folded.count)
                    #expect(fromWords.hash == fromBytes.hash, "\(word.folded)")
                }
            }
        }
        #expect(fastWordCount > 10_000)
    }
}
