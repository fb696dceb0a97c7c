import FeedwatchModel

/// The stories of one topic, ranked.
public struct DigestSection: Sendable, Hashable {
    /// The topic's name.
    public var topic: String
    /// The stories, highest rank first.
    public var items: [DigestItem]

    /// Creates a section.
    public init(topic: String, items: [DigestItem]) {
        self.topic = topic
        self.items = items
    }

    /// The number of alerts in the section (every member of every story).
    public var alertCount: Int { items.reduce(0) { $0 + $1.members.count } }
}
