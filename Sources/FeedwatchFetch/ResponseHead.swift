import Foundation

/// The status lines of every response on the way (redirect hops included) and the header fields
/// of the latest one, accumulated from libcurl's header callback one line at a time.
struct ResponseHead: Sendable, Equatable {
    /// The final (non-1xx) status of each response, in order: redirect hops, then the last one.
    private(set) var statuses: [Int] = []
    /// The latest response's fields, names lowercased; repeated fields joined with ", " (RFC 9110 5.3).
    private(set) var fields: [String: String] = [:]
    /// Whether the latest status line was informational (1xx): its fields are not kept.
    private var isInterim = false

    /// Consumes one raw header line (CRLF included or not).
    mutating func consume(line rawLine: String) {
        let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            let status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            isInterim = (100..<200).contains(status)
            fields = [:]
            if !isInterim { statuses.append(status) }
            return
        }
        guard !isInterim, let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if let existing = fields[name] {
            fields[name] = existing + ", " + value
        } else {
            fields[name] = value
        }
    }

    /// The latest response's field `name` (lowercase).
    subscript(name: String) -> String? { fields[name] }

    /// The statuses of the redirect hops (every response but the last).
    var redirectStatuses: [Int] { Array(statuses.dropLast()) }
}
