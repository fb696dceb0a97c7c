import Foundation

/// Whether a feed's `url` is an absolute http(s) URL with a host, or a file:// URL with a path.
///
/// Foundation's URL parser answers every case, but took a third of reading a feed's entry in a
/// feeds.yml of thousands of feeds (bench/fetch). The common spelling, `http(s)://host[:port]` then a
/// path of plain URL characters, is answered from its bytes; anything else (user info, IPv6
/// literals, percent signs, fragments, non-ASCII text, an empty port...) still goes to Foundation.
/// A test compares both answers over thousands of generated spellings.
enum FeedURLCheck {
    /// The answer for `text`.
    static func isFeedURL(_ text: String) -> Bool {
        if let quick = quickAnswer(text) { return quick }
        return foundationAnswer(text)
    }

    /// What Foundation's parser says (the reference).
    static func foundationAnswer(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        if scheme == "file" { return !url.path.isEmpty }
        return (scheme == "http" || scheme == "https") && !(url.host ?? "").isEmpty
    }

    /// `true` for `http(s)://host[:port][/path][?query]` of plain characters; `nil` when unsure.
    static func quickAnswer(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            var index = 0
            func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
            func take(_ expected: String) -> Bool {
                for byte in expected.utf8 {
                    guard index < bytes.count, lower(bytes[index]) == byte else { return false }
                    index += 1
                }
                return true
            }
            guard take("http") else { return nil }
            if index < bytes.count, lower(bytes[index]) == UInt8(ascii: "s") { index += 1 }
            guard take("://") else { return nil }
            // The host: a registered name of letters, digits, dots and hyphens; at least one.
            let hostStart = index
            while index < bytes.count, Self.isHostByte(bytes[index]) { index += 1 }
            guard index > hostStart else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                let portStart = index
                var port = 0
                while index < bytes.count, (0x30...0x39).contains(bytes[index]), port <= 65_535 {
                    port = port * 10 + Int(bytes[index] - 0x30)
                    index += 1
                }
                guard index > portStart, port <= 65_535 else { return nil }
            }
            // Then the end, or a path or query of characters that need no escaping and have no
            // special meaning to a parser (no '%', '#', '[', ']', '@' ...).
            if index < bytes.count, bytes[index] != UInt8(ascii: "/") && bytes[index] != UInt8(ascii: "?") {
                return nil
            }
            while index < bytes.count {
                guard Self.isPlainPathByte(bytes[index]) else { return nil }
                index += 1
            }
            return true
        }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// RFC 3986 unreserved characters, the sub-delimiters, ':', '/' and '?'.
    private static func isPlainPathByte(_ byte: UInt8) -> Bool {
        if (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) { return true }
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
