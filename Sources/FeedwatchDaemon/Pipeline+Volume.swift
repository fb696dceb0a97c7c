import FeedwatchConfig
import FeedwatchModel
import FeedwatchNotify
import FeedwatchStore
import Foundation
import Logging

/// Volume control, on top of the outbox: every alert `record` queued is planned once (in one
/// transaction) before anything is sent:
/// - over its topic's hourly cap (`max_per_hour`, alerts in the last 60 minutes): not sent, marked for
///   the daily digest;
/// - `batched`: due at the end of its window, grouped with every other alert then due on its channel;
/// - falling in quiet hours (`notify.quiet_hours`, local time): due when they end, grouped.
/// Grouped alerts get their batch (per channel, with a key) fixed in the store before the first attempt,
/// so a retry after a failure or a crash sends the same alerts under the same identity; nothing planned
/// is lost by a restart, because the plan is the outbox row itself.
extension Pipeline {
    /// The user's quiet hours in the configured zone, if any.
    var quietHours: QuietHours? {
        configuration.notify.quietHours.map {
            QuietHours(startMinutes: $0.startMinutes, endMinutes: $0.endMinutes, timeZone: configuration.settings.timeZone)
        }
    }

    /// What becomes of a queued alert planned at `now`.
    func plan(_ queued: QueuedAlert, now: Date) -> DeliveryPlan {
        let volume = configuration.volume(for: queued.topic)
        if let cap = volume.maxPerHour, queued.admittedInPrecedingHour >= cap { return .overflow }
        let isBatched = volume.delivery == .batched
        let release = isBatched ? BatchWindow(length: volume.batchWindow).end(containing: queued.createdAt) : queued.createdAt
        let earliest = max(release, now)
        if let quietHours, quietHours.isQuiet(at: earliest) {
            return .grouped(at: quietHours.nextAllowed(after: earliest))
        }
        return isBatched ? .grouped(at: release) : .single(at: release)
    }

    /// Plans new alerts, holds everything during quiet hours, and forms the batches due at `now`;
    /// false when nothing may be sent now (quiet hours).
    func prepareDeliveries(now: Date) -> Bool {
        do {
            var overflowedTopics: [String: Int] = [:]
            try store.planQueuedDeliveries(cap: { self.configuration.volume(for: $0).maxPerHour }) { queued in
                let decision = plan(queued, now: now)
                if decision == .overflow { overflowedTopics[queued.topic, default: 0] += 1 }
                return decision
            }
            for (topic, count) in overflowedTopics.sorted(by: { $0.key < $1.key }) {
                logger.notice(
                    "\(count) alert\(count == 1 ? "" : "s") over the hourly cap: not sent, in the next daily digest",
                    metadata: ["stage": "notify", "topic": "\(topic)"])
            }
            if let quietHours, quietHours.isQuiet(at: now) {
                let until = quietHours.nextAllowed(after: now)
                let held = try store.holdPendingDeliveries(until: until)
                if held > 0 {
                    logger.info(
                        "quiet hours: \(held) deliveries held until \(until)", metadata: ["stage": "notify"])
                }
                return false
            }
            try store.formBatches(now: now, identify: MessageIdentity.batchKey)
            return true
        } catch {
            logger.error("cannot plan the outbox: \(error)", metadata: ["stage": "notify"])
            return false
        }
    }

    /// Sends every formed batch due at `now` as one message on its channel; returns the alerts delivered.
    func deliverDueBatches(now: @Sendable () -> Date) async -> Int {
        let batches: [OutboxBatch]
        do {
            batches = try store.dueBatches(now: now())
        } catch {
            logger.error("cannot read the outbox: \(error)", metadata: ["stage": "notify"])
            return 0
        }
        var delivered = 0
        for batch in batches {
            var log = logger
            log[metadataKey: "channel"] = "\(batch.channel)"
            log[metadataKey: "batch"] = "\(batch.key)"
            let ids = batch.entries.map(\.id)
            guard let notifier = channels.notifiers[batch.channel] else {
                markBatch(ids, error: "channel \(batch.channel) is no longer configured", retryAt: nil, log: log)
                continue
            }
            do {
                try await notifier.deliverBatch(batch.entries.map(\.alert), key: batch.key)
            } catch {
                let retryAt = error.isPermanent ? nil : now().addingTimeInterval(Self.retryDelay(attempts: batch.attempts + 1))
                log.warning(
                    "delivery of \(ids.count) batched alerts failed\(retryAt == nil ? " for good" : ", will retry"): \(error)",
                    metadata: ["stage": "notify"])
                markBatch(ids, error: error.description, retryAt: retryAt, log: log)
                continue
            }
            do {
                try store.markDelivered(ids, at: now())
                delivered += ids.count
                log.info("delivered \(ids.count) alerts in one message", metadata: ["stage": "notify"])
            } catch {
                log.error("cannot mark delivery: \(error)", metadata: ["stage": "store"])
            }
        }
        return delivered
    }

    func markBatch(_ ids: [Int64], error: String, retryAt: Date?, log: Logger) {
        do {
            try store.markAttemptFailed(ids, error: error, retryAt: retryAt)
        } catch {
            log.error("cannot record the failed delivery: \(error)", metadata: ["stage": "store"])
        }
    }
}
