import Foundation

/// The windows of a batched topic: consecutive spans of `length` seconds aligned on the Unix epoch
/// (15-minute windows end at :00, :15, :30 and :45 of every UTC hour), so every alert of one window
/// is due at the same instant and goes out in one message per channel, whenever it was queued.
public struct BatchWindow: Sendable, Hashable {
    /// The window's length in seconds (at least 1).
    public var length: TimeInterval

    /// Creates windows of `length` seconds (clamped to at least one second).
    public init(length: TimeInterval) {
        self.length = max(length, 1)
    }

    /// The end of the window containing `instant` (an instant exactly on a boundary starts a window).
    public func end(containing instant: Date) -> Date {
        let seconds = instant.timeIntervalSince1970
        return Date(timeIntervalSince1970: ((seconds / length).rounded(.down) + 1) * length)
    }
}
