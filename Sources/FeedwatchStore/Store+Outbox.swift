import Foundation
import FeedwatchModel
import GRDB

/// One queued delivery of an alert to a channel.
public struct OutboxEntry: Sendable {
    /// Row id.
    public var id: Int64
    /// `log`, `email` or `webhook`.
    public var channel: String
    /// Attempts so far.
    public var attempts: Int
    /// The alert to deliver.
    public var alert: Alert
    /// The identity of the combined message this row goes out in, once its batch is formed.
    public var batchKey: String?
}

/// Counts of the outbox by state, for status.
public struct OutboxCounts: Sendable, Hashable {
    /// Waiting for (another) attempt.
    public var pending: Int
    /// Given up after a permanent error.
    public var failed: Int
    /// Delivered.
    public var delivered: Int
    /// Not sent because the topic's hourly cap was reached: in the next daily digest instead.
    public var overflowed: Int

    /// Creates counts.
    public init(pending: Int, failed: Int, delivered: Int, overflowed: Int = 0) {
        self.pending = pending
        self.failed = failed
        self.delivered = delivered
        self.overflowed = overflowed
    }
}

extension Store {
    /// Deliveries due at `now`, oldest first.
    public func dueDeliveries(now: Date, limit: Int = 100) throws(StoreError) -> [OutboxEntry] {
        try read("reading the outbox") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id AS outbox_id, o.channel, o.attempts, m.*, i.*
                    FROM outbox o JOIN match m ON m.item_key = o.item_key AND m.topic = o.topic
                    JOIN item i ON i.key = o.item_key
                    WHERE o.state = 'pending' AND o.is_planned = 1 AND o.is_grouped = 0 AND o.next_attempt_at <= ?
                    ORDER BY o.id LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, limit])
            return rows.map { row in
                OutboxEntry(id: row["outbox_id"], channel: row["channel"], attempts: row["attempts"], alert: Self.alert(row))
            }
        }
    }

    /// When the next pending delivery is due, if any.
    public func nextDeliveryDue() throws(StoreError) -> Date? {
        try read("reading the outbox") { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'")
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Marks a delivery done.
    public func markDelivered(_ id: Int64, at now: Date) throws(StoreError) {
        try perform("marking delivery \(id)") { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                arguments: [now.timeIntervalSince1970, id])
        }
    }

    /// Records a failed attempt: retried at `retryAt`, or failed for good when nil.
    public func markAttemptFailed(_ id: Int64, error: String, retryAt: Date?) throws(StoreError) {
        try markAttemptFailed([id], error: error, retryAt: retryAt)
    }

    /// How many deliveries are pending, failed and delivered.
    public func outboxCounts() throws(StoreError) -> OutboxCounts {
        try read("counting the outbox") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
            var counts = OutboxCounts(pending: 0, failed: 0, delivered: 0)
            for row in rows {
                switch row["state"] as String {
                case "pending": counts.pending = row["n"]
                case "failed": counts.failed = row["n"]
                case "overflow": counts.overflowed = row["n"]
                default: counts.delivered = row["n"]
                }
            }
            return counts
        }
    }

    /// Matches per topic first seen since `start`, for status.
    public func matchCounts(since start: Date) throws(StoreError) -> [String: Int] {
        try read("counting matches") { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT topic, COUNT(*) AS n FROM match WHERE matched_at >= ? GROUP BY topic",
                arguments: [start.timeIntervalSince1970])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["topic"] as String, $0["n"] as Int) })
        }
    }
}
