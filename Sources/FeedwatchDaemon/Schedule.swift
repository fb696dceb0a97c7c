import Foundation

/// When a feed is polled next.
enum Schedule {
    /// The regular interval, raised to honour the server's max-age, with ±10% jitter so that feeds
    /// configured together do not stay in lock-step.
    static func nextInterval(interval: TimeInterval, maxAge: Int?) -> TimeInterval {
        let base = max(interval, TimeInterval(maxAge ?? 0))
        return base * Double.random(in: 0.9...1.1)
    }

    /// Exponential backoff after `failures` failures in a row, capped at 24 hours, with jitter;
    /// a server's Retry-After wins when it asks for longer.
    static func retryDelay(failures: Int, interval: TimeInterval, retryAfter: Int? = nil) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 16))
        let backoff = min(max(interval, 60) * pow(2, exponent), 86_400) * Double.random(in: 0.8...1.0)
        return max(backoff, TimeInterval(retryAfter ?? 0))
    }
}
