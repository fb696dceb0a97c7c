import Foundation

/// Time limits of a feed's transfers (`settings.timeout`, a feed's `timeout`); each one left out
/// falls back to the global setting, then to the fetcher's default (connect 15 s, total 60 s,
/// low speed under 16 bytes a second for 20 s).
public struct TimeoutSettings: Sendable, Hashable {
    /// Seconds allowed to connect (DNS, TCP, TLS).
    public var connect: TimeInterval?
    /// Seconds allowed for the whole transfer, redirects included.
    public var total: TimeInterval?
    /// Seconds a transfer may stay below `lowSpeedLimit` bytes a second before it is aborted.
    public var lowSpeedTime: TimeInterval?
    /// The least bytes a second that count as progress (see `lowSpeedTime`).
    public var lowSpeedLimit: Int?

    /// Creates timeout settings; `nil` fields fall back.
    public init(
        connect: TimeInterval? = nil, total: TimeInterval? = nil, lowSpeedTime: TimeInterval? = nil,
        lowSpeedLimit: Int? = nil
    ) {
        self.connect = connect
        self.total = total
        self.lowSpeedTime = lowSpeedTime
        self.lowSpeedLimit = lowSpeedLimit
    }

    /// These settings, with the fields they leave out taken from `fallback`.
    public func over(_ fallback: TimeoutSettings) -> TimeoutSettings {
        TimeoutSettings(
            connect: connect ?? fallback.connect, total: total ?? fallback.total,
            lowSpeedTime: lowSpeedTime ?? fallback.lowSpeedTime, lowSpeedLimit: lowSpeedLimit ?? fallback.lowSpeedLimit)
    }

    /// Whether no field is set.
    public var isEmpty: Bool { connect == nil && total == nil && lowSpeedTime == nil && lowSpeedLimit == nil }
}
