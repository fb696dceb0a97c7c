@testable import FeedwatchStore
import FeedwatchModel
import FeedwatchTestSupport
import Foundation
import GRDB
import Testing

/// Only an item with matches keeps its text (id, title, link, summary): alerts and digests read it
/// through a match, and nothing reads the text of an item that matched nothing. Such an item keeps
/// what recognises it later: its key, feed, normalized link and dates.
@Suite("An item keeps its text only if it matched")
struct ItemTextTests {
    let directory: TemporaryDirectory
    let store: Store
    let feed = FeedContext(name: "Example", url: "https://example.org/feed.xml")
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let published = Date(timeIntervalSince1970: 1_789_999_000)

    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("feedwatch.sqlite"))
        _ = try store.feedState(url: feed.url, name: feed.name)
    }

    /// Matches every entry whose title contains "match" to the topic `t`.
    static func classify(_ entry: Entry) -> [Match] {
        (entry.title ?? "").contains("match") ? [Match(topic: "t", score: 2, terms: [MatchedTerm(term: "match", field: "title")])] : []
    }

    func record(_ entries: [Entry], feed: FeedContext? = nil, at time: Date? = nil) throws -> RecordResult {
        let feed = feed ?? self.feed
        return try store.record(
            entries: entries, feed: feed, feedURL: feed.url, alertCutoff: nil, now: time ?? now,
            classify: Self.classify, channels: { _ in ["log"] })
    }

    /// The stored row of the item with feed id `id`.
    func row(id: String, feedURL: String? = nil) throws -> Row? {
        try store.database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM item WHERE key = ?", arguments: ["id:\(feedURL ?? feed.url) \(id)"])
        }
    }

    var matched: Entry {
        Entry(
            id: "1", title: "a match", link: "https://example.org/1", published: published,
            summary: "What the alert shows.")
    }

    var unmatched: Entry {
        Entry(
            id: "2", title: "private reading", link: "https://example.org/2?utm_source=rss", published: published,
            summary: "Nothing anyone asked about.")
    }

    @Test("an unmatched item keeps its key, feed, page and dates but no text; a matched one keeps its text")
    func storedFields() throws {
        let result = try record([matched, unmatched])
        #expect(result.newEntries == 2)
        let plain = try #require(try row(id: "2"))
        #expect(plain["feed_url"] as String? == feed.url)
        #expect(plain["link_key"] as String? == "https://example.org/2")
        #expect(plain["published_at"] as Double? == published.timeIntervalSince1970)
        #expect(plain["first_seen_at"] as Double? == now.timeIntervalSince1970)
        for column in ["guid", "title", "link", "summary"] {
            #expect((plain[column] as DatabaseValue).isNull, "\(column)")
        }
        #expect(plain["fields_pruned"] as Int? == 1)
        let kept = try #require(try row(id: "1"))
        #expect(kept["guid"] as String? == "1")
        #expect(kept["title"] as String? == "a match")
        #expect(kept["link"] as String? == "https://example.org/1")
        #expect(kept["summary"] as String? == "What the alert shows.")
        #expect(kept["fields_pruned"] as Int? == 0)
    }

    @Test("digests and deliveries read a matched item's text as it was recorded")
    func alertsUnchanged() throws {
        let result = try record([unmatched, matched])
        let alert = try #require(result.alerts.first)
        #expect(result.alerts.count == 1)
        let digest = try store.matches(in: DateInterval(start: now.addingTimeInterval(-1), duration: 10))
        _ = try store.planQueuedDeliveries { .single(at: $0.createdAt) }
        let delivered = try store.dueDeliveries(now: now)
        for stored in [try #require(digest.first), try #require(delivered.first?.alert)] {
            #expect(stored.entryKey == alert.entryKey)
            #expect(stored.entry.id == "1")
            #expect(stored.entry.title == alert.entry.title)
            #expect(stored.entry.link == alert.entry.link)
            #expect(stored.entry.summary == alert.entry.summary)
            #expect(stored.entry.published == published)
            #expect(stored.feed == alert.feed)
            #expect(stored.match == alert.match)
        }
        #expect(digest.count == 1)
        #expect(delivered.count == 1)
    }

    @Test("an unmatched item is still recognised: not new again, and its page does not alert through another feed")
    func unmatchedStillRecognised() throws {
        _ = try record([unmatched])
        // Edited by its publisher so that it would match now: still the same item, not new.
        var edited = unmatched
        edited.title = "a match after all"
        let again = try record([edited], at: now.addingTimeInterval(60))
        #expect(again.newEntries == 0)
        #expect(again.alerts.isEmpty)
        // The same page through another feed, matching there: seen, no alert.
        let other = FeedContext(name: "Other", url: "https://other.example/feed")
        _ = try store.feedState(url: other.url, name: other.name)
        let elsewhere = try record(
            [Entry(id: "x", title: "a match", link: "http://EXAMPLE.org/2#top")], feed: other,
            at: now.addingTimeInterval(120))
        #expect(elsewhere.newEntries == 1)
        #expect(elsewhere.alerts.isEmpty)
        #expect(try store.matches(in: DateInterval(start: now, duration: 3600)).isEmpty)
    }

    @Test("pruning counts only items whose text it dropped")
    func pruning() throws {
        _ = try record([matched, unmatched])
        let later = now.addingTimeInterval(91 * 86_400)
        #expect(try store.pruneItems(olderThan: 90, now: later) == 1)
        let kept = try #require(try row(id: "1"))
        #expect((kept["title"] as DatabaseValue).isNull)
        #expect(kept["fields_pruned"] as Int? == 1)
        #expect(try store.pruneItems(olderThan: 90, now: later) == 0)
        #expect(try record([matched, unmatched], at: later).newEntries == 0)
    }
}

/// Pruning's index holds only items with text (`v5-unpruned-index`), and a database made before it
/// keeps working: its items, all with text, are indexed and pruned as before.
@Suite("The index of items with text")
struct UnprunedIndexTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("pruning reads the partial index, which holds only items with text")
    func prunePlan() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("feedwatch.sqlite"))
        let feed = FeedContext(name: "F", url: "https://f.example/rss")
        _ = try store.feedState(url: feed.url, name: feed.name)
        _ = try store.record(
            entries: [Entry(id: "1", title: "a match"), Entry(id: "2", title: "plain"), Entry(id: "3", title: "plain")],
            feed: feed, feedURL: feed.url, alertCutoff: nil, now: now, classify: ItemTextTests.classify,
            channels: { _ in [] })
        let (plan, indexed) = try store.database.read { db in
            (
                try Row.fetchAll(
                    db,
                    sql: """
                        EXPLAIN QUERY PLAN UPDATE item SET title = NULL, summary = NULL, link = NULL, fields_pruned = 1
                        WHERE first_seen_at < ? AND fields_pruned = 0
                        """, arguments: [now.timeIntervalSince1970]
                ).map { $0["detail"] as String }.joined(separator: "\n"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item INDEXED BY item_unpruned WHERE fields_pruned = 0")
            )
        }
        #expect(plan.contains("item_unpruned"), "\(plan)")
        #expect(indexed == 1)
    }

    @Test("a database made before the partial index opens, keeps its items and prunes them")
    func migration() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("feedwatch.sqlite")
        do {
            // The schema as it was before (up to v4), with an item stored with its text as then.
            let old = try DatabaseQueue(path: path)
            try Store.migrator.migrate(old, upTo: "v4-feed-schedule")
            try old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO item (key, feed_url, link_key, guid, title, link, summary, published_at, first_seen_at)
                        VALUES ('id:https://f.example/rss 1', 'https://f.example/rss', 'https://f.example/1', '1',
                            'old title', 'https://f.example/1', 'old summary', NULL, ?)
                        """, arguments: [now.timeIntervalSince1970])
            }
        }
        let store = try Store(path: path)
        #expect(try store.integrityCheck() == ["ok"])
        let indexes = try store.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'item'")
        }
        #expect(indexes.contains("item_unpruned"))
        #expect(!indexes.contains("item_first_seen"))
        let feed = FeedContext(name: "F", url: "https://f.example/rss")
        let again = try store.record(
            entries: [Entry(id: "1", title: "a match")], feed: feed, feedURL: feed.url, alertCutoff: nil, now: now,
            classify: ItemTextTests.classify, channels: { _ in ["log"] })
        #expect(again.newEntries == 0)
        #expect(try store.pruneItems(olderThan: 90, now: now.addingTimeInterval(91 * 86_400)) == 1)
    }
}
