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
        let items = try prepareRecording(
            entries: entries, feed: feed, feedURL: feedURL, alertCutoff: alertCutoff, now: now, classify: classify,
            channels: channels)
        return try record([FeedUpdate(items: items, fetch: nil)], isDurable: isDurable)[0]
    }

    /// Writes the updates of several feeds in one transaction (a pass groups the feeds that finished
    /// while the previous transaction was written): for each, its new items with their matches and
    /// outbox rows, then its fetch outcome. Returns one result per update, in order (empty for one
    /// without items). Either every update is written or, on an error, none.
    public func record(_ updates: [FeedUpdate], isDurable: Bool) throws(StoreError) -> [RecordResult] {
        if updates.isEmpty { return [] }
        func write(_ db: Database) throws -> [RecordResult] {
            var results: [RecordResult] = []
            results.reserveCapacity(updates.count)
            for update in updates {
                // A fetch that brought the items counts them in its own UPDATE of the feed's row, not
                // in a second one.
                let countsInFetch = update.fetch?.record.isFetched ?? false
                let result = try update.items.map { try Self.write($0, in: db, countsItems: !countsInFetch) }
                if let fetch = update.fetch {
                    try Self.update(db, with: fetch, newItems: countsInFetch ? result?.newEntries ?? 0 : 0)
                }
                results.append(result ?? RecordResult(newEntries: 0, alerts: [], suppressed: 0))
            }
            return results
        }
        let what =
            updates.count == 1
            ? "recording the items of \(updates[0].items?.feedURL ?? updates[0].fetch?.url ?? "")"
            : "recording \(updates.count) feeds"
        return isDurable ? try perform(what, write) : try performRelaxed(what, write)
    }

    /// Inserts the entries of `items` the store has not seen, with their matches and outbox rows.
    ///
    /// - Parameter countsItems: false leaves the feed's `items_seen` to the caller (the fetch outcome
    ///   written with the items adds them).
    static func write(_ items: ItemRecording, in db: Database, countsItems: Bool = true) throws -> RecordResult {
        var result = RecordResult(newEntries: 0, alerts: [], suppressed: 0)
        let time = items.now.timeIntervalSince1970
        // Cached statements: compiled once per connection, not once per item, and run with their
        // arguments bound directly (DirectStatement.swift), their text read in place by SQLite. The
        // insert itself tells whether a key is new (no row is added when it exists), so one key
        // lookup does for both; entries go in by chunks (ItemInsert.swift).
        var writer = MatchWriter(items: items, time: time)
        // Entries are read in place (through the buffer, passed as borrowed arguments): a copy of each
        // `PreparedEntry` (a retain and a release of every String and array it holds), made twice an
        // entry before, cost a first pass over 1,000 feeds 19M instructions (callgrind).
        try items.entries.withUnsafeBufferPointer { entries in
            var start = 0
            while start < entries.count {
                let chunk = ItemInsert.chunk(remaining: entries.count - start)
                let insert = try DirectStatement(db, sql: chunk.sql, keepsText: true)
                for offset in 0..<chunk.size {
                    bindItem(entries[start + offset], at: CInt(offset) * ItemInsert.columns, to: insert, of: items, time: time)
                }
                try insert.run()
                let rows = start..<start + chunk.size
                let rowIDs = try ItemInsert.newRowIDs(
                    of: items.entries[rows], inserted: insert.changes, lastRowID: insert.lastInsertedRowID, in: db)
                for (index, rowID) in zip(rows, rowIDs) {
                    // Seen before (nil): an edited title or summary is not news.
                    guard let rowID else { continue }
                    result.newEntries += 1
                    try writer.write(entries[index], rowID: rowID, in: db, into: &result)
                }
                start += chunk.size
            }
        }
        if countsItems && result.newEntries > 0 {
            let count = try DirectStatement(db, sql: "UPDATE feed SET items_seen = items_seen + ? WHERE url = ?")
            count.bind(Int64(result.newEntries), at: 1)
            count.bind(items.feedURL, at: 2)
            try count.run()
        }
        return result
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
            // `fields_pruned = 0` as written: the partial index item_unpruned (v5) serves this.
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

    /// Binds the item row of `prepared` to the parameters after `base` of a chunk's INSERT (`ItemInsert`).
    private static func bindItem(
        _ prepared: PreparedEntry, at base: CInt, to insert: DirectStatement, of items: ItemRecording, time: Double
    ) {
        insert.bind(prepared.key, at: base + 1)
        insert.bind(items.feedURL, at: base + 2)
        insert.bind(prepared.linkKey, at: base + 3)
        // Only an item with matches keeps its text: only alerts and digests read it, through a match
        // (`keepsText`, README "State").
        if prepared.keepsText {
            insert.bind(prepared.entry.id, at: base + 4)
            insert.bind(prepared.entry.title, at: base + 5)
            insert.bind(prepared.entry.link, at: base + 6)
            insert.bind(clip(prepared.entry.summary ?? prepared.entry.content), at: base + 7)
        } else {
            for column in CInt(4)...7 { insert.bindNull(at: base + column) }
        }
        insert.bind((prepared.entry.published ?? prepared.entry.updated)?.timeIntervalSince1970, at: base + 8)
        insert.bind(time, at: base + 9)
        // Nothing for pruning to drop in an item without text.
        insert.bind(!prepared.keepsText, at: base + 10)
    }

    /// Keeps stored summaries to what an alert or digest shows.
    static func clip(_ text: String?) -> String? {
        // At most 2,000 bytes are at most 2,000 characters: no grapheme count for the usual summary.
        guard let text, text.utf8.count > 2000, text.count > 2000 else { return text }
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

/// Writes the matches and outbox rows of the new entries of one `Store.write`, with its statements
/// prepared at first use.
private struct MatchWriter {
    let items: ItemRecording
    let time: Double
    var samePage: DirectStatement? = nil
    var insertMatch: DirectStatement? = nil
    var insertOutbox: DirectStatement? = nil

    init(items: ItemRecording, time: Double) {
        self.items = items
        self.time = time
    }

    /// The matches of `prepared`, newly added as row `rowID`, unless its page was seen already.
    mutating func write(_ prepared: PreparedEntry, rowID: Int64, in db: Database, into result: inout RecordResult)
        throws
    {
        // Only a match is kept from an entry whose page was seen already; one without matches needs no look.
        if prepared.matches.isEmpty { return }
        if let linkKey = prepared.linkKey {
            if samePage == nil {
                // A row added before this one with the same page (later rows of its chunk do not
                // count, as they did not exist when rows went in one by one): the index holds both columns.
                samePage = try DirectStatement(
                    db, sql: "SELECT 1 FROM item WHERE link_key = ? AND rowid < ? LIMIT 1", keepsText: true)
            }
            let statement = samePage!
            statement.bind(linkKey, at: 1)
            statement.bind(rowID, at: 2)
            // The same page through another feed (or under another id): seen, never alerted again.
            if try statement.run() { return }
        }
        let key = prepared.key
        for queued in prepared.matches {
            let match = queued.match
            let targets = queued.channels
            if insertMatch == nil {
                insertMatch = try DirectStatement(
                    db,
                    sql: """
                        INSERT INTO match (item_key, topic, score, terms, feed_name, is_alerted, matched_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, keepsText: true)
            }
            let statement = insertMatch!
            statement.bind(key, at: 1)
            statement.bind(match.topic, at: 2)
            statement.bind(match.score, at: 3)
            statement.bind(queued.terms, at: 4)
            statement.bind(items.feed.name, at: 5)
            statement.bind(!targets.isEmpty, at: 6)
            statement.bind(time, at: 7)
            try statement.run()
            if !prepared.mayAlert {
                result.suppressed += 1
                continue
            }
            for channel in targets {
                if insertOutbox == nil {
                    insertOutbox = try DirectStatement(
                        db,
                        sql: """
                            INSERT OR IGNORE INTO outbox (item_key, topic, channel, next_attempt_at, created_at)
                            VALUES (?, ?, ?, ?, ?)
                            """, keepsText: true)
                }
                let outbox = insertOutbox!
                outbox.bind(key, at: 1)
                outbox.bind(match.topic, at: 2)
                outbox.bind(channel, at: 3)
                outbox.bind(time, at: 4)
                outbox.bind(time, at: 5)
                try outbox.run()
            }
            if !targets.isEmpty {
                result.alerts.append(
                    Alert(entryKey: key, feed: items.feed, entry: prepared.entry, match: match, firstSeen: items.now))
            }
        }
    }
}

