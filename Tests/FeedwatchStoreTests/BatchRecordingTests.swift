import FeedwatchModel
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

/// A pass writes several feeds' items and fetch outcomes in one transaction (`Store.record(_:)`), and
/// the insert itself decides novelty. Deduplication must be what it was with one feed a transaction.
@Suite("Recording several feeds in one transaction")
struct BatchRecordingTests {
    let directory: TemporaryDirectory
    let store: Store
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let first = FeedContext(name: "First", url: "https://first.example/feed")
    let second = FeedContext(name: "Second", url: "https://second.example/feed")

    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("feedwatch.sqlite"))
        _ = try store.feedStates(ensuring: [(first.url, first.name), (second.url, second.name)])
    }

    /// Every entry whose title contains "match" matches the topic `t`.
    func classify(_ entry: Entry) -> [Match] {
        (entry.title ?? "").contains("match")
            ? [Match(topic: "t", score: 2, terms: [MatchedTerm(term: "match", field: "title")])] : []
    }

    func prepare(_ entries: [Entry], from feed: FeedContext, checksSeen: Bool = true) throws -> ItemRecording {
        try store.prepareRecording(
            entries: entries, feed: feed, feedURL: feed.url, alertCutoff: nil, now: now, checksSeen: checksSeen,
            classify: classify, channels: { _ in ["log"] })
    }

    func fetched(_ feed: FeedContext, etag: String) -> RecordedFetch {
        RecordedFetch(
            url: feed.url, record: .fetched(status: 200, etag: etag, lastModified: nil, movedTo: nil), at: now,
            nextPollAt: now.addingTimeInterval(1800))
    }

    @Test("each feed's result counts its own items; the same page through two feeds of one batch alerts once")
    func twoFeedsOneTransaction() throws {
        let results = try store.record(
            [
                FeedUpdate(
                    items: try prepare(
                        [Entry(id: "a", title: "a match", link: "https://news.example/story?utm_source=first")],
                        from: first),
                    fetch: fetched(first, etag: "\"1\"")),
                FeedUpdate(
                    items: try prepare(
                        [
                            Entry(id: "b", title: "the match again", link: "http://NEWS.example/story#comments"),
                            Entry(id: "c", title: "no"),
                        ], from: second),
                    fetch: fetched(second, etag: "\"2\"")),
            ], isDurable: true)
        #expect(results.map(\.newEntries) == [1, 2])
        #expect(results[0].alerts.map(\.entry.id) == ["a"])
        #expect(results[1].alerts.isEmpty)
        let states = Dictionary(uniqueKeysWithValues: try store.feedStates().map { ($0.url, $0) })
        #expect(states[first.url]?.etag == "\"1\"")
        #expect(states[second.url]?.etag == "\"2\"")
        #expect(states[first.url]?.itemsSeen == 1)
        #expect(states[second.url]?.itemsSeen == 2)
        #expect(try store.outboxCounts().pending == 1)
    }

    @Test(
        "an item seen before is not new when its guid's feed changes the link, or when its link gains tracking or a fragment"
    )
    func changedLinkOrGuid() throws {
        _ = try store.record(
            [
                FeedUpdate(
                    items: try prepare(
                        [
                            Entry(id: "1", title: "match one", link: "https://news.example/one"),
                            Entry(title: "match two", link: "https://news.example/two?id=2"),
                        ], from: first), fetch: nil)
            ], isDurable: true)
        let again = try store.record(
            [
                FeedUpdate(
                    items: try prepare(
                        [
                            // Same guid, the publisher moved the page: the guid is the identity.
                            Entry(id: "1", title: "match one, updated", link: "https://news.example/one-moved"),
                            // No guid: the same page, spelled with another scheme, case, tracking and fragment.
                            Entry(
                                title: "match two", link: "HTTP://News.Example:80/two?id=2&utm_campaign=x&fbclid=y#top"),
                        ], from: first), fetch: nil),
                // A new guid for a page already recorded: a new item, but not a second alert.
                FeedUpdate(
                    items: try prepare(
                        [Entry(id: "9", title: "match one", link: "https://news.example/one")], from: first),
                    fetch: nil),
            ], isDurable: true)
        #expect(again[0].newEntries == 0)
        #expect(again[0].alerts.isEmpty)
        #expect(again[1].newEntries == 1)
        #expect(again[1].alerts.isEmpty)
        #expect(try store.outboxCounts().pending == 2)
    }

    @Test("without the check before classifying, an item the store holds is still not new, and not alerted")
    func uncheckedPreparation() throws {
        let entries = [Entry(id: "1", title: "a match"), Entry(id: "2", title: "another match")]
        _ = try store.record([FeedUpdate(items: try prepare(entries, from: first), fetch: nil)], isDurable: true)
        let again = try store.record(
            [
                FeedUpdate(
                    items: try prepare(
                        entries + [Entry(id: "3", title: "match three")], from: first, checksSeen: false), fetch: nil)
            ],
            isDurable: false)
        #expect(again[0].newEntries == 1)
        #expect(again[0].alerts.map(\.entry.id) == ["3"])
        #expect(try store.outboxCounts().pending == 3)
    }

    @Test("the same entry twice in one batch is recorded and alerted once")
    func sameEntryTwiceInBatch() throws {
        let entry = Entry(id: "1", title: "a match", link: "https://news.example/1")
        let results = try store.record(
            [
                FeedUpdate(items: try prepare([entry], from: first), fetch: nil),
                FeedUpdate(items: try prepare([entry], from: first), fetch: fetched(first, etag: "\"3\"")),
            ], isDurable: false)
        #expect(results.map(\.newEntries) == [1, 0])
        #expect(results.flatMap(\.alerts).count == 1)
        #expect(try store.feedStates().first { $0.url == first.url }?.itemsSeen == 1)
    }

    @Test("items and fetch outcomes of a batch written without an fsync are there after reopening")
    func survivesReopen() throws {
        _ = try store.record(
            [
                FeedUpdate(
                    items: try prepare([Entry(id: "1", title: "a match")], from: first),
                    fetch: fetched(first, etag: "\"4\"")),
                FeedUpdate(
                    items: nil, fetch: RecordedFetch(url: second.url, record: .notModified, at: now, nextPollAt: now)),
            ], isDurable: false)
        try store.syncToDisk()
        let reopened = try Store(path: directory.path("feedwatch.sqlite"))
        let states = Dictionary(uniqueKeysWithValues: try reopened.feedStates().map { ($0.url, $0) })
        #expect(states[first.url]?.etag == "\"4\"")
        #expect(states[first.url]?.itemsSeen == 1)
        #expect(states[second.url]?.lastStatus == 304)
        #expect(
            try reopened.record(
                entries: [Entry(id: "1", title: "a match")], feed: first, feedURL: first.url, alertCutoff: nil,
                now: now,
                classify: classify, channels: { _ in ["log"] }
            ).newEntries == 0)
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test("items_seen counts the new items whatever outcome they are written with, and only the new ones")
    func itemsSeenWithEachOutcome() throws {
        let entries = [Entry(id: "1", title: "a match"), Entry(id: "2", title: "no")]
        let failed = RecordedFetch(
            url: second.url, record: .failed(status: 500, message: "x", isGone: false), at: now, nextPollAt: now)
        _ = try store.record(
            [
                FeedUpdate(items: try prepare(entries, from: first), fetch: fetched(first, etag: "\"5\"")),
                FeedUpdate(items: try prepare(entries, from: second), fetch: failed),
            ], isDurable: false)
        _ = try store.record(
            [
                // Seen already, then one new item, with a fetch and without.
                FeedUpdate(
                    items: try prepare(entries + [Entry(id: "3", title: "x")], from: first),
                    fetch: fetched(first, etag: "\"6\"")),
                FeedUpdate(items: try prepare([Entry(id: "4", title: "y")], from: second), fetch: nil),
                FeedUpdate(
                    items: nil,
                    fetch: RecordedFetch(url: second.url, record: .notModified, at: now, nextPollAt: now)),
            ], isDurable: false)
        let states = Dictionary(uniqueKeysWithValues: try store.feedStates().map { ($0.url, $0) })
        #expect(states[first.url]?.itemsSeen == 3)
        #expect(states[first.url]?.etag == "\"6\"")
        #expect(states[second.url]?.itemsSeen == 3)
        #expect(states[second.url]?.lastStatus == 304)
    }
}

