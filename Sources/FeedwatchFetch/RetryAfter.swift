import FeedwatchCurl
import Foundation

/// Reads a Retry-After field (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
public enum RetryAfter {
    /// The delay in seconds, at least 0 and at most `cap`; `nil` when the value is unreadable.
    public static func seconds(from value: String, now: Date, cap: Int = RetryPolicy.defaultCapSeconds) -> Int? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            // Digits beyond Int's range are still "a very long time": clamp instead of failing.
            return min(Int(text) ?? cap, cap)
        }
        guard let date = CurlLibrary.parseHTTPDate(text) else { return nil }
        let delay = date.timeIntervalSince(now)
        return min(max(0, Int(delay.rounded(.up))), cap)
    }
}
