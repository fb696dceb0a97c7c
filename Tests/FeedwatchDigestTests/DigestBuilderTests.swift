import Foundation
import FeedwatchDigest
import FeedwatchModel
import Testing

@Suite("Building a digest")
struct DigestBuilderTests {
    @Test("only alerts first seen within the local day are included, across the DST change")
    func filtersToLocalDay() throws {
        let digest = try SampleAlerts.springForwardDigest
        let keys = Set(digest.sections.flatMap { $0.items.flatMap { $0.members.map(\.entryKey) } })
        // r0 was seen at 23:30 EST the day before; s1 at 23:45 EDT on the day, after the 23-hour UTC span
        // a naive 24-hour window from midnight would have covered differently.
        #expect(keys == ["r1", "a1", "p1", "s1"])
        #expect(digest.alertCount == 4)
    }

    @Test("an alert at 23:30 local on the 25-hour fall-back day belongs to that day")
    func fallBackLateEvening() throws {
        let late = SampleAlerts.alert(
            "late", topic: "trade", score: 1, feed: SampleAlerts.reuters, title: "Late news", link: nil,
            firstSeen: "2026-11-02T04:30:00Z")
        let first = try DigestBuilder.build(
            day: "2026-11-01", timeZone: SampleAlerts.newYork, alerts: [late], feedHealth: [], now: SampleAlerts.now)
        let second = try DigestBuilder.build(
            day: "2026-11-02", timeZone: SampleAlerts.newYork, alerts: [late], feedHealth: [], now: SampleAlerts.now)
        #expect(first.alertCount == 1)
        #expect(second.alertCount == 0)
    }

    @Test("sections are per topic in name order, and the same alert given twice counts once")
    func sectionsPerTopic() throws {
        let alerts = SampleAlerts.springForwardDay + [SampleAlerts.springForwardDay[0]]
        let digest = try DigestBuilder.build(
            day: "2026-03-08", timeZone: SampleAlerts.newYork, alerts: alerts, feedHealth: [], now: SampleAlerts.now)
        #expect(digest.sections.map(\.topic) == ["migration", "trade"])
        #expect(digest.alertCount == 4)
    }

    @Test("near-duplicate titles from two feeds become one story with two sources")
    func clustersNearDuplicates() throws {
        let trade = try #require(try SampleAlerts.springForwardDigest.sections.first { $0.topic == "trade" })
        #expect(trade.items.count == 2)
        let story = try #require(trade.items.first { $0.alert.entryKey == "r1" })
        #expect(story.related.map(\.entryKey) == ["a1"])
        #expect(story.sourceCount == 2)
        #expect(story.sources.map(\.name) == ["Reuters World", "AP News"])
        #expect(story.matchedTerms == ["trade", "\"critical minerals\""])
    }

    @Test("a story two feeds carry outranks a stronger match only one feed carries")
    func ranksBySources() throws {
        let trade = try #require(try SampleAlerts.springForwardDigest.sections.first { $0.topic == "trade" })
        // r1+a1: 2.0 × 1.5 = 3.0 beats p1's single-source 2.5.
        #expect(trade.items.map(\.alert.entryKey) == ["r1", "p1"])
        #expect(trade.items[0].rank == 3.0)
    }

    @Test("stories with different subjects stay apart even when they share most words")
    func keepsDifferentStoriesApart() {
        func make(_ key: String, _ title: String, _ feed: FeedContext) -> Alert {
            SampleAlerts.alert(
                key, topic: "t", score: 1, feed: feed, title: title, link: "https://example.com/\(key)",
                firstSeen: "2026-03-08T12:00:00Z")
        }
        let alerts = [
            make("x", "Ecuador signs trade deal", SampleAlerts.reuters),
            make("y", "Ecuador signs migration deal", SampleAlerts.apNews),
            make("z", "Ecuador signs the trade deal - AP News", SampleAlerts.apNews),
        ]
        let digest = DigestBuilder.build(
            day: try! DigestDay(parsing: "2026-03-08"), timeZone: SampleAlerts.newYork, alerts: alerts, feedHealth: [],
            now: SampleAlerts.now)
        let stories = digest.sections[0].items.map { $0.members.map(\.entryKey).sorted() }
        #expect(stories.count == 2)
        #expect(stories.contains(["x", "z"]))
        #expect(stories.contains(["y"]))
    }

    @Test("the same link reported twice is one story whatever the titles say")
    func clustersSameLink() throws {
        let alerts = [
            SampleAlerts.alert(
                "one", topic: "t", score: 1, feed: SampleAlerts.reuters, title: "First headline",
                link: "https://www.example.com/story/1/", firstSeen: "2026-03-08T12:00:00Z"),
            SampleAlerts.alert(
                "two", topic: "t", score: 1, feed: SampleAlerts.apNews, title: "Completely other words",
                link: "http://example.com/story/1#top", firstSeen: "2026-03-08T13:00:00Z"),
        ]
        let digest = try DigestBuilder.build(
            day: "2026-03-08", timeZone: SampleAlerts.newYork, alerts: alerts, feedHealth: [], now: SampleAlerts.now)
        #expect(digest.storyCount == 1)
        #expect(digest.sections[0].items[0].sourceCount == 2)
    }

    @Test("feed health lists gone, then failing, then silent feeds, and counts the healthy ones")
    func feedHealth() throws {
        let digest = try SampleAlerts.springForwardDigest
        #expect(digest.feedHealth.map(\.feed.name) == ["Old Blog", "El Universo", "Quiet Ministry"])
        #expect(digest.feedHealth.map(\.days) == [8, 4, 10])
        #expect(digest.healthyFeedCount == 1)
        #expect(digest.feedHealth[1].status == .failing(since: SampleAlerts.instant("2026-03-05T11:00:00Z")))
    }

    @Test("a feed whose last new item is recent, or unknown, is not called silent")
    func notSilent() {
        let now = SampleAlerts.now
        let recent = FeedHealth(name: "a", url: "u", lastSuccess: now, lastNewItem: now.addingTimeInterval(-86_400))
        let unknown = FeedHealth(name: "b", url: "v", lastSuccess: now)
        #expect(FeedHealthReport.assess(recent, now: now, silentAfter: DigestBuilder.defaultSilentAfter) == nil)
        #expect(FeedHealthReport.assess(unknown, now: now, silentAfter: DigestBuilder.defaultSilentAfter) == nil)
    }

    @Test("a day with nothing says so in every format")
    func emptyDay() throws {
        let digest = try DigestBuilder.build(
            day: "2026-03-08", timeZone: SampleAlerts.newYork, alerts: [], feedHealth: [], now: SampleAlerts.now)
        #expect(digest.isEmpty)
        for format in DigestFormat.allCases {
            #expect(DigestRenderer.render(digest, as: format).contains("no new matches"))
        }
        #expect(DigestRenderer.subject(digest) == "feedwatch digest 2026-03-08: no new matches")
    }

    @Test("an unknown format name is refused, naming it")
    func unknownFormat() throws {
        #expect(throws: DigestError.unknownFormat("pdf")) { try DigestFormat(named: "pdf") }
        #expect(try DigestFormat(named: "md") == .markdown)
    }
}

@Suite("Previewing a digest from a feed document")
struct DigestPreviewTests {
    @Test("every item appears under the topic preview, near-duplicates clustered, whatever its date")
    func preview() {
        let entries = [
            Entry(id: "1", title: "Ecuador signs trade deal with US", link: "https://example.com/1"),
            Entry(id: "2", title: "Ecuador signs trade deal with US - AP", link: "https://example.com/2"),
            Entry(title: "Old item", link: "https://example.com/3", published: SampleAlerts.instant("2020-01-01T00:00:00Z")),
        ]
        let digest = DigestBuilder.preview(
            entries: entries, feed: SampleAlerts.reuters, timeZone: SampleAlerts.newYork, now: SampleAlerts.now)
        #expect(digest.sections.map(\.topic) == ["preview"])
        #expect(digest.alertCount == 3)
        #expect(digest.storyCount == 2)
        #expect(digest.day.description == "2026-03-09")
    }
}
