import Foundation

/// Dates written in the Korean, Greek and Hungarian forms some feed software produces, read the way
/// the reference parser reads them.
///
/// - Korean (OnBlog): `2004년 05월 28일 01:31:15`; Korean (Nate): `2004-05-25 오후 11:23:17`, where
///   오전/오후 are a.m./p.m. (p.m. adds 12 hours; `오후 12` is hour 24, so no date). Both are Korea
///   time, +09:00.
/// - Greek: an RFC 822 date with Greek day and month abbreviations: `Κυρ, 11 Ιούλ 2004 12:00:00 EST`
///   (any zone `FeedDate` knows, which has turned a zone name like `EET` into `+0200` by now).
/// - Hungarian: `2004-július-13T9:15-05:00`, an ISO-like date with the month's Hungarian name.
///
/// Only dates no other reader took get here; anything else in these shapes is nil, never a guess.
enum LocalizedDate {
    /// Seconds since 1970 for a date in one of the forms above, or nil.
    static func parse(_ value: String) -> Int64? {
        korean(value) ?? greek(value) ?? hungarian(value)
    }

    private static let onBlog = try! NSRegularExpression(
        pattern: #"^(\d{4})년\s+(\d{2})월\s+(\d{2})일\s+(\d{2}):(\d{2}):(\d{2})"#)
    private static let nate = try! NSRegularExpression(
        pattern: #"^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{1,2}):(\d{1,2})"#)
    private static let greekForm = try! NSRegularExpression(
        pattern: #"^(\w{2,10}),\s*(\d{1,2})\s*(\w{3,4})\s*(\d{4})\s*(\d{2}):(\d{2}):(\d{2})\s*([+-]?\w{2,10})"#)
    private static let hungarianForm = try! NSRegularExpression(
        pattern: #"^(\d{4})-([^-]+)-(\d{1,2})T(\d{1,2}):(\d{2})([+-])(\d{1,2}):(\d{2})"#)

    /// Greek day abbreviations → English.
    static let greekDays: [String: String] = [
        "Κυρ": "Sun", "Δευ": "Mon", "Τρι": "Tue", "Τετ": "Wed", "Πεμ": "Thu", "Παρ": "Fri", "Σαβ": "Sat",
    ]

    /// Greek month abbreviations (with the accent variants feeds write) → English.
    static let greekMonths: [String: String] = [
        "Ιαν": "Jan", "Φεβ": "Feb", "Μάρ": "Mar", "Μαρ": "Mar", "Μάώ": "Mar", "Μαώ": "Mar", "Απρ": "Apr",
        "Μάι": "May", "Μαϊ": "May", "Μαι": "May", "Ιούν": "Jun", "Ιουν": "Jun", "Ιον": "Jun", "Ιούλ": "Jul",
        "Ιουλ": "Jul", "Ιολ": "Jul", "Αύγ": "Aug", "Αυγ": "Aug", "Σεπ": "Sep", "Οκτ": "Oct", "Νοέ": "Nov",
        "Νοε": "Nov", "Δεκ": "Dec",
    ]

    /// Hungarian month names (and the misspellings the reference parser accepts) → month number.
    static let hungarianMonths: [String: Int] = [
        "január": 1, "február": 2, "februári": 2, "március": 3, "április": 4, "május": 5, "máujus": 5,
        "június": 6, "július": 7, "augusztus": 8, "szeptember": 9, "október": 10, "november": 11,
        "december": 12,
    ]

    private static func groups(_ pattern: NSRegularExpression, _ value: String) -> [String]? {
        let whole = NSRange(value.startIndex..., in: value)
        guard let match = pattern.firstMatch(in: value, range: whole) else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: value).map { String(value[$0]) } ?? ""
        }
    }

    private static func korean(_ value: String) -> Int64? {
        let koreaMinutes = 9 * 60
        if let parts = groups(onBlog, value) {
            let numbers = parts.compactMap { Int($0) }
            guard numbers.count == 6 else { return nil }
            return CivilDate.seconds(
                year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
                second: numbers[5], offsetMinutes: koreaMinutes)
        }
        if let parts = groups(nate, value) {
            guard let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                var hour = Int(parts[4]), let minute = Int(parts[5]), let second = Int(parts[6])
            else { return nil }
            if parts[3] == "오후" { hour += 12 }
            return CivilDate.seconds(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                offsetMinutes: koreaMinutes)
        }
        return nil
    }

    private static func greek(_ value: String) -> Int64? {
        guard let parts = groups(greekForm, value), let weekday = greekDays[parts[0]], let month = greekMonths[parts[2]]
        else { return nil }
        let english = "\(weekday), \(parts[1]) \(month) \(parts[3]) \(parts[4]):\(parts[5]):\(parts[6]) \(parts[7])"
        return FeedDate.parseSeconds(english)
    }

    private static func hungarian(_ value: String) -> Int64? {
        guard let parts = groups(hungarianForm, value), let month = hungarianMonths[parts[1].lowercased()],
            let year = Int(parts[0]), let day = Int(parts[2]), let hour = Int(parts[3]), let minute = Int(parts[4]),
            let offsetHours = Int(parts[6]), let offsetMinutes = Int(parts[7]), offsetHours <= 23, offsetMinutes <= 59
        else { return nil }
        let offset = (parts[5] == "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
        return CivilDate.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: 0, offsetMinutes: offset)
    }
}
