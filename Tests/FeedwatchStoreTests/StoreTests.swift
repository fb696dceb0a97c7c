import FeedwatchModel
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("SQLite store")
struct StoreTests {
    let directory: TemporaryDirectory
    let store: Store
    let feed = FeedContext(name: "Example", url: "https://example.org/feed.xml")
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("state/feedwatch.sqlite"))
    }

    /// Matches every entry whose title contains "match" to the topic `t`.
    func classify(_ entry: Entry) -> [Match] {
        (entry.title ?? "").contains("match") ? [Match(topic: "t", score: 2, terms: [MatchedTerm(term: "match", field: "title")])] : []
    }

    func record(_ entries: [Entry], cutoff: Date? = nil, at time: Date? = nil) throws -> RecordResult {
        _ = try store.feedState(url: feed.url, name: feed.name)
        return try store.record(
            entries: entries, feed: feed, feedURL: feed.url, alertCutoff: cutoff, now: time ?? now,
            classify: classify, channels: { _ in ["log"] })
    }

    @Test("recording returns only what is new, and a second recording of the same items alerts nothing")
    func novelty() throws {
        let entries = [
            Entry(id: "1", title: "a match", link: "https://example.org/1"),
            Entry(id: "2", title: "no", link: "https://example.org/2"),
        ]
        let first = try record(entries)
        #expect(first.newEntries == 2)
        #expect(first.alerts.map(\.entry.id) == ["1"])
        let second = try record(entries)
        #expect(second.newEntries == 0)
        #expect(second.alerts.isEmpty)
    }

    @Test("an item edited by its publisher (same id, new title) is not a new alert")
    func editedItem() throws {
        _ = try record([Entry(id: "1", title: "a match", link: "https://example.org/1")])
        let edited = try record([Entry(id: "1", title: "a match, corrected", link: "https://example.org/1")])
        #expect(edited.newEntries == 0)
        #expect(edited.alerts.isEmpty)
    }

    @Test("the same page reached through another feed does not alert twice")
    func samePageTwoFeeds() throws {
        _ = try record([Entry(id: "1", title: "a match", link: "https://example.org/story?utm_source=rss")])
        let other = FeedContext(name: "Other", url: "https://other.example/feed")
        _ = try store.feedState(url: other.url, name: other.name)
        let result = try store.record(
            entries: [Entry(id: "x", title: "a match", link: "http://EXAMPLE.org/story#top")], feed: other,
            feedURL: other.url, alertCutoff: nil, now: now, classify: classify, channels: { _ in ["log"] })
        #expect(result.newEntries == 1)
        #expect(result.alerts.isEmpty)
    }

    @Test("on a first fetch only items inside the catch-up window alert; older and undated ones are seen")
    func catchup() throws {
        let cutoff = now.addingTimeInterval(-86_400)
        let result = try record(
            [
                Entry(id: "new", title: "match new", published: now.addingTimeInterval(-3600)),
                Entry(id: "old", title: "match old", published: now.addingTimeInterval(-3 * 86_400)),
                Entry(id: "undated", title: "match undated"),
            ], cutoff: cutoff)
        #expect(result.newEntries == 3)
        #expect(result.alerts.map(\.entry.id) == ["new"])
        #expect(result.suppressed == 2)
        #expect(try record([Entry(id: "old", title: "match old")]).alerts.isEmpty)
    }

    @Test("the outbox hands out each alert until it is marked delivered")
    func outbox() throws {
        _ = try record([Entry(id: "1", title: "a match"), Entry(id: "2", title: "another match")])
        // Queued alerts are planned (volume control) before they are due; here, each on its own at once.
        #expect(try store.dueDeliveries(now: now).isEmpty)
        try store.planQueuedDeliveries { .single(at: $0.createdAt) }
        let due = try store.dueDeliveries(now: now)
        #expect(due.count == 2)
        try store.markDelivered(due[0].id, at: now)
        try store.markAttemptFailed(due[1].id, error: "421 try later", retryAt: now.addingTimeInterval(60))
        #expect(try store.dueDeliveries(now: now).isEmpty)
        let later = try store.dueDeliveries(now: now.addingTimeInterval(61))
        #expect(later.map(\.id) == [due[1].id])
        #expect(later[0].attempts == 1)
        try store.markAttemptFailed(due[1].id, error: "550 no such user", retryAt: nil)
        #expect(try store.outboxCounts() == OutboxCounts(pending: 0, failed: 1, delivered: 1))
    }

    @Test("matches of a window come back with their explanation, for digests")
    func matchesInWindow() throws {
        _ = try record([Entry(id: "1", title: "a match", link: "https://example.org/1")])
        let alerts = try store.matches(in: DateInterval(start: now.addingTimeInterval(-1), duration: 10))
        #expect(alerts.count == 1)
        #expect(alerts[0].match.terms == [MatchedTerm(term: "match", field: "title")])
        #expect(alerts[0].feed.name == "Example")
        #expect(try store.matches(in: DateInterval(start: now.addingTimeInterval(1), duration: 10)).isEmpty)
    }

    @Test("fetch outcomes keep validators, count failures and clear them on success")
    func fetchRecords() throws {
        _ = try store.feedState(url: feed.url, name: feed.name)
        try store.recordFetch(
            url: feed.url, .fetched(status: 200, etag: "\"e1\"", lastModified: "Mon", movedTo: nil), at: now,
            nextPollAt: now.addingTimeInterval(60))
        try store.recordFetch(url: feed.url, .failed(status: 500, message: "HTTP 500", isGone: false), at: now, nextPollAt: now)
        try store.recordFetch(url: feed.url, .failed(status: nil, message: "timeout", isGone: false), at: now, nextPollAt: now)
        var state = try store.feedState(url: feed.url, name: feed.name)
        #expect(state.etag == "\"e1\"")
        #expect(state.consecutiveFailures == 2)
        #expect(state.lastError == "timeout")
        #expect(state.failingSince == now)
        try store.recordFetch(url: feed.url, .notModified, at: now, nextPollAt: now)
        state = try store.feedState(url: feed.url, name: feed.name)
        #expect(state.consecutiveFailures == 0)
        #expect(state.lastError == nil)
        #expect(state.etag == "\"e1\"")
    }

    @Test("pruning keeps keys, so a pruned item is still not new")
    func pruning() throws {
        _ = try record([Entry(id: "1", title: "a match")])
        let pruned = try store.pruneItems(olderThan: 90, now: now.addingTimeInterval(91 * 86_400))
        #expect(pruned == 1)
        #expect(try record([Entry(id: "1", title: "a match")], at: now.addingTimeInterval(92 * 86_400)).newEntries == 0)
    }

    @Test("entry keys follow the documented chain")
    func keys() {
        #expect(EntryKey.key(for: Entry(id: " 42 ", link: "https://a.example/x"), feedURL: "F") == "id:F 42")
        #expect(EntryKey.key(for: Entry(link: "HTTP://A.example/x?utm_medium=rss&b=1#c"), feedURL: "F")
            == "link:https://a.example/x?b=1")
        let hashed = EntryKey.key(for: Entry(title: "t"), feedURL: "F")
        #expect(hashed.hasPrefix("hash:"))
        #expect(hashed == EntryKey.key(for: Entry(title: "t"), feedURL: "F"))
        #expect(hashed != EntryKey.key(for: Entry(title: "u"), feedURL: "F"))
    }

    @Test("the database passes SQLite's integrity check")
    func integrity() throws {
        _ = try record([Entry(id: "1", title: "a match")])
        #expect(try store.integrityCheck() == ["ok"])
    }
}
