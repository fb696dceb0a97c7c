import FeedwatchModel

/// A parsed document: the feed and what had to be forgiven to read it.
public struct ParsedFeed: Sendable {
    /// The normalized feed.
    public var feed: Feed
    /// One line per problem recovered from (malformed XML, encoding fallback, truncation).
    public var warnings: [String]

    /// Creates a parse result.
    public init(feed: Feed, warnings: [String]) {
        self.feed = feed
        self.warnings = warnings
    }
}
