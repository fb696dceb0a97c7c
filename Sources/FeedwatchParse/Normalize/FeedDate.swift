import Foundation

/// Parses the dates feeds write: RFC 822 (with the zone names and offsets seen in real feeds),
/// W3C-DTF/ISO 8601/RFC 3339 and their common malformed variants, asctime, and the Korean, Greek
/// and Hungarian forms of `LocalizedDate`.
///
/// An unparseable date is nil, never a guess: no zone on an RFC 822 date with a time, an unknown
/// or ambiguous zone name (IST), or an impossible value (month 13, February 30, 24:00) all give nil.
/// A date without a time is midnight UTC; an ISO date without a zone is UTC; fractions of a second
/// are dropped; a reduced ISO date is completed (`2003-12` is `2003-12-01T00:00:00Z`).
public enum FeedDate {
    /// The instant a feed date names, or nil.
    public static func parse(_ text: String) -> Date? {
        guard let seconds = parseSeconds(text) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Seconds since 1970 for a feed date, or nil.
    static func parseSeconds(_ raw: String) -> Int64? {
        if let fast = FastDate.parse(raw) { return fast }
        var value = XMLFeedBuilder.strip(raw)
        if value.isEmpty { return nil }
        if let (year, month, day) = leadingISODate(value) {
            guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
                return nil
            }
        } else if let zone = trailingZoneName(value) {
            let name = String(value[zone]).lowercased()
            if RFC822Date.zoneHours[name] == nil {
                guard let offset = extraZones[name] else { return nil }
                value.replaceSubrange(zone, with: offset)
            }
        }
        if let result = W3CDate.parse(value) { return result }
        if let result = RFC822Date.parse(value) { return result }
        if let result = CompactISODate.parse(value) { return result }
        if let result = AsctimeDate.parse(value) { return result }
        if let result = LocalizedDate.parse(value) { return result }
        return nil
    }

    /// Unambiguous zone abbreviations beyond RFC 822's, as offsets.
    static let extraZones: [String: String] = [
        "utc": "+0000", "wet": "+0000", "west": "+0100", "bst": "+0100", "cet": "+0100", "cest": "+0200",
        "met": "+0100", "mest": "+0200", "eet": "+0200", "eest": "+0300", "msk": "+0300", "hkt": "+0800",
        "sgt": "+0800", "awst": "+0800", "jst": "+0900", "kst": "+0900", "acst": "+0930", "aest": "+1000",
        "aedt": "+1100", "nzst": "+1200", "nzdt": "+1300", "hst": "-1000", "akst": "-0900", "akdt": "-0800",
    ]

    /// `YYYY-M[M][-D[D]]` at the start, not followed by a digit (with the regex's backtracking):
    /// year, month, day (1 when absent).
    private static func leadingISODate(_ value: String) -> (Int, Int, Int)? {
        let bytes = Array(value.utf8.prefix(16))
        func isDigit(_ index: Int) -> Bool { index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        func number(_ start: Int, _ length: Int) -> Int {
            var result = 0
            for index in start..<(start + length) { result = result * 10 + Int(bytes[index] - 0x30) }
            return result
        }
        guard bytes.count >= 6, (0..<4).allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-") else { return nil }
        let year = number(0, 4)
        for monthLength in [2, 1] where (5..<(5 + monthLength)).allSatisfy(isDigit) {
            let month = number(5, monthLength)
            let afterMonth = 5 + monthLength
            if afterMonth < bytes.count, bytes[afterMonth] == UInt8(ascii: "-") {
                for dayLength in [2, 1] where ((afterMonth + 1)..<(afterMonth + 1 + dayLength)).allSatisfy(isDigit) {
                    if !isDigit(afterMonth + 1 + dayLength) {
                        return (year, month, number(afterMonth + 1, dayLength))
                    }
                }
            }
            if !isDigit(afterMonth) { return (year, month, 1) }
        }
        return nil
    }

    /// The range of a zone name that ends the value right after a `h:mm[:ss]` time.
    private static func trailingZoneName(_ value: String) -> Range<String.Index>? {
        let scalars = Array(value.unicodeScalars)
        var end = scalars.count
        while end > 0, scalars[end - 1].properties.isWhitespace { end -= 1 }
        var start = end
        while start > 0, scalars[start - 1].isASCII, scalars[start - 1].properties.isAlphabetic { start -= 1 }
        guard start < end else { return nil }
        var cursor = start
        while cursor > 0, scalars[cursor - 1].properties.isWhitespace { cursor -= 1 }
        func isDigit(_ position: Int) -> Bool { position >= 0 && scalars[position].isASCII && scalars[position].properties.numericType != nil }
        // ...\d{1,2}:\d{2}(:\d{2})?
        guard isDigit(cursor - 1), isDigit(cursor - 2) else { return nil }
        var position = cursor - 3
        if position >= 2, scalars[position] == ":", isDigit(position - 1), isDigit(position - 2),
            position - 3 >= 0, scalars[position - 3] == ":"
        {
            position -= 3
        } else if position >= 0, scalars[position] == ":" {
            // h:mm or hh:mm
        } else {
            return nil
        }
        guard scalars[position] == ":", isDigit(position - 1) else { return nil }
        let startIndex = value.unicodeScalars.index(value.unicodeScalars.startIndex, offsetBy: start)
        let endIndex = value.unicodeScalars.index(value.unicodeScalars.startIndex, offsetBy: end)
        return startIndex..<endIndex
    }
}

/// Proleptic Gregorian calendar arithmetic.
enum CivilDate {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given date (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// Seconds since 1970 for a validated local date-time and a zone offset in minutes; nil when invalid.
    static func seconds(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetMinutes: Int
    ) -> Int64? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let local = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second)
        let result = local - Int64(offsetMinutes) * 60
        // The UTC result must stay within years 1...9999.
        guard result >= -62_135_596_800, result <= 253_402_300_799 else { return nil }
        return result
    }
}

/// Python-compatible integer parsing: optional surrounding white space and sign, ASCII digits.
enum LooseInteger {
    static func parse<S: StringProtocol>(_ text: S) -> Int? {
        let trimmed = XMLFeedBuilder.strip(String(text))
        guard !trimmed.isEmpty, trimmed.count <= 18 else { return nil }
        var body = Substring(trimmed)
        var sign = 1
        if body.first == "+" || body.first == "-" {
            sign = body.first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(body).map { $0 * sign }
    }
}
