import Foundation
import FeedwatchModel
import GRDB

extension Store {
    /// Plans every queued, unplanned alert in one transaction, oldest first, with `decide`. A crash
    /// before the commit leaves them unplanned, to be planned again; after it, each alert's plan stands.
    /// `cap(topic)` is the topic's hourly cap, if any: only then are the alerts of the preceding hour
    /// counted (and only up to the cap), so planning stays linear in the number of queued alerts.
    /// Returns how many alerts were planned and how many of them overflowed.
    @discardableResult
    public func planQueuedDeliveries(
        cap: (_ topic: String) -> Int? = { _ in nil }, _ decide: (QueuedAlert) -> DeliveryPlan
    ) throws(StoreError) -> (planned: Int, overflowed: Int) {
        try perform("planning the outbox") { db in
            let queued = try Row.fetchAll(
                db,
                sql: """
                    SELECT item_key, topic, MIN(created_at) AS created, MIN(id) AS first FROM outbox
                    WHERE is_planned = 0 GROUP BY item_key, topic ORDER BY first
                    """)
            var overflowed = 0
            for row in queued {
                let topic: String = row["topic"]
                let itemKey: String = row["item_key"]
                let created: Double = row["created"]
                // Alerts, not messages: the same alert on two channels counts once.
                var admitted = 0
                if let limit = cap(topic) {
                    admitted =
                        try Int.fetchOne(
                            db,
                            sql: """
                                SELECT COUNT(*) FROM (SELECT DISTINCT item_key FROM outbox
                                WHERE topic = ? AND is_planned = 1 AND state != 'overflow' AND created_at > ? AND created_at <= ?
                                LIMIT ?)
                                """,
                            arguments: [topic, created - 3600, created, limit]) ?? 0
                }
                let plan = decide(
                    QueuedAlert(
                        topic: topic, itemKey: itemKey, createdAt: Date(timeIntervalSince1970: created),
                        admittedInPrecedingHour: admitted))
                switch plan {
                case .single(let date), .grouped(let date):
                    let isGrouped: Bool = if case .grouped = plan { true } else { false }
                    try db.execute(
                        sql: """
                            UPDATE outbox SET is_planned = 1, is_grouped = ?, next_attempt_at = ?
                            WHERE item_key = ? AND topic = ? AND is_planned = 0
                            """,
                        arguments: [isGrouped, date.timeIntervalSince1970, itemKey, topic])
                case .overflow:
                    overflowed += 1
                    try db.execute(
                        sql: """
                            UPDATE outbox SET is_planned = 1, state = 'overflow', last_error = 'over the hourly cap of the topic'
                            WHERE item_key = ? AND topic = ? AND is_planned = 0
                            """,
                        arguments: [itemKey, topic])
                    try db.execute(
                        sql: "UPDATE match SET is_alerted = 0 WHERE item_key = ? AND topic = ?", arguments: [itemKey, topic])
                }
            }
            return (queued.count, overflowed)
        }
    }

    /// Quiet hours: every pending delivery due before `until` waits until then. Alerts never tried
    /// join the combined message of their channel; a retry keeps its own identity (a receiver may
    /// have seen it).
    @discardableResult
    public func holdPendingDeliveries(until: Date) throws(StoreError) -> Int {
        try perform("holding the outbox") { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET next_attempt_at = ?, is_grouped = CASE WHEN attempts = 0 THEN 1 ELSE is_grouped END
                    WHERE state = 'pending' AND is_planned = 1 AND next_attempt_at < ?
                    """,
                arguments: [until.timeIntervalSince1970, until.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Gives the grouped deliveries due at `now` that have no batch yet a batch per channel (at most
    /// `maxSize` alerts each), naming each with `identify(channel, alertIDs)`; returns how many batches.
    @discardableResult
    public func formBatches(
        now: Date, maxSize: Int = 100, identify: (_ channel: String, _ alertIDs: [String]) -> String
    ) throws(StoreError) -> Int {
        try perform("forming batches") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, channel, topic, item_key FROM outbox
                    WHERE state = 'pending' AND is_planned = 1 AND is_grouped = 1 AND batch_key IS NULL
                        AND next_attempt_at <= ?
                    ORDER BY channel, id
                    """,
                arguments: [now.timeIntervalSince1970])
            let byChannel = Dictionary(grouping: rows) { $0["channel"] as String }
            var formed = 0
            for channel in byChannel.keys.sorted() {
                let members = byChannel[channel]!
                for start in stride(from: 0, to: members.count, by: maxSize) {
                    let chunk = members[start..<min(start + maxSize, members.count)]
                    let alertIDs = chunk.map { "\($0["topic"] as String):\($0["item_key"] as String)" }
                    let key = identify(channel, alertIDs)
                    let ids = chunk.map { $0["id"] as Int64 }
                    try db.execute(
                        sql: "UPDATE outbox SET batch_key = ? WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                        arguments: StatementArguments([key] + ids.map { $0 as DatabaseValueConvertible }))
                    formed += 1
                }
            }
            return formed
        }
    }

    /// The formed batches with rows due at `now`, oldest first.
    public func dueBatches(now: Date) throws(StoreError) -> [OutboxBatch] {
        try read("reading the outbox") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id AS outbox_id, o.channel, o.attempts, o.batch_key, m.*, i.*
                    FROM outbox o JOIN match m ON m.item_key = o.item_key AND m.topic = o.topic
                    JOIN item i ON i.key = o.item_key
                    WHERE o.state = 'pending' AND o.batch_key IS NOT NULL AND o.next_attempt_at <= ?
                    ORDER BY o.id
                    """,
                arguments: [now.timeIntervalSince1970])
            var batches: [OutboxBatch] = []
            var index: [String: Int] = [:]
            for row in rows {
                let entry = OutboxEntry(
                    id: row["outbox_id"], channel: row["channel"], attempts: row["attempts"], alert: Self.alert(row),
                    batchKey: row["batch_key"])
                let key = "\(entry.channel)\n\(entry.batchKey ?? "")"
                if let position = index[key] {
                    batches[position].entries.append(entry)
                } else {
                    index[key] = batches.count
                    batches.append(OutboxBatch(key: entry.batchKey ?? "", channel: entry.channel, entries: [entry]))
                }
            }
            return batches
        }
    }

    /// Marks every row of a delivered batch done, in one transaction.
    public func markDelivered(_ ids: [Int64], at now: Date) throws(StoreError) {
        try perform("marking a batch delivered") { db in
            for id in ids {
                try db.execute(
                    sql: "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                    arguments: [now.timeIntervalSince1970, id])
            }
        }
    }

    /// Records a failed attempt of a batch on every row: retried together at `retryAt`, or failed for good.
    public func markAttemptFailed(_ ids: [Int64], error: String, retryAt: Date?) throws(StoreError) {
        try perform("marking delivery \(ids.map(String.init).joined(separator: ", "))") { db in
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE outbox SET attempts = attempts + 1, last_error = ?,
                            state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
                            next_attempt_at = COALESCE(?, next_attempt_at)
                        WHERE id = ?
                        """,
                    arguments: [error, retryAt?.timeIntervalSince1970, retryAt?.timeIntervalSince1970, id])
            }
        }
    }

    /// The alerts (`topic:itemKey`) matched within `interval` that were not sent because of their
    /// topic's hourly cap, for the digest to mark.
    public func overflowedAlertIDs(in interval: DateInterval) throws(StoreError) -> Set<String> {
        try read("reading the outbox") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT o.topic, o.item_key FROM outbox o
                    JOIN match m ON m.item_key = o.item_key AND m.topic = o.topic
                    WHERE o.state = 'overflow' AND m.matched_at >= ? AND m.matched_at < ?
                    """,
                arguments: [interval.start.timeIntervalSince1970, interval.end.timeIntervalSince1970])
            return Set(rows.map { "\($0["topic"] as String):\($0["item_key"] as String)" })
        }
    }
}
