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

/// A daily span of local time (in `settings.timezone`) in which no alert is sent (`notify.quiet_hours`).
public struct QuietHoursSetting: Sendable, Hashable {
    /// Minutes after local midnight when quiet begins.
    public var startMinutes: Int
    /// Minutes after local midnight when quiet ends; less than `startMinutes` when it spans midnight.
    public var endMinutes: Int

    /// Creates a quiet span from minutes after local midnight.
    public init(startMinutes: Int, endMinutes: Int) {
        self.startMinutes = startMinutes
        self.endMinutes = endMinutes
    }

    /// Parses `HH:MM-HH:MM` (24-hour clock, two digits each); nil when the text is not that.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start != end
        else { return nil }
        startMinutes = start
        endMinutes = end
    }

    static func minutes(_ text: String) -> Int? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(fields[0]), let minute = Int(fields[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}

extension Configuration {
    /// The volume settings of `topic` (by name): its own keys, else the `notify:` defaults; a topic not
    /// configured gets immediate delivery without a cap.
    public func volume(for topic: String) -> TopicVolume {
        guard let definition = topics.first(where: { $0.name == topic }) else {
            return TopicVolume(batchWindow: notify.batchWindow, maxPerHour: notify.maxPerHour)
        }
        let own = notify.topicVolumes[topic]
        return TopicVolume(
            delivery: definition.delivery, batchWindow: own?.batchWindow ?? notify.batchWindow,
            maxPerHour: own?.maxPerHour ?? notify.maxPerHour)
    }
}

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
