import Foundation

/// A topic's own `batch` and `max_per_hour`, before defaults.
public struct TopicVolumeKeys: Sendable, Hashable {
    /// `topics.NAME.batch`, seconds.
    public var batchWindow: TimeInterval?
    /// `topics.NAME.max_per_hour`.
    public var maxPerHour: Int?

    /// Creates a topic's own volume keys.
    public init(batchWindow: TimeInterval? = nil, maxPerHour: Int? = nil) {
        self.batchWindow = batchWindow
        self.maxPerHour = maxPerHour
    }
}
