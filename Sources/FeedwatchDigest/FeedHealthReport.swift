import Foundation

/// A feed that needs attention, and why.
public struct FeedHealthReport: Sendable, Hashable {
    /// What is wrong with a feed, worst first.
    public enum Status: Sendable, Hashable, Comparable {
        /// The server said the feed is gone; it is no longer polled.
        case gone
        /// Fetches have failed since this instant.
        case failing(since: Date)
        /// Fetches succeed but nothing new has arrived since this instant.
        case silent(since: Date)
    }

    /// The feed.
    public var feed: FeedHealth
    /// What is wrong.
    public var status: Status
    /// Whole days the problem has lasted at the digest's `now` (0 when it began today or is unknown).
    public var days: Int

    /// Creates a report.
    public init(feed: FeedHealth, status: Status, days: Int) {
        self.feed = feed
        self.status = status
        self.days = days
    }

    /// How a feed's health reads at `now`: nil when it is healthy. A failure counts at once (the digest
    /// is daily, so one is already a day's worth of retries); silence counts after `silentAfter`.
    public static func assess(_ feed: FeedHealth, now: Date, silentAfter: TimeInterval) -> FeedHealthReport? {
        func days(since date: Date?) -> Int {
            guard let date else { return 0 }
            return max(0, Int(now.timeIntervalSince(date) / 86_400))
        }
        if feed.isGone { return FeedHealthReport(feed: feed, status: .gone, days: days(since: feed.failingSince)) }
        if let since = feed.failingSince {
            return FeedHealthReport(feed: feed, status: .failing(since: since), days: days(since: since))
        }
        // Silence is judged only when the store knows when something new last came; unknown is not silent.
        guard let lastNewItem = feed.lastNewItem, now.timeIntervalSince(lastNewItem) >= silentAfter else { return nil }
        return FeedHealthReport(feed: feed, status: .silent(since: lastNewItem), days: days(since: lastNewItem))
    }
}
