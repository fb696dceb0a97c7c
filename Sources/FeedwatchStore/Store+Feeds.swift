import Foundation
import GRDB

extension Store {
    /// The state of every feed the store knows, in URL order.
    public func feedStates() throws(StoreError) -> [FeedState] {
        var states: [FeedState] = []
        try forEachFeedState { states.append($0) }
        return states
    }

    /// Calls `body` with the state of every feed the store knows, in URL order, in one read.
    private func forEachFeedState(_ body: (FeedState) -> Void) throws(StoreError) {
        try read("reading feed states") { db in
            try DirectStatement(db, sql: "SELECT \(Self.feedColumns) FROM feed ORDER BY url").forEachRow { row in
                body(Self.feedState(row))
            }
        }
    }

    /// The state of one feed, creating it (due now) if the store has not seen it yet.
    public func feedState(url: String, name: String) throws(StoreError) -> FeedState {
        // Almost always the row exists: read it without taking the write lock.
        if let state = try read("reading feed \(url)", { db in try Self.feedState(db, url: url) }), state.name == name {
            return state
        }
        return try performRelaxed("reading feed \(url)") { db in
            try db.execute(
                sql: "INSERT INTO feed (url, name) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET name = excluded.name",
                arguments: [url, name])
            return try Self.feedState(db, url: url)!
        }
    }

    /// The states of `feeds` (by URL), creating in one transaction the rows of those the store has not
    /// seen yet (due now): one pass over thousands of feeds reads and writes once, not once a feed.
    public func feedStates(ensuring feeds: [(url: String, name: String)]) throws(StoreError) -> [String: FeedState] {
        try ensureFeeds(feeds, in: knownFeedStates(capacity: feeds.count))
    }

    /// The state of every feed the store holds, by URL, in one read. `run --once` reads them while
    /// the topics' queries are checked, before it knows whether it may poll (`ensureFeeds` writes).
    public func knownFeedStates(capacity: Int) throws(StoreError) -> [String: FeedState] {
        // Straight into a dictionary sized for the configuration: through an array of states and a
        // dictionary grown by doubling, 5,000 feeds touched 4 MB of pages (a page-fault profile).
        var states: [String: FeedState] = [:]
        states.reserveCapacity(capacity)
        try forEachFeedState { state in
            if states[state.url] == nil { states[state.url] = state }
        }
        return states
    }

    /// `states` (from `knownFeedStates`) with the feeds of `feeds` the store has not seen yet, or knew
    /// under another name, added or renamed in one transaction (new ones due now).
    public func ensureFeeds(_ feeds: [(url: String, name: String)], in states: [String: FeedState])
        throws(StoreError) -> [String: FeedState]
    {
        let missing = feeds.filter { states[$0.url]?.name != $0.name }
        if missing.isEmpty { return states }
        try performRelaxed("adding \(missing.count) feeds") { db in
            let insert = try db.cachedStatement(
                sql: "INSERT INTO feed (url, name) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET name = excluded.name")
            for feed in missing { try insert.execute(arguments: [feed.url, feed.name]) }
        }
        var states = states
        for feed in missing {
            var state = states[feed.url] ?? FeedState(url: feed.url, name: feed.name)
            state.name = feed.name
            states[feed.url] = state
        }
        return states
    }

    /// Records a fetch outcome and when the feed is due next.
    public func recordFetch(url: String, _ record: FetchRecord, at now: Date, nextPollAt: Date) throws(StoreError) {
        try recordFetches([RecordedFetch(url: url, record: record, at: now, nextPollAt: nextPollAt)])
    }

    /// Records several fetch outcomes in one transaction (a pass's 304s and failures need no fsync each).
    public func recordFetches(_ outcomes: [RecordedFetch]) throws(StoreError) {
        if outcomes.isEmpty { return }
        try performRelaxed(outcomes.count == 1 ? "recording the fetch of \(outcomes[0].url)" : "recording \(outcomes.count) fetches") { db in
            for outcome in outcomes { try Self.update(db, with: outcome) }
        }
    }

    /// One outcome's UPDATE; the statements are cached and bound directly (DirectStatement.swift), as
    /// a pass runs one for every feed (a 304 pass over 1,000 feeds is little else).
    ///
    /// - Parameter newItems: items of a 200 recorded with it, added to `items_seen` by the same UPDATE
    ///   (the row is written once per feed, not twice); only `.fetched` brings items, and only it
    ///   counts them.
    static func update(_ db: Database, with outcome: RecordedFetch, newItems: Int = 0) throws {
        let url = outcome.url
        let time = outcome.at.timeIntervalSince1970
        let next = outcome.nextPollAt.timeIntervalSince1970
        switch outcome.record {
        case .fetched(let status, let etag, let lastModified, let movedTo, let ttlMinutes, let skipHours, let skipDays):
            let statement = try DirectStatement(
                db,
                sql: """
                    UPDATE feed SET etag = ?, last_modified = ?, moved_to = COALESCE(?, moved_to),
                        last_attempt_at = ?, last_success_at = ?, last_status = ?, last_error = NULL,
                        failing_since = NULL, consecutive_failures = 0, next_poll_at = ?, is_gone = 0,
                        ttl_minutes = ?, skip_hours = ?, skip_days = ?, items_seen = items_seen + ?
                    WHERE url = ?
                    """)
            statement.bind(etag, at: 1)
            statement.bind(lastModified, at: 2)
            statement.bind(movedTo, at: 3)
            statement.bind(time, at: 4)
            statement.bind(time, at: 5)
            statement.bind(status, at: 6)
            statement.bind(next, at: 7)
            statement.bind(ttlMinutes, at: 8)
            statement.bind(Self.list(skipHours.map(String.init)), at: 9)
            statement.bind(Self.list(skipDays), at: 10)
            statement.bind(Int64(newItems), at: 11)
            statement.bind(url, at: 12)
            try statement.run()
        case .notModified:
            let statement = try DirectStatement(
                db,
                sql: """
                    UPDATE feed SET last_attempt_at = ?, last_success_at = ?, last_status = 304, last_error = NULL,
                        failing_since = NULL, consecutive_failures = 0, next_poll_at = ?
                    WHERE url = ?
                    """)
            statement.bind(time, at: 1)
            statement.bind(time, at: 2)
            statement.bind(next, at: 3)
            statement.bind(url, at: 4)
            try statement.run()
        case .failed(let status, let message, let isGone):
            let statement = try DirectStatement(
                db,
                sql: """
                    UPDATE feed SET last_attempt_at = ?, last_status = ?, last_error = ?,
                        failing_since = COALESCE(failing_since, ?), consecutive_failures = consecutive_failures + 1,
                        next_poll_at = ?, is_gone = ?
                    WHERE url = ?
                    """)
            statement.bind(time, at: 1)
            statement.bind(status, at: 2)
            statement.bind(message, at: 3)
            statement.bind(time, at: 4)
            statement.bind(next, at: 5)
            statement.bind(isGone, at: 6)
            statement.bind(url, at: 7)
            try statement.run()
        }
    }

    /// The columns `feedState(_:)` reads, in the order it reads them (by position: looking each column
    /// up by name cost more than the rest of reading a thousand states).
    static let feedColumns = """
        url, name, moved_to, etag, last_modified, last_attempt_at, last_success_at, last_status, last_error,
        failing_since, consecutive_failures, next_poll_at, is_gone, items_seen, ttl_minutes, skip_hours, skip_days
        """

    /// The state of the feed at `url`, if the store has it.
    static func feedState(_ db: Database, url: String) throws -> FeedState? {
        let statement = try DirectStatement(db, sql: "SELECT \(feedColumns) FROM feed WHERE url = ?")
        statement.bind(url, at: 1)
        var state: FeedState?
        try statement.forEachRow { state = feedState($0) }
        return state
    }

    /// A state from a row of `feedColumns`.
    static func feedState(_ row: DirectRow) -> FeedState {
        var state = FeedState(url: row.text(0) ?? "", name: row.text(1) ?? "")
        state.movedTo = row.text(2)
        state.etag = row.text(3)
        state.lastModified = row.text(4)
        state.lastAttemptAt = date(row.double(5))
        state.lastSuccessAt = date(row.double(6))
        state.lastStatus = row.int(7)
        state.lastError = row.text(8)
        state.failingSince = date(row.double(9))
        state.consecutiveFailures = row.int(10) ?? 0
        state.nextPollAt = date(row.double(11))
        state.isGone = (row.int(12) ?? 0) != 0
        state.itemsSeen = row.int(13) ?? 0
        state.ttlMinutes = row.int(14)
        state.skipHours = Self.items(row.text(15)).compactMap { Int($0) }
        state.skipDays = Self.items(row.text(16))
        return state
    }

    /// A list as one comma-separated column (`nil` when empty); the values never contain commas.
    static func list(_ values: [String]) -> String? { values.isEmpty ? nil : values.joined(separator: ",") }

    /// The values of a comma-separated column.
    static func items(_ text: String?) -> [String] { text.map { $0.split(separator: ",").map(String.init) } ?? [] }

    static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }
}

extension Store {
    /// When each feed last gave an item never seen before (by configured feed URL), for "silent" feeds.
    public func lastNewItemTimes() throws(StoreError) -> [String: Date] {
        try read("reading item times") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT feed_url, MAX(first_seen_at) AS t FROM item GROUP BY feed_url")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["feed_url"] as String, Date(timeIntervalSince1970: $0["t"])) })
        }
    }
}
