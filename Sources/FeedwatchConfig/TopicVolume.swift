import Foundation
import FeedwatchModel

/// How much a topic may say and when (`topics.NAME.batch`, `topics.NAME.max_per_hour`, with the
/// `notify:` defaults filled in): the daemon plans every queued alert with it.
public struct TopicVolume: Sendable, Hashable {
    /// `immediate`, `batched` or `digest`.
    public var delivery: Delivery
    /// For `batched`: the window's length in seconds; alerts of one window go out as one message per channel.
    public var batchWindow: TimeInterval
    /// At most this many alerts of the topic in any 60 minutes; the rest go to the next daily digest.
    public var maxPerHour: Int?

    /// Creates a topic's volume settings.
    public init(delivery: Delivery = .immediate, batchWindow: TimeInterval = NotifySettings.defaultBatchWindow, maxPerHour: Int? = nil) {
        self.delivery = delivery
        self.batchWindow = batchWindow
        self.maxPerHour = maxPerHour
    }
}
