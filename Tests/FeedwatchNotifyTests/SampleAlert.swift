import Foundation
import FeedwatchModel

/// Alerts for notify tests, built in code.
enum SampleAlert {
    static let date = Date(timeIntervalSince1970: 1_772_978_700)  // 2026-03-08T14:05:00Z

    static func make(
        key: String = "entry-1", topic: String = "trade", title: String? = "Ecuador y EE. UU. firman acuerdo comercial",
        link: String? = "https://example.com/news/acuerdo?id=1&lang=es", summary: String? = "El acuerdo reduce aranceles.",
        feedName: String = "Primicias", snippet: String? = "Ecuador firma [acuerdo comercial]"
    ) -> Alert {
        Alert(
            entryKey: key, feed: FeedContext(name: feedName, url: "https://example.com/feed.xml", language: "es"),
            entry: Entry(id: key, title: title, link: link, published: date, summary: summary),
            match: Match(
                topic: topic, score: 2.5,
                terms: [
                    MatchedTerm(term: "\"acuerdo comercial\"", field: "title", snippet: snippet),
                    MatchedTerm(term: "arancel*", field: "summary"),
                ]),
            firstSeen: date.addingTimeInterval(60))
    }

    /// A title that tries everything: header injection by every kind of line break, HTML, a script link.
    static let hostileTitle =
        "Breaking\r\nBcc: victim@example.com\nX-Injected: 1\u{85}X-Nel: 2\u{2028}X-Ls: 3\u{2029}X-Ps: 4\r\n\r\n<script>alert(1)</script>"
}
