/// The parts of an `http(s)://name[:port][/path][?query]` URL of plain characters, read from its
/// bytes, or nil for any other spelling (which `CurlURL` leaves to libcurl).
///
/// Every fetch parsed its URL with libcurl's URL API first (the host and port key the per-host
/// limit, an IP literal is refused before connecting): about 6,500 instructions a feed, a tenth of a
/// 304's work off the driver thread (callgrind, docs/performance.md "Fetcher, session 9"). Nearly
/// every feed's URL is this plain shape, whose parts need no parser. What it leaves to libcurl:
/// other schemes, user info, IPv6 and numeric hosts other than a canonical dotted quad (libcurl
/// rewrites `127.1` or `0x7f.1`), percent signs, fragments, spaces and non-ASCII text, empty or
/// zero-padded ports, empty labels, very long names. `CurlURLTests` compares both answers.
enum PlainHTTPURL {
    /// The parts of `text`, or nil when it is not of the plain shape.
    static func parts(_ text: String) -> (scheme: String, host: String, port: Int, explicitPort: Int?)? {
        var text = text
        return text.withUTF8 { bytes in parts(bytes) }
    }

    private static func parts(_ bytes: UnsafeBufferPointer<UInt8>) -> (
        scheme: String, host: String, port: Int, explicitPort: Int?
    )? {
        let count = bytes.count
        guard count < 4096 else { return nil }
        var index = 0
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        func take(_ expected: StaticString) -> Bool {
            let pointer = expected.utf8Start
            for offset in 0..<expected.utf8CodeUnitCount {
                guard index < count, lower(bytes[index]) == pointer[offset] else { return false }
                index += 1
            }
            return true
        }
        guard take("http") else { return nil }
        var isSecure = false
        if index < count, lower(bytes[index]) == UInt8(ascii: "s") {
            isSecure = true
            index += 1
        }
        guard take("://") else { return nil }
        // The host: labels of letters, digits and hyphens between single dots.
        let hostStart = index
        var labelStart = index
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard index > labelStart else { return nil }
                labelStart = index + 1
            } else if !isNameByte(byte) {
                break
            }
            index += 1
        }
        let hostEnd = index
        guard hostEnd > labelStart, hostEnd - hostStart <= 253 else { return nil }
        let host = UnsafeBufferPointer(rebasing: bytes[hostStart..<hostEnd])
        // A name whose last label starts with a letter is a name to libcurl (it reads a host as an
        // IPv4 number only when every label starts with a digit); the only number taken here is the
        // dotted quad libcurl would write back unchanged.
        guard isLetter(bytes[labelStart]) || isCanonicalDottedQuad(host) else { return nil }
        var explicitPort: Int?
        if index < count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            let portStart = index
            var port = 0
            while index < count, (0x30...0x39).contains(bytes[index]), index - portStart < 5 {
                port = port * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > portStart, bytes[portStart] != UInt8(ascii: "0"), port <= 65_535 else { return nil }
            explicitPort = port
        }
        if index < count, bytes[index] != UInt8(ascii: "/") && bytes[index] != UInt8(ascii: "?") { return nil }
        while index < count {
            guard isPlainPathByte(bytes[index]) else { return nil }
            index += 1
        }
        let hostText = String(unsafeUninitializedCapacity: host.count) { buffer in
            for (offset, byte) in host.enumerated() { buffer[offset] = lower(byte) }
            return host.count
        }
        let scheme = isSecure ? "https" : "http"
        return (scheme, hostText, explicitPort ?? (isSecure ? 443 : 80), explicitPort)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// Four decimal numbers 0-255 without leading zeros, between dots.
    private static func isCanonicalDottedQuad(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0
        var value = -1
        var digits = 0
        var first: UInt8 = 0
        for byte in host {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, !(digits > 1 && first == UInt8(ascii: "0")), value <= 255 else { return false }
                parts += 1
                value = -1
                digits = 0
                continue
            }
            guard (0x30...0x39).contains(byte), digits < 3 else { return false }
            if digits == 0 { first = byte; value = 0 }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        guard digits > 0, !(digits > 1 && first == UInt8(ascii: "0")), value <= 255 else { return false }
        return parts == 3
    }

    /// RFC 3986 unreserved characters, the sub-delimiters, ':', '/' and '?'.
    private static func isPlainPathByte(_ byte: UInt8) -> Bool {
        if isLetter(byte) || (0x30...0x39).contains(byte) { return true }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
            UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
            UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }
}
