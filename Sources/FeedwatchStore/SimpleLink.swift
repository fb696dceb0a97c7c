/// The normalized link of a plain http(s) URL, computed from its bytes without Foundation's URL
/// parser (which cost more per item than everything else the store does for it).
///
/// Only links whose normalized form is certain take this way: ASCII, a host of letters, digits, `-`
/// and `.`, an optional port without leading zeros, a path of characters RFC 3986 allows (with valid
/// percent escapes), a query of `name` or `name=value` parts of unreserved characters, any fragment of allowed
/// characters. For those, `EntryKey.foundationNormalizedLink` gives the same string (a test compares
/// them); every other link returns nil here and goes through Foundation.
enum SimpleLink {
    /// The normalized form, or nil when the link is not simple (not that it is not a link).
    static func normalized(_ link: String) -> String? {
        var link = link
        return link.withUTF8 { normalized(bytes: $0) }
    }

    static func normalized(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        // Scheme: http or https in any case, then "://".
        var index: Int
        if count >= 7, lower(bytes[0]) == 0x68, lower(bytes[1]) == 0x74, lower(bytes[2]) == 0x74,
            lower(bytes[3]) == 0x70
        {
            index = 4
            if lower(bytes[4]) == 0x73 { index = 5 }
        } else {
            return nil
        }
        guard index + 3 <= count, bytes[index] == 0x3A, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F else {
            return nil
        }
        index += 3
        // Host.
        let hostStart = index
        while index < count, isHostByte(bytes[index]) { index += 1 }
        let hostEnd = index
        guard hostEnd > hostStart else { return nil }
        // Internationalized (punycode) labels are left to Foundation's IDNA handling.
        if containsPunycodePrefix(bytes, from: hostStart, to: hostEnd) { return nil }
        // Port: digits without a leading zero; 80 and 443 are dropped (http and https of a page are one).
        var portStart = index
        var portEnd = index
        if index < count, bytes[index] == 0x3A {
            index += 1
            portStart = index
            while index < count, isDigit(bytes[index]) { index += 1 }
            portEnd = index
            let length = portEnd - portStart
            guard length >= 1, length <= 5, bytes[portStart] != 0x30 else { return nil }
        }
        guard index == count || bytes[index] == 0x2F || bytes[index] == 0x3F || bytes[index] == 0x23 else { return nil }
        // Path.
        let pathStart = index
        while index < count, bytes[index] != 0x3F, bytes[index] != 0x23 {
            guard isPathByte(bytes[index]) else { return nil }
            if bytes[index] == 0x25 {
                guard index + 2 < count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else { return nil }
                index += 2
            }
            index += 1
        }
        let pathEnd = index
        // Query: name=value pairs of unreserved characters, none empty.
        var kept: [(start: Int, end: Int)] = []
        if index < count, bytes[index] == 0x3F {
            index += 1
            guard index < count, bytes[index] != 0x23 else { return nil }
            var pairStart = index
            var nameEnd = -1
            while true {
                let atEnd = index == count || bytes[index] == 0x26 || bytes[index] == 0x23
                if atEnd {
                    let nameStop = nameEnd < 0 ? index : nameEnd
                    guard nameStop > pairStart else { return nil }
                    if !isTrackingParameter(bytes, from: pairStart, to: nameStop) { kept.append((pairStart, index)) }
                    if index == count || bytes[index] == 0x23 { break }
                    index += 1
                    pairStart = index
                    nameEnd = -1
                    continue
                }
                let byte = bytes[index]
                if byte == 0x3D {
                    guard nameEnd < 0 else { return nil }
                    nameEnd = index
                } else if !isUnreserved(byte) {
                    return nil
                }
                index += 1
            }
        }
        // Fragment: dropped, but it must be one Foundation accepts.
        if index < count, bytes[index] == 0x23 {
            index += 1
            while index < count {
                let byte = bytes[index]
                guard isPathByte(byte) || byte == 0x3F else { return nil }
                if byte == 0x25 {
                    guard index + 2 < count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                        return nil
                    }
                    index += 2
                }
                index += 1
            }
        }
        // Written straight into the String's storage: its length is known.
        let keepsPort = portEnd > portStart && !isDefaultPort(bytes, from: portStart, to: portEnd)
        var length = 8 + (hostEnd - hostStart) + (keepsPort ? 1 + portEnd - portStart : 0)
        length += pathEnd > pathStart ? pathEnd - pathStart : 1
        for pair in kept { length += 1 + pair.end - pair.start }
        return String(unsafeUninitializedCapacity: length) { output -> Int in
            var written = 0
            func append(_ byte: UInt8) {
                output[written] = byte
                written += 1
            }
            func append(from start: Int, to end: Int) {
                for offset in start..<end { append(bytes[offset]) }
            }
            for byte in "https://".utf8 { append(byte) }
            for offset in hostStart..<hostEnd { append(lower(bytes[offset])) }
            if keepsPort {
                append(0x3A)
                append(from: portStart, to: portEnd)
            }
            if pathEnd > pathStart {
                append(from: pathStart, to: pathEnd)
            } else {
                append(0x2F)
            }
            for (position, pair) in kept.enumerated() {
                append(position == 0 ? 0x3F : 0x26)
                append(from: pair.start, to: pair.end)
            }
            return written
        }
    }

    /// Whether the name `bytes[from..<to]`, lower-cased, is a tracking parameter (`utm_*` or a listed one).
    static func isTrackingParameter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var name = [UInt8]()
        name.reserveCapacity(end - start)
        for offset in start..<end { name.append(lower(bytes[offset])) }
        if name.count >= 4, name[0] == 0x75, name[1] == 0x74, name[2] == 0x6D, name[3] == 0x5F { return true }
        return EntryKey.trackingParameters.contains(String(decoding: name, as: UTF8.self))
    }

    static func isDefaultPort(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var value = 0
        for offset in start..<end { value = value * 10 + Int(bytes[offset] - 0x30) }
        return value == 80 || value == 443
    }

    static func containsPunycodePrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var offset = start
        while offset + 3 < end {
            if (offset == start || bytes[offset - 1] == 0x2E), lower(bytes[offset]) == 0x78,
                lower(bytes[offset + 1]) == 0x6E,
                bytes[offset + 2] == 0x2D, bytes[offset + 3] == 0x2D
            {
                return true
            }
            offset += 1
        }
        return false
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isAlpha(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
    /// Letters, digits, `-` and `.`.
    static func isHostByte(_ byte: UInt8) -> Bool { isMember(byte, 0x03FF_6000_0000_0000, 0x07FF_FFFE_07FF_FFFE) }
    /// RFC 3986 unreserved: letters, digits, `-`, `.`, `_`, `~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        isMember(byte, 0x03FF_6000_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }
    /// What a path may hold: unreserved, sub-delims (`!$&'()*+,;=`), `:`, `@`, `/` and `%` (escapes).
    static func isPathByte(_ byte: UInt8) -> Bool { isMember(byte, 0x2FFF_FFF2_0000_0000, 0x47FF_FFFE_87FF_FFFF) }

    /// Whether ASCII `byte` is in the set whose bit `byte` of `low` (bytes 0-63) or `byte - 64` of
    /// `high` (64-127) is set: one shift a byte instead of a chain of comparisons (a link's bytes are
    /// each tested once or twice, for every item of a pass). The sets are spelled out in
    /// `LinkNormalizationTests`, which checks every byte.
    @inline(__always)
    static func isMember(_ byte: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        if byte < 64 { return (low >> UInt64(byte)) & 1 != 0 }
        if byte < 128 { return (high >> UInt64(byte &- 64)) & 1 != 0 }
        return false
    }
}
