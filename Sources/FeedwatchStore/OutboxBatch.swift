import Foundation

/// Alerts that go out as one message on one channel; `key` is fixed before the first attempt, so every
/// retry (after a failure or a crash) sends the same set under the same identity.
public struct OutboxBatch: Sendable {
    /// The batch's identity (idempotency key, Message-ID part).
    public var key: String
    /// The channel.
    public var channel: String
    /// The rows, oldest first.
    public var entries: [OutboxEntry]

    /// Attempts so far (the same for every row of the batch).
    public var attempts: Int { entries.map(\.attempts).max() ?? 0 }
}
