import Foundation

/// What becomes of a queued alert on every channel it was queued for.
public enum DeliveryPlan: Sendable, Hashable {
    /// One message for the alert, due at the date.
    case single(at: Date)
    /// Sent with every other grouped alert due then, one message per channel.
    case grouped(at: Date)
    /// Over the topic's hourly cap: not sent; the daily digest shows it.
    case overflow
}
