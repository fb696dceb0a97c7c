@testable import FeedwatchStore
import FeedwatchModel
import Foundation
import Testing

/// Match explanations are stored as JSON; the direct encoding must write what `JSONEncoder` writes,
/// and digests must read it back.
@Suite("Match explanations as JSON")
struct TermsJSONTests {
    static let texts = [
        "", "migra*", "trade deal", "\"trade deal\"", "title", "…the [trade talks] and migration…", "Quito—Guayaquil",
        "ñandú café", "emoji 🇪🇨 here", "a/b", "back\\slash", "tab\there", "new\nline", "nul\u{0}byte", "del\u{7F}",
        "line\u{2028}separator", "para\u{2029}graph", "<b>&amp;</b>", "'single'", "{\"json\":1}", "\u{1F}unit",
        "e\u{301}", "日本語", "ÆØÅ", "x\u{2027}y", "\u{FEFF}bom",
    ]

    @Test("the direct encoding equals JSONEncoder's with sorted keys, and decodes to the same terms")
    func sameAsEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var lists: [[MatchedTerm]] = [[]]
        for text in Self.texts {
            lists.append([MatchedTerm(term: text, field: "title")])
            lists.append([MatchedTerm(term: "migra*", field: "summary", snippet: text)])
            lists.append([MatchedTerm(term: text, field: text, snippet: text), MatchedTerm(term: "b", field: "link")])
        }
        var direct = 0
        for terms in lists {
            let expected = String(decoding: try encoder.encode(terms), as: UTF8.self)
            #expect(TermsJSON.encode(terms) == expected)
            if let plain = TermsJSON.plainEncoding(terms) {
                direct += 1
                #expect(plain == expected)
            }
            #expect(try JSONDecoder().decode([MatchedTerm].self, from: Data(TermsJSON.encode(terms).utf8)) == terms)
        }
        // The plain texts above (most of them) take the direct way.
        #expect(direct > lists.count / 2)
    }

    @Test("quotes, backslashes and slashes are escaped directly; control characters go to the encoder")
    func directEscapes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for text in ["\"trade talks\"", "a/b", "back\\slash", "\"/\\\"", "é\"", "\"e\u{301}\""] {
            let terms = [MatchedTerm(term: text, field: "title", snippet: "[\(text)] x")]
            let direct = try #require(TermsJSON.plainEncoding(terms))
            #expect(direct == String(decoding: try encoder.encode(terms), as: UTF8.self))
        }
        for text in ["tab\there", "del\u{7F}", "line\u{2028}separator"] {
            #expect(TermsJSON.plainEncoding([MatchedTerm(term: text, field: "title")]) == nil)
        }
    }

    @Test("random explanations: the direct encoding equals JSONEncoder's whenever it answers")
    func randomTerms() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "Z", " ", "\"", "\\", "/", "é", "🇪🇨", "e\u{301}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{E2}",
            "\t", "\u{0}", "\u{7F}", "\u{1F}", "—", "[", "]", "…", "trade talks", "{}",
        ]
        func text() -> String {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) { text += pieces.randomElement(using: &generator)! }
            return text
        }
        var direct = 0
        for _ in 0..<3_000 {
            let terms = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                MatchedTerm(term: text(), field: text(), snippet: Bool.random(using: &generator) ? text() : nil)
            }
            let expected = String(decoding: try encoder.encode(terms), as: UTF8.self)
            #expect(TermsJSON.encode(terms) == expected)
            if let plain = TermsJSON.plainEncoding(terms) {
                direct += 1
                #expect(plain == expected)
            }
        }
        #expect(direct > 100)
    }
}

