/// Byte-level parsing of the two date shapes nearly every feed uses, exactly as the general
/// parsers read them: RFC 3339 (`2026-02-03T04:05:06Z`, `...06.789+01:00`) and RFC 1123
/// (`Tue, 03 Feb 2026 04:05:06 GMT` or `+0000`). Anything else returns nil and takes the general path.
enum FastDate {
    static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            guard bytes.count >= 20, bytes.count <= 40 else { return nil }
            if bytes[4] == UInt8(ascii: "-") { return rfc3339(bytes) }
            return rfc1123(bytes)
        }
    }

    @inline(__always)
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func rfc3339(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let year = digits(bytes, 0, 4), bytes[7] == UInt8(ascii: "-"), let month = digits(bytes, 5, 2),
            let day = digits(bytes, 8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = digits(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(bytes, 14, 2),
            bytes[16] == UInt8(ascii: ":"), let second = digits(bytes, 17, 2)
        else { return nil }
        var index = 19
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > start else { return nil }
        }
        var offset = 0
        if index + 1 == bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "z") {
            offset = 0
        } else if index + 6 == bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
            let hours = digits(bytes, index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
            let minutes = digits(bytes, index + 4, 2)
        {
            offset = (hours * 60 + minutes) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        return CivilDate.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    private static let monthNames: [UInt32: Int] = [
        pack("jan"): 1, pack("feb"): 2, pack("mar"): 3, pack("apr"): 4, pack("may"): 5, pack("jun"): 6,
        pack("jul"): 7, pack("aug"): 8, pack("sep"): 9, pack("oct"): 10, pack("nov"): 11, pack("dec"): 12,
    ]
    private static let dayNames: Set<UInt32> = Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(pack))
    private static let zoneHours: [UInt32: Int] = [
        pack("gmt"): 0, pack("utc"): 0, pack("est"): -5, pack("edt"): -4, pack("cst"): -6, pack("cdt"): -5,
        pack("mst"): -7, pack("mdt"): -6, pack("pst"): -8, pack("pdt"): -7,
    ]

    private static func pack(_ name: String) -> UInt32 {
        name.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    @inline(__always)
    private static func lowerPack3(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32 {
        UInt32(bytes[start] | 0x20) << 16 | UInt32(bytes[start + 1] | 0x20) << 8 | UInt32(bytes[start + 2] | 0x20)
    }

    /// `[Www, ]D[D] Mon YYYY HH:MM:SS ZONE` with single spaces, ZONE one of GMT, UTC, UT, Z, the US
    /// zones or `±HHMM`.
    private static func rfc1123(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        if bytes.count > 5, dayNames.contains(lowerPack3(bytes, 0)), bytes[3] == UInt8(ascii: ","),
            bytes[4] == UInt8(ascii: " ")
        {
            index = 5
        }
        let dayStart = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - dayStart < 2 { index += 1 }
        guard index > dayStart, let day = digits(bytes, dayStart, index - dayStart) else { return nil }
        guard index + 22 <= bytes.count || index + 20 <= bytes.count, bytes[index] == UInt8(ascii: " ") else { return nil }
        guard let month = monthNames[lowerPack3(bytes, index + 1)], bytes[index + 4] == UInt8(ascii: " "),
            let year = digits(bytes, index + 5, 4), bytes[index + 9] == UInt8(ascii: " "),
            let hour = digits(bytes, index + 10, 2), bytes[index + 12] == UInt8(ascii: ":"),
            let minute = digits(bytes, index + 13, 2), bytes[index + 15] == UInt8(ascii: ":"),
            let second = digits(bytes, index + 16, 2), index + 19 < bytes.count, bytes[index + 18] == UInt8(ascii: " ")
        else { return nil }
        let zoneStart = index + 19
        let zoneLength = bytes.count - zoneStart
        var offset: Int
        if zoneLength == 5, bytes[zoneStart] == UInt8(ascii: "+") || bytes[zoneStart] == UInt8(ascii: "-"),
            let hours = digits(bytes, zoneStart + 1, 2), let minutes = digits(bytes, zoneStart + 3, 2)
        {
            offset = (hours * 60 + minutes) * (bytes[zoneStart] == UInt8(ascii: "-") ? -1 : 1)
        } else if zoneLength == 3, let hours = zoneHours[lowerPack3(bytes, zoneStart)] {
            offset = hours * 60
        } else if zoneLength == 2, (bytes[zoneStart] | 0x20) == UInt8(ascii: "u"), (bytes[zoneStart + 1] | 0x20) == UInt8(ascii: "t") {
            offset = 0
        } else if zoneLength == 1, (bytes[zoneStart] | 0x20) == UInt8(ascii: "z") {
            offset = 0
        } else {
            return nil
        }
        return CivilDate.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }
}
