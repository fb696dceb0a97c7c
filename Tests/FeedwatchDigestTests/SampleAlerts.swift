import Foundation
import FeedwatchDigest
import FeedwatchModel
import Testing

/// Alerts and feed health for digest tests, built in code so each test shows what it feeds in.
enum SampleAlerts {
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// An instant from an ISO 8601 string with an offset or Z.
    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static let reuters = FeedContext(name: "Reuters World", url: "https://example.com/reuters.xml", language: "en")
    static let apNews = FeedContext(name: "AP News", url: "https://example.com/ap.xml", language: "en")
    static let primicias = FeedContext(name: "Primicias", url: "https://example.com/primicias.xml", language: "es")
    static let state = FeedContext(name: "US State Dept", url: "https://example.com/state.xml", language: "en")

    static func alert(
        _ key: String, topic: String, score: Double, feed: FeedContext, title: String?, link: String?,
        summary: String? = nil, published: String? = nil, firstSeen: String,
        terms: [MatchedTerm] = [MatchedTerm(term: "trade", field: "title")]
    ) -> Alert {
        Alert(
            entryKey: key, feed: feed,
            entry: Entry(
                id: key, title: title, link: link, published: published.map(instant), summary: summary),
            match: Match(topic: topic, score: score, terms: terms), firstSeen: instant(firstSeen))
    }

    /// A day (2026-03-08, the New York spring-forward day) with two topics, one story carried by two
    /// feeds, a Spanish story, an item without a link and one first seen the evening before.
    static var springForwardDay: [Alert] {
        [
            alert(
                "r1", topic: "trade", score: 2.0, feed: reuters,
                title: "Ecuador and US sign trade deal on critical minerals - Reuters",
                link: "https://example.com/reuters/ecuador-us-trade",
                summary: "Ecuador and the United States signed a framework agreement on Sunday.",
                published: "2026-03-08T14:05:00Z", firstSeen: "2026-03-08T14:10:00Z",
                terms: [
                    MatchedTerm(term: "trade", field: "title", snippet: "Ecuador and US sign [trade] deal"),
                    MatchedTerm(term: "\"critical minerals\"", field: "title"),
                ]),
            alert(
                "a1", topic: "trade", score: 1.6, feed: apNews,
                title: "Ecuador, US sign trade deal on critical minerals | AP News",
                link: "https://example.com/ap/ecuador-trade-deal",
                summary: "The deal covers lithium and copper.",
                published: "2026-03-08T15:00:00Z", firstSeen: "2026-03-08T15:02:00Z"),
            alert(
                "p1", topic: "trade", score: 2.5, feed: primicias,
                title: "Ecuador firma acuerdo comercial con Estados Unidos",
                link: "https://example.com/primicias/acuerdo",
                summary: "El Gobierno firmó un acuerdo comercial que reduce aranceles.",
                published: nil, firstSeen: "2026-03-08T06:30:00Z",
                terms: [MatchedTerm(term: "comercial", field: "title")]),
            alert(
                "s1", topic: "migration", score: 1.2, feed: state,
                title: "Joint statement on migration cooperation",
                link: nil, summary: "The United States and Ecuador reaffirmed cooperation on safe migration.",
                published: "2026-03-09T03:30:00Z", firstSeen: "2026-03-09T03:45:00Z",
                terms: [MatchedTerm(term: "migra*", field: "title")]),
            // 23:30 EST on March 7: belongs to the day before.
            alert(
                "r0", topic: "trade", score: 3.0, feed: reuters, title: "Yesterday's trade news",
                link: "https://example.com/reuters/yesterday", firstSeen: "2026-03-08T04:30:00Z"),
        ]
    }

    static var health: [FeedHealth] {
        [
            FeedHealth(
                name: "Reuters World", url: reuters.url, lastSuccess: instant("2026-03-09T11:00:00Z"),
                lastNewItem: instant("2026-03-08T15:02:00Z")),
            FeedHealth(
                name: "El Universo", url: "https://example.com/universo.xml",
                lastSuccess: instant("2026-03-05T10:00:00Z"), failingSince: instant("2026-03-05T11:00:00Z"),
                lastError: "HTTP 503 from https://example.com/universo.xml"),
            FeedHealth(
                name: "Old Blog", url: "https://example.com/old.xml", failingSince: instant("2026-03-01T11:00:00Z"),
                lastError: "HTTP 410 Gone", isGone: true),
            FeedHealth(
                name: "Quiet Ministry", url: "https://example.com/quiet.xml",
                lastSuccess: instant("2026-03-09T11:00:00Z"), lastNewItem: instant("2026-02-27T09:00:00Z")),
        ]
    }

    static let now = instant("2026-03-09T12:00:00Z")

    static var springForwardDigest: Digest {
        get throws {
            try DigestBuilder.build(
                day: "2026-03-08", timeZone: newYork, alerts: springForwardDay, feedHealth: health, now: now)
        }
    }
}

/// Reads and (with FEEDWATCH_UPDATE_GOLDENS=1) rewrites golden files beside the tests.
enum Golden {
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["FEEDWATCH_UPDATE_GOLDENS"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures").appendingPathComponent(name)
            try Data(actual.utf8).write(to: url)
        }
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil), "missing golden \(name)",
            sourceLocation: sourceLocation)
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "rendering differs from golden \(name)", sourceLocation: sourceLocation)
    }
}
