import Foundation
import FeedwatchDigest
import FeedwatchModel
import Testing

@Suite("Rendering a digest")
struct DigestRendererTests {
    @Test("the spring-forward day renders as the golden text", arguments: DigestFormat.allCases)
    func golden(format: DigestFormat) throws {
        let rendered = DigestRenderer.render(try SampleAlerts.springForwardDigest, as: format)
        try Golden.check(rendered, against: "digest_spring_forward.\(format.fileExtension)")
    }

    @Test("times show in the zone's offset of that instant: EST before the change, EDT after")
    func localTimes() throws {
        let alerts = [
            SampleAlerts.alert(
                "early", topic: "t", score: 1, feed: SampleAlerts.reuters, title: "Before the change", link: nil,
                published: "2026-03-08T06:30:00Z", firstSeen: "2026-03-08T06:30:00Z"),
            SampleAlerts.alert(
                "later", topic: "t", score: 1, feed: SampleAlerts.apNews, title: "After it", link: nil,
                published: "2026-03-08T07:30:00Z", firstSeen: "2026-03-08T07:30:00Z"),
        ]
        let digest = try DigestBuilder.build(
            day: "2026-03-08", timeZone: SampleAlerts.newYork, alerts: alerts, feedHealth: [], now: SampleAlerts.now)
        let text = DigestRenderer.render(digest, as: .text)
        #expect(text.contains("01:30 EST"))
        #expect(text.contains("03:30 EDT"))
    }

    @Test("the subject counts stories, alerts and topics")
    func subject() throws {
        #expect(
            DigestRenderer.subject(try SampleAlerts.springForwardDigest)
                == "feedwatch digest 2026-03-08: 3 stories (4 alerts) in 2 topics")
    }
}

@Suite("Hostile feed content in a digest")
struct HostileDigestTests {
    static let hostileFeed = FeedContext(
        name: "Evil \"><script>alert('feed')</script>", url: "https://evil.example/feed.xml?a=1&b=<2>")

    static var digest: Digest {
        let alerts = [
            SampleAlerts.alert(
                "h1", topic: "trade<b>", score: 1, feed: hostileFeed,
                title: "<script>alert(1)</script> Trade\r\nBcc: victim@example.com \u{1B}[31mred\u{1B}[0m",
                link: "javascript:alert(document.cookie)",
                summary: "<img src=x onerror=alert(2)> **bold** [click](javascript:alert(3)) \u{2028}line",
                firstSeen: "2026-03-08T12:00:00Z",
                terms: [MatchedTerm(term: "<i>trade</i>", field: "title")]),
            SampleAlerts.alert(
                "h2", topic: "trade<b>", score: 0.5, feed: hostileFeed, title: "Data link",
                link: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", firstSeen: "2026-03-08T12:00:00Z"),
            SampleAlerts.alert(
                "h3", topic: "trade<b>", score: 0.4, feed: hostileFeed, title: "Quote breaker",
                link: "https://ok.example/a\"onmouseover=\"alert(4)", firstSeen: "2026-03-08T12:00:00Z"),
            SampleAlerts.alert(
                "h4", topic: "trade<b>", score: 0.3, feed: hostileFeed, title: "Spaced scheme",
                link: " JaVaScRiPt:alert(5)", firstSeen: "2026-03-08T12:00:00Z"),
        ]
        let health = [
            FeedHealth(
                name: "<b>bad</b>", url: "https://x.example/", failingSince: SampleAlerts.instant("2026-03-08T00:00:00Z"),
                lastError: "error <script>alert(6)</script>\nInjected: header")
        ]
        return DigestBuilder.build(
            day: try! DigestDay(parsing: "2026-03-08"), timeZone: SampleAlerts.newYork, alerts: alerts, feedHealth: health,
            now: SampleAlerts.now)
    }

    @Test("HTML contains only the renderer's own tags, and every href is http(s)")
    func htmlInert() throws {
        let html = DigestRenderer.render(Self.digest, as: .html)
        let allowed: Set<String> = [
            "!DOCTYPE", "html", "head", "meta", "title", "body", "table", "tr", "td", "h1", "h2", "p", "span", "a",
            "strong", "br",
        ]
        let tags = html.matches(of: /<\/?([!A-Za-z][A-Za-z0-9]*)/).map { String($0.output.1) }
        #expect(Set(tags).isSubset(of: allowed), "unexpected tags: \(Set(tags).subtracting(allowed))")
        let hrefs = html.matches(of: /href="([^"]*)"/).map { String($0.output.1) }
        #expect(hrefs.allSatisfy { $0.hasPrefix("https://") || $0.hasPrefix("http://") })
        #expect(html.lowercased().firstMatch(of: /=\s*"?\s*(javascript|data):/) == nil)
        // Attribute values never break out: every quote inside a tag pairs with an attribute.
        #expect(!html.contains("\"onmouseover"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("\u{1B}"))
    }

    @Test("plain text has no control character or line break from a feed: one line per field")
    func textInert() {
        let text = DigestRenderer.render(Self.digest, as: .text)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.contains("\u{2028}"))
        #expect(!text.contains("\r"))
        #expect(text.contains("1. <script>alert(1)</script> Trade Bcc: victim@example.com [31mred [0m"))
        #expect(!text.contains("   javascript:"), "a non-web link is not printed as the item's link")
    }

    @Test("Markdown escapes feed text so it cannot open a tag, a link or emphasis")
    func markdownInert() {
        let markdown = DigestRenderer.render(Self.digest, as: .markdown)
        let withoutOwnLinks = markdown.replacing(/\]\(<https?:[^>]*>\)/, with: "]")
        #expect(withoutOwnLinks.firstMatch(of: /(^|[^\\])<[A-Za-z\/!]/) == nil)
        // The only link destinations are the renderer's own `](<https://...>)`.
        let destinations = markdown.matches(of: /(^|[^\\])\]\((.)/).map { String($0.output.2) }
        #expect(destinations.allSatisfy { $0 == "<" })
        #expect(!markdown.lowercased().contains("(<javascript:"))
        #expect(markdown.contains("\\*\\*bold\\*\\*"))
        #expect(markdown.contains("\\[click\\]\\(javascript:alert\\(3\\)\\)"))
        #expect(markdown.contains("(<https://ok.example/a%22onmouseover=%22alert(4)>)"))
    }
}
