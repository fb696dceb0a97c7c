import Foundation

/// What the store knows about one feed's fetching, as the digest's health section needs it.
public struct FeedHealth: Sendable, Hashable {
    /// The feed's configured name.
    public var name: String
    /// The feed's URL.
    public var url: String
    /// The last successful fetch (200 or 304), nil if never.
    public var lastSuccess: Date?
    /// Since when fetches fail without a success in between, nil when the last fetch succeeded.
    public var failingSince: Date?
    /// The last error, as a one-line message.
    public var lastError: String?
    /// True when the server said the feed is gone (410, or a permanent failure the fetcher gave up on).
    public var isGone: Bool
    /// When the feed last delivered an item not seen before, nil if unknown.
    public var lastNewItem: Date?

    /// Creates a feed health value.
    public init(
        name: String, url: String, lastSuccess: Date? = nil, failingSince: Date? = nil, lastError: String? = nil,
        isGone: Bool = false, lastNewItem: Date? = nil
    ) {
        self.name = name
        self.url = url
        self.lastSuccess = lastSuccess
        self.failingSince = failingSince
        self.lastError = lastError
        self.isGone = isGone
        self.lastNewItem = lastNewItem
    }
}
