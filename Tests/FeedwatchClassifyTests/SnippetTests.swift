import Testing

@testable import FeedwatchClassify

@Suite("Snippets")
struct SnippetTests {
    /// Texts where Characters and scalars differ (combining marks, CR LF, emoji, flags) and where
    /// they agree (ASCII, precomposed Latin accents, NBSP and NEL white space), short and long.
    private static let pieces = [
        "migración", "frontera", "the", "border", "e\u{301}xodo", "a\r\nb", "\r", "👩‍👩‍👧", "🇪🇨", "  ", "\t",
        "\u{A0}", "\u{85}", "\n\n", "niño", "Ω", "word", "x", "1,000", "—", "O'Brien", "ﬁ",
    ]

    @Test("the byte-level excerpt equals the Character-level one wherever it applies, and applies to Latin text")
    func byteLevelAgrees() {
        var random = SystemRandomNumberGenerator()
        var applied = 0
        for round in 0..<3_000 {
            // Mostly Latin texts (so the byte-level path runs), some with every kind of piece.
            let pool = round % 3 == 0 ? Self.pieces : Self.pieces.filter { $0.unicodeScalars.allSatisfy { $0.value < 0x300 && $0 != "\r" } }
            let text = (0..<Int.random(in: 1...60, using: &random)).map { _ in pool.randomElement(using: &random)! }
                .joined(separator: Bool.random(using: &random) ? " " : "  ")
            // Token ranges start and end on Character boundaries (a word keeps its combining marks).
            let offsets = text.indices.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) } + [text.utf8.count]
            // A match is a token or a run of them: never empty.
            let start = offsets.dropLast().randomElement(using: &random)!
            let end = offsets.filter { $0 > start }.randomElement(using: &random)!
            var copy = text
            let fast = copy.withUTF8 { Snippet.byteLevelExcerpt(of: $0, start: start, end: end) }
            let general = Snippet.characterLevelExcerpt(of: text, start: start, end: end)
            if let fast {
                applied += 1
                #expect(fast == general, "\(text.debugDescription) \(start)..<\(end)")
            }
            #expect(Snippet.excerpt(of: text, start: start, end: end) == general)
        }
        #expect(applied > 1_500)
    }

    @Test("a match followed by a joiner, an emoji modifier or a combining mark keeps its last letter")
    func markEndsOnCharacterBoundary() {
        // The tokenizer ends the word before the joiner or mark, inside the word's last Character.
        #expect(Snippet.characterLevelExcerpt(of: "border\u{200D} crisis", start: 0, end: 6) == "[border\u{200D}] crisis")
        #expect(Snippet.characterLevelExcerpt(of: "the migrants\u{1F3FD} camp", start: 4, end: 12) == "the [migrants\u{1F3FD}] camp")
        #expect(Snippet.characterLevelExcerpt(of: "a borde\u{301} b", start: 2, end: 7) == "a [borde\u{301}] b")
        #expect(Snippet.excerpt(of: "border\u{200D} crisis", start: 0, end: 6) == "[border\u{200D}] crisis")
    }

    @Test("an excerpt cuts at word boundaries around the match and marks it")
    func excerptShape() {
        let text = String(repeating: "word ", count: 20) + "MATCH" + String(repeating: " word", count: 20)
        let start = text.utf8.count - 5 - 5 * 20
        #expect(Snippet.excerpt(of: text, start: start, end: start + 5) == "…word word word word word word word [MATCH] word word word word word word word…")
    }
}
