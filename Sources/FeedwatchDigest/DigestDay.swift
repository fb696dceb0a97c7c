import Foundation

/// A calendar day (year, month, day) without a time zone; the digest pairs it with one.
public struct DigestDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year (Gregorian).
    public var year: Int
    /// The month, 1...12.
    public var month: Int
    /// The day of the month, 1...31.
    public var day: Int

    /// Creates a day, checking that it exists in the Gregorian calendar.
    public init(year: Int, month: Int, day: Int) throws(DigestError) {
        let text = Self.format(year: year, month: month, day: day)
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            throw .invalidDay(text)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Round-trip through the calendar so 2026-02-30 is refused rather than rolled over to March.
        guard let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)),
            calendar.dateComponents([.year, .month, .day], from: noon) == DateComponents(year: year, month: month, day: day)
        else { throw .invalidDay(text) }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (exactly that shape, as the CLI's `--date` takes it).
    public init(parsing text: String) throws(DigestError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw .invalidDay(text) }
        do { try self.init(year: year, month: month, day: day) } catch { throw .invalidDay(text) }
    }

    /// The local day an instant falls on in a time zone.
    public init(containing instant: Date, in timeZone: TimeZone) {
        let components = Self.calendar(timeZone).dateComponents([.year, .month, .day], from: instant)
        year = components.year!
        month = components.month!
        day = components.day!
    }

    /// The day before, as the default "last complete day" needs.
    public var previous: DigestDay { adding(days: -1) }

    /// The day after.
    public var next: DigestDay { adding(days: 1) }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> DigestDay {
        let utc = Self.calendar(TimeZone(identifier: "UTC")!)
        let noon = utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return DigestDay(containing: utc.date(byAdding: .day, value: count, to: noon)!, in: utc.timeZone)
    }

    /// The local day's instants `[start of day, start of next day)`; 23 or 25 hours long across a DST change.
    public func window(in timeZone: TimeZone) -> DateInterval {
        DateInterval(start: startOfDay(in: timeZone), end: next.startOfDay(in: timeZone))
    }

    /// `YYYY-MM-DD`.
    public var description: String { Self.format(year: year, month: month, day: day) }

    /// Orders days chronologically.
    public static func < (lhs: DigestDay, rhs: DigestDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The first instant of the day in the zone. Taken from local noon, which exists on every day,
    /// because in zones that change clocks at midnight (America/Santiago, formerly America/Sao_Paulo)
    /// 00:00 itself may not exist; `startOfDay` then answers the first instant that does (01:00).
    private func startOfDay(in timeZone: TimeZone) -> Date {
        let calendar = Self.calendar(timeZone)
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return calendar.startOfDay(for: noon)
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }

    private static func format(year: Int, month: Int, day: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
