import Foundation

/// The status lines of every response on the way (redirect hops included) and the header fields
/// of the latest one, accumulated from libcurl's header callback one line at a time.
///
/// Lines arrive as raw bytes; only the fields feedwatch uses are kept, so the many other header
/// lines of a response cost a byte comparison each, not a string (measured in bench/fetch).
struct ResponseHead: Sendable, Equatable {
    /// The fields kept (lowercase), as byte arrays for a cheap case-insensitive prefix match.
    private static let keptKeys = [
        "etag", "last-modified", "cache-control", "expires", "date", "age", "retry-after", "location",
    ]
    private static let keptNames: [[UInt8]] = keptKeys.map { Array($0.utf8) }

    /// The final (non-1xx) status of each response, in order: redirect hops, then the last one.
    private(set) var statuses: [Int] = []
    /// The latest response's kept fields, names lowercased; repeated fields joined with ", " (RFC 9110 5.3).
    private(set) var fields: [String: String] = [:]
    /// Whether the latest status line was informational (1xx): its fields are not kept.
    private var isInterim = false

    /// Consumes one header line given as text (CRLF included or not).
    mutating func consume(line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { consume(line: UnsafeRawBufferPointer($0)) }
    }

    /// Consumes one raw header line (CRLF included or not).
    mutating func consume(line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D || line[end - 1] == 0x20 { end -= 1 }
        guard end > 0 else { return }
        if end > 5, line[0] == 0x48, line[1] == 0x54, line[2] == 0x54, line[3] == 0x50, line[4] == 0x2F {  // "HTTP/"
            var index = 5
            while index < end, line[index] != 0x20 { index += 1 }
            while index < end, line[index] == 0x20 { index += 1 }
            var status = 0
            var digits = 0
            while index < end, digits < 3, (0x30...0x39).contains(line[index]) {
                status = status * 10 + Int(line[index] - 0x30)
                index += 1
                digits += 1
            }
            isInterim = (100..<200).contains(status)
            fields = [:]
            if !isInterim { statuses.append(status) }
            return
        }
        guard !isInterim else { return }
        for (which, name) in Self.keptNames.enumerated() where end > name.count && line[name.count] == 0x3A {  // ':'
            var matches = true
            for offset in 0..<name.count where Self.lowercased(line[offset]) != name[offset] {
                matches = false
                break
            }
            guard matches else { continue }
            var start = name.count + 1
            while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
            // Header bytes are ISO-8859-1 at worst; decoding as UTF-8 with repair keeps ASCII intact.
            // Decoded from a typed UInt8 buffer: String's fast path (a raw buffer took the generic one).
            let value = String(
                decoding: UnsafeBufferPointer(rebasing: line.assumingMemoryBound(to: UInt8.self)[start..<end]), as: UTF8.self)
            let key = Self.keptKeys[which]
            if let existing = fields[key] {
                fields[key] = existing + ", " + value
            } else {
                fields[key] = value
            }
            return
        }
    }

    /// The latest response's field `name` (lowercase; only the kept fields are present).
    subscript(name: String) -> String? { fields[name] }

    /// The statuses of the redirect hops (every response but the last).
    var redirectStatuses: [Int] { Array(statuses.dropLast()) }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
