import FeedwatchConfig
import FeedwatchFetch
import FeedwatchModel
import FeedwatchStore
import Foundation

/// What a feed's own document says about when to poll it (RSS 2.0 `ttl`, `skipHours`, `skipDays`),
/// cleaned of values the RSS specification does not allow.
struct PublisherSchedule: Sendable, Equatable {
    /// Minutes the document may be cached (RSS `ttl`), when positive.
    var ttlMinutes: Int?
    /// GMT hours 0–23 in which not to poll (a 24, which some feeds write for midnight, counts as 0).
    var skipHours: [Int]
    /// Day names (`Monday`…`Sunday`, GMT) on which not to poll.
    var skipDays: [String]

    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Cleans what a document gave: a ttl of 0 or less means none; unknown hours and days are dropped.
    init(ttlMinutes: Int?, skipHours: [Int], skipDays: [String]) {
        self.ttlMinutes = ttlMinutes.flatMap { $0 > 0 ? $0 : nil }
        self.skipHours = Array(Set(skipHours.filter { (0...24).contains($0) }.map { $0 % 24 })).sorted()
        let named = skipDays.compactMap { day in
            Self.dayNames.first { $0.caseInsensitiveCompare(day.trimmingCharacters(in: .whitespaces)) == .orderedSame }
        }
        self.skipDays = Self.dayNames.filter(named.contains)
    }

    /// What the store kept from the last document.
    init(_ state: FeedState) {
        self.init(ttlMinutes: state.ttlMinutes, skipHours: state.skipHours, skipDays: state.skipDays)
    }
}

extension Pipeline {
    /// The interval configured for `feed` (its own, else the global one), in seconds.
    func interval(of feed: FeedSettings) -> TimeInterval { feed.interval ?? configuration.settings.interval }

    /// When to poll `feed` next after a success at `time`: its interval raised to the server's
    /// freshness (Cache-Control max-age or Expires) and the document's `ttl`, jittered, then moved out
    /// of its `skipHours`/`skipDays`.
    func nextPoll(
        _ feed: FeedSettings, after time: Date, maxAgeSeconds: Int?, publisher: PublisherSchedule
    ) -> Date {
        let schedule = PollSchedule(intervalSeconds: interval(of: feed))
        let delay = schedule.nextInterval(maxAgeSeconds: maxAgeSeconds, ttlMinutes: publisher.ttlMinutes)
        return schedule.nextPoll(
            after: time, interval: delay, skipHours: Set(publisher.skipHours), skipDays: Set(publisher.skipDays))
    }

    /// When to try `feed` again after its `failures`-th failure in a row at `time`: the backoff (or a
    /// longer Retry-After), moved out of the hours the last document asked not to be polled in.
    func nextRetry(
        _ feed: FeedSettings, after time: Date, failures: Int, retryAfterSeconds: Int?, publisher: PublisherSchedule
    ) -> Date {
        let delay = Self.retryPolicy(interval: interval(of: feed)).delay(
            consecutiveFailures: failures, retryAfter: retryAfterSeconds)
        return PollSchedule(intervalSeconds: interval(of: feed)).nextPoll(
            after: time, interval: delay, skipHours: Set(publisher.skipHours), skipDays: Set(publisher.skipDays))
    }

    /// The fetch of `feed` with its validators, permissions, caps, headers, proxy and time limits.
    func fetchRequest(_ feed: FeedSettings, state: FeedState) -> FetchRequest {
        let settings = configuration.settings
        return FetchRequest(
            url: state.fetchURL, etag: state.etag, lastModified: state.lastModified, allowPrivate: feed.allowPrivate,
            maxBodyBytes: feed.maxBodyBytes ?? settings.maxBodyBytes, headers: feed.headers,
            proxy: feed.proxy?.curlValue,
            timeouts: feed.timeouts.isEmpty ? nil : Self.fetchTimeouts(feed.timeouts.over(settings.timeouts)))
    }

    /// Time limits from feeds.yml, over the fetcher's defaults.
    static func fetchTimeouts(_ settings: TimeoutSettings) -> FetchTimeouts {
        var timeouts = FetchTimeouts()
        if let connect = settings.connect { timeouts.connectSeconds = connect }
        if let total = settings.total { timeouts.totalSeconds = total }
        if let lowSpeedTime = settings.lowSpeedTime { timeouts.lowSpeedSeconds = lowSpeedTime }
        if let lowSpeedLimit = settings.lowSpeedLimit { timeouts.lowSpeedBytesPerSecond = lowSpeedLimit }
        return timeouts
    }
}

extension PublisherSchedule {
    /// What a parsed document says about its schedule (nothing, for formats other than RSS).
    init(_ feed: Feed) { self.init(ttlMinutes: feed.ttlMinutes, skipHours: feed.skipHours, skipDays: feed.skipDays) }
}
