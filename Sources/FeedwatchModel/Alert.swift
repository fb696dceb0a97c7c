import Foundation

/// A new entry that matched a topic, ready to be delivered.
public struct Alert: Sendable, Hashable, Codable {
    /// The store's stable key of the entry (see FeedwatchStore's key chain).
    public var entryKey: String
    /// The feed it came from.
    public var feed: FeedContext
    /// The entry.
    public var entry: Entry
    /// Why it fired.
    public var match: Match
    /// When feedwatch first saw the entry.
    public var firstSeen: Date

    /// Creates an alert.
    public init(entryKey: String, feed: FeedContext, entry: Entry, match: Match, firstSeen: Date) {
        self.entryKey = entryKey
        self.feed = feed
        self.entry = entry
        self.match = match
        self.firstSeen = firstSeen
    }

    /// A stable identifier of this alert (entry and topic), used as idempotency key and Message-ID.
    public var alertID: String { "\(match.topic):\(entryKey)" }
}
