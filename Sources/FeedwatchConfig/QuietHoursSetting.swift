import Foundation

/// A daily span of local time (in `settings.timezone`) in which no alert is sent (`notify.quiet_hours`).
public struct QuietHoursSetting: Sendable, Hashable {
    /// Minutes after local midnight when quiet begins.
    public var startMinutes: Int
    /// Minutes after local midnight when quiet ends; less than `startMinutes` when it spans midnight.
    public var endMinutes: Int

    /// Creates a quiet span from minutes after local midnight.
    public init(startMinutes: Int, endMinutes: Int) {
        self.startMinutes = startMinutes
        self.endMinutes = endMinutes
    }

    /// Parses `HH:MM-HH:MM` (24-hour clock, two digits each); nil when the text is not that.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start != end
        else { return nil }
        startMinutes = start
        endMinutes = end
    }

    static func minutes(_ text: String) -> Int? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(fields[0]), let minute = Int(fields[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
