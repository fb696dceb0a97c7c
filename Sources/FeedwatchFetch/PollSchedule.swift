import Foundation

/// When to poll a feed next after a success: its interval, raised to honour the server's max-age
/// (Cache-Control/Expires) and the feed's RSS `ttl`, never above a cap, spread by jitter so feeds
/// configured together drift apart. Pure: the random source is passed in.
public struct PollSchedule: Sendable, Equatable {
    /// The configured interval, in seconds.
    public var intervalSeconds: Double
    /// The longest interval the server may push us to, in seconds (default 24 hours).
    public var maxIntervalSeconds: Double
    /// The jitter, as a fraction of the interval either way (0.1: ±10%).
    public var jitterFraction: Double

    /// Creates a schedule.
    public init(intervalSeconds: Double, maxIntervalSeconds: Double = 86_400, jitterFraction: Double = 0.1) {
        self.intervalSeconds = intervalSeconds
        self.maxIntervalSeconds = max(maxIntervalSeconds, intervalSeconds)
        self.jitterFraction = min(max(jitterFraction, 0), 0.5)
    }

    /// The interval before the next poll, before jitter: the largest of the configured interval,
    /// `maxAgeSeconds` and `ttlMinutes` (RSS ttl), capped at `maxIntervalSeconds` but never below the
    /// configured interval.
    public func baseInterval(maxAgeSeconds: Int? = nil, ttlMinutes: Int? = nil) -> Double {
        let serverHint = max(Double(maxAgeSeconds ?? 0), Double(ttlMinutes ?? 0) * 60)
        return max(intervalSeconds, min(serverHint, maxIntervalSeconds))
    }

    /// Seconds until the next poll, jittered: either way around the configured interval, but only
    /// upward from a server's max-age or ttl, which say how long not to ask again.
    public func nextInterval<Generator: RandomNumberGenerator>(
        maxAgeSeconds: Int? = nil, ttlMinutes: Int? = nil, using generator: inout Generator
    ) -> Double {
        let base = baseInterval(maxAgeSeconds: maxAgeSeconds, ttlMinutes: ttlMinutes)
        let isServerFloor = base > intervalSeconds
        let spread = Double.random(in: (isServerFloor ? 0 : -1)...1, using: &generator)
        return base * (1 + jitterFraction * spread)
    }

    /// Seconds until the next poll, jittered with `JitterRandomNumberGenerator`.
    public func nextInterval(maxAgeSeconds: Int? = nil, ttlMinutes: Int? = nil) -> Double {
        var generator = JitterRandomNumberGenerator()
        return nextInterval(maxAgeSeconds: maxAgeSeconds, ttlMinutes: ttlMinutes, using: &generator)
    }

    /// The next poll time after `date`, moved out of the feed's RSS `skipHours` (0–23, UTC) and
    /// `skipDays` (`Monday`…`Sunday`), as RSS 2.0 defines them.
    public func nextPoll(
        after date: Date, interval: Double, skipHours: Set<Int> = [], skipDays: Set<String> = []
    ) -> Date {
        var candidate = date.addingTimeInterval(interval)
        guard !skipHours.isEmpty || !skipDays.isEmpty else { return candidate }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        let skippedDays = Set(skipDays.map { $0.lowercased() })
        // At most a week of hours to look through; if everything is skipped, keep the plain time.
        for _ in 0..<(24 * 8) {
            let hour = calendar.component(.hour, from: candidate)
            let day = dayNames[calendar.component(.weekday, from: candidate) - 1]
            if !skipHours.contains(hour) && !skippedDays.contains(day) { return candidate }
            // Jump to the start of the next hour.
            let start = calendar.dateInterval(of: .hour, for: candidate)!.start
            candidate = start.addingTimeInterval(3600)
        }
        return date.addingTimeInterval(interval)
    }
}
