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
}
