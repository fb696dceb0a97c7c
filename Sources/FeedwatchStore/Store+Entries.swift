import Foundation
import FeedwatchModel
import GRDB

/// What recording one fetched document changed.
public struct RecordResult: Sendable {
    /// Entries the store had not seen before.
    public var newEntries: Int
    /// New matches queued for delivery, one per (entry, topic).
    public var alerts: [Alert]
    /// New matches that did not alert: older than the catch-up window on a feed's first fetch,
    /// or the same page already seen through another feed.
    public var suppressed: Int
}

extension Store {
    /// Records a feed's entries; only entries never seen before are classified, and only their
    /// matches are queued (in the same transaction) for the channels `channels(match)` names.
    ///
    /// - Parameters:
    ///   - feedURL: the configured URL, the feed's identity.
    ///   - alertCutoff: entries published before this may not alert (the catch-up window on a feed's
    ///     first fetch); nil lets every new entry alert. Undated entries count as old then.
    ///   - isDurable: false commits without an fsync, for a pass that calls `syncToDisk()` once at its
    ///     end, before anything it recorded is delivered.
    public func record(
        entries: [Entry], feed: FeedContext, feedURL: String, alertCutoff: Date?, now: Date,
        classify: (Entry) -> [Match], channels: (Match) -> [String], isDurable: Bool = true
    ) throws(StoreError) -> RecordResult {
        let keys = entries.map { EntryKey.key(for: $0, feedURL: feedURL) }
        // Classify before the write transaction, not inside it: classification is the slow part of a
        // poll, and the store has one writer, so classifying under the write lock made every other
        // feed's write (and the thread it runs on) wait. Only entries not seen yet are classified; one
        // that another writer records in the meantime is skipped below as usual.
        let seen = try seenKeys(keys)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var classified: [Int: [(match: Match, terms: String)]] = [:]
        for (index, entry) in entries.enumerated() where !seen.contains(keys[index]) {
            let matches = classify(entry)
            if matches.isEmpty { continue }
            classified[index] = matches.map { match in
                (match, (try? encoder.encode(match.terms)).map { String(decoding: $0, as: UTF8.self) } ?? "[]")
            }
        }
        func write(_ db: Database) throws -> RecordResult {
            var result = RecordResult(newEntries: 0, alerts: [], suppressed: 0)
            let time = now.timeIntervalSince1970
            for (index, entry) in entries.enumerated() {
                let key = keys[index]
                if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM item WHERE key = ?"), arguments: [key]) == true {
                    continue  // Seen before: an edited title or summary is not news.
                }
                let linkKey = entry.link.flatMap(EntryKey.normalizedLink)
                let isDuplicatePage: Bool
                if let linkKey {
                    isDuplicatePage =
                        try Bool.fetchOne(
                            db.cachedStatement(sql: "SELECT 1 FROM item WHERE link_key = ? LIMIT 1"), arguments: [linkKey])
                        == true
                } else {
                    isDuplicatePage = false
                }
                // Cached statements: one compilation per connection, not one per item (GRDB's
                // execute(sql:) parses the SQL again on every call; that was 7% of a first pass).
                try db.cachedStatement(
                    sql: """
                        INSERT INTO item (key, feed_url, link_key, guid, title, link, summary, published_at, first_seen_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        key, feedURL, linkKey, entry.id, entry.title, entry.link, Self.clip(entry.summary ?? entry.content),
                        (entry.published ?? entry.updated)?.timeIntervalSince1970, time,
                    ])
                result.newEntries += 1
                if isDuplicatePage { continue }
                // No matches, or the pre-check saw the key (item rows are never deleted, retention only
                // clears their fields, so that means the row was removed by hand since): nothing to queue.
                guard let matches = classified[index] else { continue }
                let published = entry.published ?? entry.updated
                let mayAlert = alertCutoff.map { cutoff in published.map { $0 >= cutoff } ?? false } ?? true
                for (match, terms) in matches {
                    let targets = mayAlert ? channels(match) : []
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO match (item_key, topic, score, terms, feed_name, is_alerted, matched_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """
                    ).execute(
                        arguments: [key, match.topic, match.score, terms, feed.name, !targets.isEmpty, time])
                    if !mayAlert {
                        result.suppressed += 1
                        continue
                    }
                    for channel in targets {
                        try db.cachedStatement(
                            sql: """
                                INSERT OR IGNORE INTO outbox (item_key, topic, channel, next_attempt_at, created_at)
                                VALUES (?, ?, ?, ?, ?)
                                """
                        ).execute(arguments: [key, match.topic, channel, time, time])
                    }
                    if !targets.isEmpty {
                        result.alerts.append(Alert(entryKey: key, feed: feed, entry: entry, match: match, firstSeen: now))
                    }
                }
            }
            if result.newEntries > 0 {
                try db.execute(
                    sql: "UPDATE feed SET items_seen = items_seen + ? WHERE url = ?", arguments: [result.newEntries, feedURL])
            }
            return result
        }
        let what = "recording the items of \(feedURL)"
        return isDurable ? try perform(what, write) : try performRelaxed(what, write)
    }

    /// Which of `keys` the store already holds (one query per 500 keys, under SQLite's variable limit).
    func seenKeys(_ keys: [String]) throws(StoreError) -> Set<String> {
        if keys.isEmpty { return [] }
        return try read("reading seen items") { db in
            var seen = Set<String>()
            var start = 0
            while start < keys.count {
                let chunk = keys[start..<min(start + 500, keys.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try String.fetchAll(
                    db, sql: "SELECT key FROM item WHERE key IN (\(marks))", arguments: StatementArguments(Array(chunk)))
                seen.formUnion(rows)
                start += 500
            }
            return seen
        }
    }

    /// Every match (alerted or digest-only) first seen within `interval`, for digests.
    public func matches(in interval: DateInterval) throws(StoreError) -> [Alert] {
        try read("reading matches") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.*, i.* FROM match m JOIN item i ON i.key = m.item_key
                    WHERE m.matched_at >= ? AND m.matched_at < ? ORDER BY m.matched_at, m.topic
                    """,
                arguments: [interval.start.timeIntervalSince1970, interval.end.timeIntervalSince1970])
            return rows.map(Self.alert)
        }
    }

    /// Deletes stored item fields older than `days`, keeping the keys so old items stay recognised.
    public func pruneItems(olderThan days: Int, now: Date) throws(StoreError) -> Int {
        try perform("pruning old items") { db in
            let cutoff = now.timeIntervalSince1970 - Double(days) * 86_400
            try db.execute(
                sql: """
                    UPDATE item SET title = NULL, summary = NULL, link = NULL, fields_pruned = 1
                    WHERE first_seen_at < ? AND fields_pruned = 0
                    """,
                arguments: [cutoff])
            let changed = db.changesCount
            try db.execute(sql: "DELETE FROM match WHERE matched_at < ?", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM outbox WHERE created_at < ? AND state != 'pending'", arguments: [cutoff])
            return changed
        }
    }

    /// Keeps stored summaries to what an alert or digest shows.
    static func clip(_ text: String?) -> String? {
        guard let text, text.count > 2000 else { return text }
        return String(text.prefix(2000))
    }

    /// Rebuilds an alert from a joined match/item row.
    static func alert(_ row: Row) -> Alert {
        let terms = (try? JSONDecoder().decode([MatchedTerm].self, from: Data((row["terms"] as String).utf8))) ?? []
        let entry = Entry(
            id: row["guid"], title: row["title"], link: row["link"], published: date(row["published_at"]),
            summary: row["summary"])
        let feed = FeedContext(name: row["feed_name"], url: row["feed_url"])
        let match = Match(topic: row["topic"], score: row["score"], terms: terms)
        return Alert(
            entryKey: row["item_key"], feed: feed, entry: entry, match: match,
            firstSeen: date(row["first_seen_at"]) ?? Date(timeIntervalSince1970: 0))
    }
}
