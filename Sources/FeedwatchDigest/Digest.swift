// FeedwatchDigest: stage ⑥. A day's alerts → a `Digest` value → text, Markdown or HTML.
//
// Inputs: the alerts recorded by the store, the feeds' health and the local day in an IANA time zone.
// Output: a `Digest` (sections per topic, stories ranked, near-duplicate titles from several feeds
// clustered into one story) and its renderings.
// Invariants: pure (no clock, no I/O: `now` is passed in); an alert belongs to the day in which it was
// first seen, local time, so every alert is in exactly one day's digest; everything that came from a feed
// is escaped for the format it is placed in, and only http(s) links are ever rendered as links.
import Foundation
import FeedwatchModel

/// One day's digest: the alerts first seen that local day, grouped by topic and ranked, and the feeds' health.
public struct Digest: Sendable, Hashable {
    /// The local calendar day the digest covers.
    public var day: DigestDay
    /// The time zone the day is taken in.
    public var timeZone: TimeZone
    /// The instants the day covers, `[start, end)`: 23 or 25 hours long on a DST change.
    public var window: DateInterval
    /// One section per topic with at least one story, ordered by topic name.
    public var sections: [DigestSection]
    /// The feeds that need attention (failing, gone or silent), worst first.
    public var feedHealth: [FeedHealthReport]
    /// How many feeds were healthy (not listed in `feedHealth`).
    public var healthyFeedCount: Int
    /// When the digest was built.
    public var generated: Date

    /// Creates a digest value.
    public init(
        day: DigestDay, timeZone: TimeZone, window: DateInterval, sections: [DigestSection],
        feedHealth: [FeedHealthReport], healthyFeedCount: Int, generated: Date
    ) {
        self.day = day
        self.timeZone = timeZone
        self.window = window
        self.sections = sections
        self.feedHealth = feedHealth
        self.healthyFeedCount = healthyFeedCount
        self.generated = generated
    }

    /// The number of alerts in the digest (every member of every story).
    public var alertCount: Int { sections.reduce(0) { $0 + $1.alertCount } }

    /// The number of stories marked as held back by an hourly cap.
    public var overflowCount: Int { sections.reduce(0) { $0 + $1.items.filter(\.isOverflow).count } }

    /// The number of stories in the digest.
    public var storyCount: Int { sections.reduce(0) { $0 + $1.items.count } }

    /// True when there is nothing to report: no stories and no unhealthy feeds.
    public var isEmpty: Bool { sections.isEmpty && feedHealth.isEmpty }
}
