@testable import FeedwatchStore
import FeedwatchModel
import FeedwatchTestSupport
import Foundation
import GRDB
import Testing

/// Entries go into `item` by multi-row INSERTs (`ItemInsert`); the rows, their rowids, the matches,
/// the outbox and the results must be what one INSERT an entry wrote (the way before, kept below as
/// the reference), whatever the store already holds and however entries repeat keys or pages.
@Suite("Items inserted by chunks write what one insert an entry wrote")
struct ItemInsertTests {
    let directory: TemporaryDirectory
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Entries whose title contains "match" match topic `t`, and those containing "both" topic `u` too.
    static func classify(_ entry: Entry) -> [Match] {
        let title = entry.title ?? ""
        var matches: [Match] = []
        if title.contains("match") { matches.append(Match(topic: "t", score: 2, terms: [MatchedTerm(term: "match", field: "title")])) }
        if title.contains("both") { matches.append(Match(topic: "u", score: 1.5, terms: [MatchedTerm(term: "both", field: "title")])) }
        return matches
    }

    /// The recording as it was before chunks: one INSERT an entry, the same-page look after it.
    static func referenceWrite(_ items: ItemRecording, in db: Database) throws -> RecordResult {
        var result = RecordResult(newEntries: 0, alerts: [], suppressed: 0)
        let time = items.now.timeIntervalSince1970
        for prepared in items.entries {
            let entry = prepared.entry
            // An entry without matches is stored without its text (and so counts as pruned already).
            let keepsText = !prepared.matches.isEmpty
            try db.execute(
                sql: """
                    INSERT INTO item (key, feed_url, link_key, guid, title, link, summary, published_at, first_seen_at,
                        fields_pruned)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
                    """,
                arguments: [
                    prepared.key, items.feedURL, prepared.linkKey, keepsText ? entry.id : nil,
                    keepsText ? entry.title : nil, keepsText ? entry.link : nil,
                    keepsText ? Store.clip(entry.summary ?? entry.content) : nil,
                    (entry.published ?? entry.updated)?.timeIntervalSince1970, time, !keepsText,
                ])
            if db.changesCount == 0 { continue }
            result.newEntries += 1
            if let linkKey = prepared.linkKey,
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM item WHERE link_key = ? AND rowid != ? LIMIT 1",
                    arguments: [linkKey, db.lastInsertedRowID]) == true
            {
                continue
            }
            for queued in prepared.matches {
                try db.execute(
                    sql: """
                        INSERT INTO match (item_key, topic, score, terms, feed_name, is_alerted, matched_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        prepared.key, queued.match.topic, queued.match.score, queued.terms, items.feed.name,
                        !queued.channels.isEmpty, time,
                    ])
                if !prepared.mayAlert {
                    result.suppressed += 1
                    continue
                }
                for channel in queued.channels {
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO outbox (item_key, topic, channel, next_attempt_at, created_at)
                            VALUES (?, ?, ?, ?, ?)
                            """, arguments: [prepared.key, queued.match.topic, channel, time, time])
                }
                if !queued.channels.isEmpty {
                    result.alerts.append(
                        Alert(
                            entryKey: prepared.key, feed: items.feed, entry: entry, match: queued.match,
                            firstSeen: items.now))
                }
            }
        }
        return result
    }

    static func rows(_ store: Store) throws -> [[Row]] {
        try store.database.read { db in
            [
                try Row.fetchAll(db, sql: "SELECT rowid, * FROM item ORDER BY rowid"),
                try Row.fetchAll(db, sql: "SELECT rowid, * FROM match ORDER BY rowid"),
                try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id"),
            ]
        }
    }

    @Test("random feeds, some entries known, keys and pages repeated: the same rows, rowids and results")
    func randomFeeds() throws {
        var generator = SystemRandomNumberGenerator()
        let chunked = try Store(path: directory.path("chunked.sqlite"))
        let reference = try Store(path: directory.path("reference.sqlite"))
        let feeds = (0..<3).map { FeedContext(name: "Feed \($0)", url: "https://feed\($0).example/rss") }
        for round in 0..<60 {
            let feed = feeds.randomElement(using: &generator)!
            // Up to 75 entries (every chunk size and several chunks); ids and links from small pools so
            // that entries repeat within a feed and across rounds, pages repeat across ids, and some
            // keys hold a NUL (stored up to it).
            let entries = (0..<Int.random(in: 0...75, using: &generator)).map { _ -> Entry in
                let id = Int.random(in: 0..<120, using: &generator)
                let page = Int.random(in: 0..<90, using: &generator)
                let title = ["a match", "both match", "nothing", "both"].randomElement(using: &generator)!
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: return Entry(title: title, link: "https://news.example/\(page)?utm_source=\(round)")
                case 1: return Entry(title: "\(title) \(id)", summary: "s")
                case 2: return Entry(id: "nul\u{0}\(id % 3)", title: title, link: "https://news.example/\(page)")
                default:
                    return Entry(
                        id: "\(id)", title: title, link: "https://news.example/\(page)",
                        published: Date(timeIntervalSince1970: 1_789_990_000 + Double(id * 100)))
                }
            }
            let cutoff: Date? = Bool.random(using: &generator) ? Date(timeIntervalSince1970: 1_789_995_000) : nil
            let time = now.addingTimeInterval(Double(round))
            func prepare(_ store: Store) throws -> ItemRecording {
                try store.prepareRecording(
                    entries: entries, feed: feed, feedURL: feed.url, alertCutoff: cutoff, now: time,
                    checksSeen: Bool.random(using: &generator), classify: Self.classify,
                    channels: { $0.topic == "t" ? ["log", "mail"] : [] })
            }
            let got = try chunked.record([FeedUpdate(items: try prepare(chunked), fetch: nil)], isDurable: false)[0]
            let items = try prepare(reference)
            let expected = try reference.database.write { db in try Self.referenceWrite(items, in: db) }
            #expect(got.newEntries == expected.newEntries, "round \(round)")
            #expect(got.suppressed == expected.suppressed, "round \(round)")
            #expect(got.alerts.map(\.entryKey) == expected.alerts.map(\.entryKey), "round \(round)")
            #expect(got.alerts.map(\.match.topic) == expected.alerts.map(\.match.topic), "round \(round)")
        }
        let got = try Self.rows(chunked)
        let expected = try Self.rows(reference)
        #expect(got[0].count > 100)
        #expect(got[1].count > 20)
        #expect(got == expected)
    }

    @Test("a chunk whose entries the store partly holds adds only the new ones, with their rowids")
    func partlyKnownChunk() throws {
        let store = try Store(path: directory.path("partly.sqlite"))
        let feed = FeedContext(name: "F", url: "https://f.example/rss")
        func record(_ ids: [String]) throws -> RecordResult {
            try store.record(
                entries: ids.map { Entry(id: $0, title: "a match \($0)", link: "https://f.example/\($0)") }, feed: feed,
                feedURL: feed.url, alertCutoff: nil, now: now, classify: Self.classify, channels: { _ in ["log"] })
        }
        #expect(try record(["2", "4"]).newEntries == 2)
        // 1, 3 and 5 are new; 2 and 4 known; 3 twice in the same chunk.
        let result = try record(["1", "2", "3", "3", "4", "5"])
        #expect(result.newEntries == 3)
        #expect(result.alerts.map(\.entry.id) == ["1", "3", "5"])
        let keys = try store.database.read { db in
            try String.fetchAll(db, sql: "SELECT guid FROM item ORDER BY rowid")
        }
        #expect(keys == ["2", "4", "1", "3", "5"])
    }
}
