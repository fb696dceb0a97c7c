import Foundation

/// A daily span of local time in which nothing is sent (e.g. 22:00–07:00 in America/Guayaquil); alerts
/// found then wait until it ends. Correct across DST: the end is the next time the local clock shows it,
/// or, on a spring-forward day when that time does not exist, the first instant after the gap.
public struct QuietHours: Sendable, Hashable {
    /// Minutes after local midnight when quiet begins.
    public var start: Int
    /// Minutes after local midnight when quiet ends (before `start` means it spans midnight).
    public var end: Int
    /// The user's zone.
    public var timeZone: TimeZone

    /// Creates quiet hours from `HH:MM` local times; throws `DeliveryError` naming a bad time.
    public init(from start: String, to end: String, timeZone: TimeZone) throws(DeliveryError) {
        guard let startMinutes = Self.minutes(start) else {
            throw DeliveryError(kind: .permanent, message: "quiet hours: '\(start)' is not a time HH:MM")
        }
        guard let endMinutes = Self.minutes(end) else {
            throw DeliveryError(kind: .permanent, message: "quiet hours: '\(end)' is not a time HH:MM")
        }
        self.start = startMinutes
        self.end = endMinutes
        self.timeZone = timeZone
    }

    /// Creates quiet hours from minutes after local midnight (as the configuration holds them).
    public init(startMinutes: Int, endMinutes: Int, timeZone: TimeZone) {
        start = startMinutes
        end = endMinutes
        self.timeZone = timeZone
    }

    /// True when the local time at `instant` is within the quiet span `[start, end)`.
    public func isQuiet(at instant: Date) -> Bool {
        let components = calendar.dateComponents([.hour, .minute], from: instant)
        let now = components.hour! * 60 + components.minute!
        if start == end { return false }
        return start < end ? (start <= now && now < end) : (now >= start || now < end)
    }

    /// `instant` itself when sending is allowed then, else the end of the quiet span it falls in.
    public func nextAllowed(after instant: Date) -> Date {
        guard isQuiet(at: instant) else { return instant }
        let wanted = DateComponents(hour: end / 60, minute: end % 60, second: 0)
        // .nextTime: when the wall-clock time is skipped (spring forward), take the first instant after the gap.
        return calendar.nextDate(after: instant, matching: wanted, matchingPolicy: .nextTime, direction: .forward)
            ?? instant.addingTimeInterval(3600)
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
