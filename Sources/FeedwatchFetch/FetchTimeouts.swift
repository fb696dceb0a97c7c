import Foundation

/// The time limits of one transfer: to connect, for the whole transfer (redirects included), and for
/// a stall (slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds`, which ends trickling bodies).
public struct FetchTimeouts: Sendable, Hashable {
    /// Seconds allowed to establish a connection (DNS, TCP and TLS).
    public var connectSeconds: TimeInterval
    /// Seconds allowed for a whole transfer, redirects included.
    public var totalSeconds: TimeInterval
    /// A transfer slower than this many bytes a second for `lowSpeedSeconds` is aborted.
    public var lowSpeedBytesPerSecond: Int
    /// See `lowSpeedBytesPerSecond`.
    public var lowSpeedSeconds: TimeInterval

    /// Creates timeouts; by default 15 s to connect, 60 s in all, and under 16 bytes a second for 20 s.
    public init(
        connectSeconds: TimeInterval = 15, totalSeconds: TimeInterval = 60, lowSpeedBytesPerSecond: Int = 16,
        lowSpeedSeconds: TimeInterval = 20
    ) {
        self.connectSeconds = connectSeconds
        self.totalSeconds = totalSeconds
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
    }
}
