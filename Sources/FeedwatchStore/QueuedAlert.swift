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
    /// minutes up to `createdAt`, counted up to the topic's cap: the count the cap is checked against
    /// (0 for a topic without a cap).
    public var admittedInPrecedingHour: Int
}
