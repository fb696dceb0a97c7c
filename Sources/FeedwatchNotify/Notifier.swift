// FeedwatchNotify: stage ⑤. Alerts → the user's channels (log, email over SMTP, webhook).
//
// Inputs: `Alert` values the store hands out of its outbox; channel settings.
// Outputs: delivered messages, or a `DeliveryError` saying whether a retry can help.
// Invariants: a delivery is identified by the alert's identity (Message-ID, idempotency key), so a
// retry after a crash is recognisable as the same alert; nothing from a feed can add a header (email
// or HTTP) or run in HTML; only http(s) links are ever rendered; certificate checks are always on.
// Retrying and backoff are the outbox's business: a notifier tries once and classifies the outcome.
import FeedwatchModel

/// A channel that delivers one alert, or one batch of alerts, per call.
public protocol Notifier: Sendable {
    /// The channel's name as the outbox records it (`email`, `webhook`).
    var channel: String { get }

    /// Delivers the alert once; throws a `DeliveryError` saying whether a retry can succeed.
    func deliver(_ alert: Alert) async throws(DeliveryError)

    /// Delivers several alerts as one message once (batched topics, the end of quiet hours); `key`
    /// identifies the batch across retries (Message-ID, idempotency key).
    func deliverBatch(_ alerts: [Alert], key: String) async throws(DeliveryError)
}
