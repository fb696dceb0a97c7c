/// W3C-DTF (the ISO 8601 profile of RFC 3339 and Atom), and the space-separated variant MSSQL writes.
enum W3CDate {
    static let zoneHours: [String: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5, "et": -5, "cdt": -5,
        "cst": -6, "ct": -6, "mdt": -6, "mst": -7, "mt": -7, "pdt": -7, "pst": -8, "pt": -8, "a": -1, "n": 1,
        "m": -12, "y": 12,
    ]

    static func parse(_ value: String) -> Int64? {
        let lowered = value.lowercased()
        var parts = lowered.split(separator: "t", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            parts = parts[0].split(whereSeparator: { $0.isWhitespace }).map(String.init)
            if parts.isEmpty { return nil }
            if parts.count == 1 { parts.append("00:00:00z") }
        } else if parts.count > 2 {
            return nil
        }
        var date = parts[0].split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let yearText = date.first, yearText.count == 4 else { return nil }
        // An ISO 8601 ordinal date (`2002-250`, day of the year) becomes month and day; feedparser reads it too.
        if date.count == 2, date[1].count == 3, let year = LooseInteger.parse(yearText),
            var dayOfYear = LooseInteger.parse(date[1]), dayOfYear >= 1
        {
            var month = 1
            while month < 12 && dayOfYear > CivilDate.daysIn(month: month, year: year) {
                dayOfYear -= CivilDate.daysIn(month: month, year: year)
                month += 1
            }
            date = [yearText, String(month), String(dayOfYear)]
        }
        while date.count < 3 { date.append("1") }
        guard let year = LooseInteger.parse(date[0]), let month = LooseInteger.parse(date[1]),
            let day = LooseInteger.parse(date[2])
        else { return nil }
        if parts[1].hasSuffix("z") {
            parts[1].removeLast()
            parts.append("z")
        }
        let timeText = parts[1]
        let zoneStart = timeText.firstIndex(of: "-") ?? timeText.firstIndex(of: "+") ?? timeText.endIndex
        parts.append(String(timeText[zoneStart...]))
        parts[1] = String(timeText[..<zoneStart])
        var time = parts[1].split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        while time.count < 3 { time.append("0") }
        let zone = parts[2]
        var offsetMinutes = 0
        if zone.hasPrefix("-") || zone.hasPrefix("+") {
            let characters = Array(zone)
            guard characters.count >= 2,
                let hours = LooseInteger.parse(String(characters[1..<min(3, characters.count)])),
                // ISO 8601 allows an hours-only offset (`-05`), which has no minutes part at all.
                let minutes = characters.count <= 3 ? 0 : LooseInteger.parse(String(characters.dropFirst(4)))
            else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (zone.hasPrefix("-") ? -1 : 1)
        } else {
            offsetMinutes = (zoneHours[zone] ?? 0) * 60
        }
        var clock: [Int] = []
        for field in time {
            guard let number = Double(field.trimmingCharacters(in: .whitespaces)), number.isFinite,
                abs(number) < 1e9
            else { return nil }
            clock.append(Int(number))
        }
        // ISO 8601 writes the end of a day as 24:00:00, midnight of the next day (feedparser agrees).
        if clock == [24, 0, 0] {
            return CivilDate.seconds(
                year: year, month: month, day: day, hour: 0, minute: 0, second: 0, offsetMinutes: offsetMinutes
            ).map { $0 + 86400 }
        }
        return CivilDate.seconds(
            year: year, month: month, day: day, hour: clock[0], minute: clock[1], second: clock[2],
            offsetMinutes: offsetMinutes)
    }
}

/// RFC 822/1123 dates as feeds write them: two- or four-digit years, day and month in either order,
/// optional weekday, zone names or offsets (`GMT-05:00`, `Etc/GMT`), date-only forms.
enum RFC822Date {
    static let zoneHours: [String: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5, "et": -5, "cdt": -5,
        "cst": -6, "ct": -6, "mdt": -6, "mst": -7, "mt": -7, "pdt": -7, "pst": -8, "pt": -8, "a": -1, "n": 1,
        "m": -12, "y": 12, "met": 1, "mest": 2,
    ]
    static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]

    static func parse(_ value: String) -> Int64? {
        var parts = value.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if parts.isEmpty { return nil }
        if parts.count < 5 { parts.append(contentsOf: ["00:00:00", "0000"]) }
        if dayNames.contains(String(parts[0].prefix(3))) { parts.removeFirst() }
        if parts.count < 5 { return nil }
        var month = months[String(parts[1].prefix(3))]
        var day: Int
        if let parsedDay = LooseInteger.parse(parts[0]) {
            day = parsedDay
        } else if let swappedMonth = months[String(parts[0].prefix(3))] {
            guard let parsedDay = LooseInteger.parse(parts[1]) else { return nil }
            day = parsedDay
            month = swappedMonth
        } else {
            return nil
        }
        guard let month else { return nil }
        guard var year = LooseInteger.parse(parts[2]) else { return nil }
        if parts[2].count <= 2 { year += year < 90 ? 2000 : 1900 }
        var timeParts = parts[3].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        while timeParts.count < 3 { timeParts.append("0") }
        guard timeParts.count == 3, let hour = LooseInteger.parse(timeParts[0]),
            let minute = LooseInteger.parse(timeParts[1]), let second = LooseInteger.parse(timeParts[2])
        else { return nil }
        var zone = parts[4]
        if zone.hasPrefix("etc/") { zone.removeFirst(4) }
        if zone.hasPrefix("gmt") {
            let rest = zone.dropFirst(3).replacingOccurrences(of: ":", with: "")
            zone = rest.isEmpty ? "gmt" : rest
        }
        var offsetMinutes: Int
        if zone.hasPrefix("-") || zone.hasPrefix("+") {
            let characters = Array(zone)
            let hoursText = String(characters[1..<min(3, characters.count)])
            let minutesText = zone.contains(":") ? String(characters.dropFirst(4)) : String(characters.dropFirst(3))
            guard let hours = LooseInteger.parse(hoursText), let minutes = LooseInteger.parse(minutesText) else {
                return nil
            }
            offsetMinutes = (hours * 60 + minutes) * (zone.hasPrefix("-") ? -1 : 1)
        } else {
            offsetMinutes = (zoneHours[zone] ?? 0) * 60
        }
        return CivilDate.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offsetMinutes: offsetMinutes)
    }
}

/// asctime: `Sun Jan  4 16:29:06 [PST] 2004`, read through the RFC 822 parser.
enum AsctimeDate {
    static func parse(_ value: String) -> Int64? {
        var parts = value.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if parts.count == 5 { parts.insert("+0000", at: 4) }
        guard parts.count == 6 else { return nil }
        return RFC822Date.parse([parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]].joined(separator: " "))
    }
}

/// Basic-format ISO 8601: `20031231T101455Z`, `20031231T1014+0100`, `20031231`.
enum CompactISODate {
    static func parse(_ value: String) -> Int64? {
        let bytes = Array(value.utf8)
        func digits(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var result = 0
            for index in start..<(start + length) {
                guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
                result = result * 10 + Int(bytes[index] - 0x30)
            }
            return result
        }
        guard bytes.count >= 8, let year = digits(0, 4), let month = digits(4, 2), let day = digits(6, 2) else {
            return nil
        }
        var index = 8
        var hour = 0
        var minute = 0
        var second = 0
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "t") {
            index += 1
            guard let parsedHour = digits(index, 2) else { return nil }
            hour = parsedHour
            index += 2
            if bytes.count > index, bytes[index] == UInt8(ascii: ":") { index += 1 }
            if let parsedMinute = digits(index, 2) {
                minute = parsedMinute
                index += 2
                if bytes.count > index, bytes[index] == UInt8(ascii: ":") { index += 1 }
                if let parsedSecond = digits(index, 2) {
                    second = parsedSecond
                    index += 2
                }
            }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            }
        }
        var offsetMinutes = 0
        if index < bytes.count {
            let rest = bytes[index...]
            if rest.count == 1 && (rest.first! | 0x20) == UInt8(ascii: "z") {
                offsetMinutes = 0
            } else if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") {
                let sign = rest.first == UInt8(ascii: "-") ? -1 : 1
                guard let hours = digits(index + 1, 2) else { return nil }
                var position = index + 3
                if position < bytes.count && bytes[position] == UInt8(ascii: ":") { position += 1 }
                let minutes = digits(position, 2) ?? 0
                if digits(position, 2) != nil { position += 2 }
                guard position == bytes.count else { return nil }
                offsetMinutes = sign * (hours * 60 + minutes)
            } else {
                return nil
            }
        }
        return CivilDate.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offsetMinutes: offsetMinutes)
    }
}
