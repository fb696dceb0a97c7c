import Foundation
import FeedwatchDigest
import FeedwatchModel
import Testing

@Suite("Alerts held back by an hourly cap in the digest")
struct DigestOverflowTests {
    let alerts = [
        SampleAlerts.alert(
            "sent", topic: "trade", score: 2, feed: SampleAlerts.reuters, title: "Tariffs rise", link: nil,
            published: "2026-03-08T15:00:00Z", firstSeen: "2026-03-08T15:00:00Z"),
        SampleAlerts.alert(
            "held", topic: "trade", score: 1, feed: SampleAlerts.apNews, title: "Port strike <b>ends</b>", link: nil,
            published: "2026-03-08T15:10:00Z", firstSeen: "2026-03-08T15:10:00Z"),
    ]

    func digest(overflowed: Set<String>) throws -> Digest {
        try DigestBuilder.build(
            day: "2026-03-08", timeZone: SampleAlerts.newYork, alerts: alerts, feedHealth: [], now: SampleAlerts.now,
            overflowed: overflowed)
    }

    @Test("a story over the cap is listed and marked in every format, and counted in the summary")
    func marked() throws {
        let digest = try digest(overflowed: ["trade:held"])
        #expect(digest.overflowCount == 1)
        let items = digest.sections.flatMap(\.items)
        #expect(items.map(\.isOverflow) == [false, true])
        let text = DigestRenderer.render(digest, as: .text)
        #expect(text.contains("2 stories in 1 topic, 1 over an hourly cap"))
        #expect(text.components(separatedBy: "(\(DigestItem.overflowNote))").count == 2)
        let markdown = DigestRenderer.render(digest, as: .markdown)
        #expect(markdown.contains("_not sent as an alert: over the topic's hourly cap_"))
        let html = DigestRenderer.render(digest, as: .html)
        #expect(html.contains("not sent as an alert: over the topic&#39;s hourly cap") || html.contains("&#x27;s hourly cap"))
        #expect(!html.contains("<b>ends</b>"))
        #expect(DigestRenderer.subject(digest).hasSuffix(", 1 over an hourly cap"))
    }

    @Test("without overflow nothing is marked and the wording is unchanged")
    func unmarked() throws {
        let digest = try digest(overflowed: [])
        #expect(digest.overflowCount == 0)
        #expect(!DigestRenderer.render(digest, as: .text).contains("hourly cap"))
    }
}
