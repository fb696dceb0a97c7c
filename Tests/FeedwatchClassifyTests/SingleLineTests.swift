import Testing

@testable import FeedwatchClassify

/// `QueryParser.singleLine` collapses whitespace scalar by scalar when it can; it must say what
/// splitting into Characters at whitespace and joining with one space says.
@Suite struct SingleLineTests {
    static func reference(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test(arguments: [
        "", " ", "trade", "trade deal", " trade deal", "trade deal ", "trade  deal", "trade\ndeal", "trade\r\ndeal",
        "a\tb\u{A0}c", "migración\n  y  empleo", "e\u{301} x", "x \u{301}y", "\u{2028}line\u{2029}", "“quoted”\u{3000}text",
    ])
    func agreesWithCharacterSplitting(_ text: String) {
        #expect(QueryParser.singleLine(text) == Self.reference(text))
    }

    @Test func agreesOnRandomTexts() {
        let pieces = ["a", "ñ", "Ω", "  ", " ", "\n", "\t", "\r\n", "\u{A0}", "\u{301}", "—", "日本", "\u{85}", "z"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(QueryParser.singleLine(text) == Self.reference(text), "\(Array(text.unicodeScalars))")
        }
    }
}
