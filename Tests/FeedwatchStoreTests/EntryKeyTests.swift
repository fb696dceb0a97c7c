@testable import FeedwatchStore
import FeedwatchModel
import Testing

/// Entry keys are stored: their spelling must never change, or items already seen become new again.
@Suite("Entry keys keep their spelling")
struct EntryKeyTests {
    @Test(
        "id, link and hash keys are spelled as they always were",
        arguments: [
            ("0000005-03", nil, "id:http://127.0.0.1:8080/1000/5.xml 0000005-03"),
            (" padded id\t", "https://example.org/a", "id:http://127.0.0.1:8080/1000/5.xml padded id"),
            ("ñandú 🇪🇨", nil, "id:http://127.0.0.1:8080/1000/5.xml ñandú 🇪🇨"),
            (nil, "HTTP://Example.org/a?utm_source=x#f", "link:https://example.org/a"),
            ("  ", "https://example.org/b", "link:https://example.org/b"),
        ] as [(String?, String?, String)])
    func spelling(id: String?, link: String?, expected: String) {
        let entry = Entry(id: id, title: "t", link: link)
        #expect(EntryKey.key(for: entry, feedURL: "http://127.0.0.1:8080/1000/5.xml") == expected)
    }

    @Test("an entry with neither id nor link is keyed by a hash of its feed, title and text")
    func hash() {
        let entry = Entry(title: "t", summary: "s")
        let key = EntryKey.key(for: entry, feedURL: "https://example.org/feed")
        #expect(key == "hash:" + EntryKey.stableHash("https://example.org/feed\u{1F}t\u{1F}s\u{1F}"))
    }

    @Test("keys copied into their final size spell what interpolation spells, for random ids and links")
    func randomSpelling() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "0", "/", " ", "é", "🇪🇨", "e\u{301}", "\u{0}", "https://x.example/", "?q=1", "ñandú"]
        func text(_ limit: Int) -> String {
            var text = ""
            for _ in 0..<Int.random(in: 0...limit, using: &generator) { text += pieces.randomElement(using: &generator)! }
            return text
        }
        for _ in 0..<2_000 {
            let feed = text(12)
            let id = "x" + text(20) + "y"
            let link = text(20)
            #expect(EntryKey.key(for: Entry(id: id, title: "t"), feedURL: feed, normalizedLink: nil) == "id:\(feed) \(id)")
            #expect(EntryKey.key(for: Entry(title: "t"), feedURL: feed, normalizedLink: link) == "link:\(link)")
            #expect(EntryKey.joined("", feed, "", "") == feed)
        }
    }
}

