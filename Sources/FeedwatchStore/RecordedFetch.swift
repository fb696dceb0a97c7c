import Foundation

/// One fetch outcome to record: which feed, what happened, when, and when the feed is due next.
public struct RecordedFetch: Sendable {
    /// The configured URL (the feed's identity).
    public var url: String
    /// What the fetch gave.
    public var record: FetchRecord
    /// When it was tried.
    public var at: Date
    /// When the feed is due next.
    public var nextPollAt: Date

    /// Creates an outcome to record.
    public init(url: String, record: FetchRecord, at: Date, nextPollAt: Date) {
        self.url = url
        self.record = record
        self.at = at
        self.nextPollAt = nextPollAt
    }
}
