import Foundation

/// When to try a feed again after failures: exponential backoff with jitter up to a cap, a server's
/// Retry-After honoured, and HTTP 410 meaning stop. Pure: the random source is passed in.
public struct RetryPolicy: Sendable, Equatable {
    /// 24 hours: the longest any failure (or Retry-After) keeps a feed from being polled.
    public static let defaultCapSeconds = 86_400

    /// The delay after the first failure, in seconds.
    public var baseSeconds: Double
    /// The longest delay, in seconds.
    public var capSeconds: Double
    /// The fraction of the delay that is randomized (0.2: the delay is drawn from 80–100%).
    public var jitterFraction: Double

    /// Creates a policy; by default 5 minutes doubling up to 24 hours, with 20% jitter.
    public init(baseSeconds: Double = 300, capSeconds: Double = Double(defaultCapSeconds), jitterFraction: Double = 0.2) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.jitterFraction = min(max(jitterFraction, 0), 1)
    }

    /// What to do after a failure.
    public enum Decision: Sendable, Equatable {
        /// Try again after this many seconds.
        case retry(after: Double)
        /// The feed is gone (HTTP 410): stop polling and tell the user.
        case stop
    }

    /// The decision after `consecutiveFailures` failures in a row (1 for the first) ending in `error`.
    public func decision<Generator: RandomNumberGenerator>(
        consecutiveFailures: Int, error: FetchError, using generator: inout Generator
    ) -> Decision {
        if error.isGone { return .stop }
        return .retry(after: delay(consecutiveFailures: consecutiveFailures, retryAfter: error.retryAfterSeconds,
            using: &generator))
    }

    /// The decision, jittered with `JitterRandomNumberGenerator`.
    public func decision(consecutiveFailures: Int, error: FetchError) -> Decision {
        var generator = JitterRandomNumberGenerator()
        return decision(consecutiveFailures: consecutiveFailures, error: error, using: &generator)
    }

    /// Seconds to wait after `consecutiveFailures` failures: base × 2^(n−1), jittered downward, capped;
    /// a longer Retry-After wins (itself capped, so no server can silence a feed for more than the cap).
    public func delay<Generator: RandomNumberGenerator>(
        consecutiveFailures: Int, retryAfter: Int? = nil, using generator: inout Generator
    ) -> Double {
        let exponent = Double(min(max(consecutiveFailures - 1, 0), 40))
        let exponential = min(baseSeconds * pow(2, exponent), capSeconds)
        let jittered = exponential * (1 - jitterFraction * Double.random(in: 0...1, using: &generator))
        let requested = min(Double(retryAfter ?? 0), capSeconds)
        return max(jittered, requested)
    }

    /// The delay, jittered with `JitterRandomNumberGenerator`.
    public func delay(consecutiveFailures: Int, retryAfter: Int? = nil) -> Double {
        var generator = JitterRandomNumberGenerator()
        return delay(consecutiveFailures: consecutiveFailures, retryAfter: retryAfter, using: &generator)
    }
}
