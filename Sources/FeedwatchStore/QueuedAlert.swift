import Foundation

/// An alert queued by `record` and not yet planned: what the planner needs to decide its fate.
public struct QueuedAlert: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The entry's key.
    public var itemKey: String
    /// When it was queued (the match was recorded).
    public var createdAt: Date
    /// How many other alerts of the topic were admitted (planned and not over the cap) in the 60
    /// minutes up to `createdAt`: the count a per-hour cap is checked against.
    public var admittedInPrecedingHour: Int
}
