import Foundation
import FeedwatchModel
import Yams

/// The volume-control keys: `notify.batch`, `notify.max_per_hour`, `notify.quiet_hours`,
/// `topics.NAME.batch`, `topics.NAME.max_per_hour`, and the email list headers
/// (`notify.email.unsubscribe`, `notify.email.list_id`). Every value is checked here, so `feedwatch
/// check` places a bad one at FILE:LINE:COL rather than the daemon dropping it later.
extension NodeReader {
    static let notifyKeys = ["log", "email", "webhook", "batch", "max_per_hour", "quiet_hours"]
    static let emailKeys = [
        "smtp", "username", "password_file", "from", "to", "require_tls", "unsubscribe", "list_id",
    ]

    /// A batch window shorter than a second or longer than a day is surely a typo.
    static let batchWindowRange: ClosedRange<TimeInterval> = 1...86_400

    mutating func readVolumeDefaults(_ mapping: Node.Mapping, into notify: inout NotifySettings) {
        if let value = mapping.value("batch"), let seconds = batchWindow(value, key: "notify.batch") {
            notify.batchWindow = seconds
        }
        if let value = mapping.value("max_per_hour"), let count = positiveInteger(value, key: "notify.max_per_hour") {
            notify.maxPerHour = count
        }
        if let value = mapping.value("quiet_hours"), let text = string(value, key: "notify.quiet_hours") {
            if let quiet = QuietHoursSetting(parsing: text) {
                notify.quietHours = quiet
            } else {
                report(
                    value,
                    "notify.quiet_hours: '\(text)' is not a span of local time; write \"HH:MM-HH:MM\" (24-hour clock, "
                        + "start and end different), e.g. \"22:00-07:00\"")
            }
        }
    }

    mutating func readTopicVolume(_ fields: Node.Mapping, topic: inout TopicDefinition, key: String) {
        var own = TopicVolumeKeys()
        if let value = fields["batch"], let seconds = batchWindow(value, key: "\(key).batch") {
            own.batchWindow = seconds
            if fields["delivery"] == nil {
                // `batch: 15m` alone says what it means.
                topic.delivery = .batched
            } else if topic.delivery != .batched {
                report(value, "\(key).batch: only a topic with `delivery: batched` has a batch window; remove one of the two")
            }
        }
        if let value = fields["max_per_hour"], let count = positiveInteger(value, key: "\(key).max_per_hour") {
            own.maxPerHour = count
            if topic.delivery == .digest {
                report(value, "\(key).max_per_hour: a topic with `delivery: digest` sends no alerts to cap; remove it")
            }
        }
        if own != TopicVolumeKeys() { topicVolumes[topic.name] = own }
    }

    mutating func batchWindow(_ node: Node, key: String) -> TimeInterval? {
        guard let seconds = duration(node, key: key) else { return nil }
        guard Self.batchWindowRange.contains(seconds) else {
            report(node, "\(key): a batch window must be between 1s and 1d")
            return nil
        }
        return seconds
    }

    mutating func readListHeaders(_ mapping: Node.Mapping, into settings: inout EmailSettings) {
        if let value = mapping.value("unsubscribe") {
            // One URI, or a list of them (a mailto: and an https: one, as RFC 2369 allows).
            let nodes = value.sequence.map { Array($0) } ?? [value]
            for node in nodes {
                guard let uri = string(node, key: "notify.email.unsubscribe") else { continue }
                if let problem = Self.unsubscribeProblem(uri) {
                    report(node, "notify.email.unsubscribe: '\(Self.printable(uri))' \(problem)")
                } else {
                    settings.unsubscribe.append(uri)
                }
            }
            if nodes.count > 2 {
                report(value, "notify.email.unsubscribe: give at most one mailto: and one https: URI")
            }
        }
        if let value = mapping.value("list_id"), let text = string(value, key: "notify.email.list_id") {
            if Self.isListNamespace(text) {
                settings.listID = text.lowercased()
            } else {
                report(
                    value,
                    "notify.email.list_id: '\(Self.printable(text))' is not a domain-style name (RFC 2919); "
                        + "write letters, digits and hyphens in dot-separated labels, e.g. alerts.example.org")
            }
        }
    }

    /// Why a List-Unsubscribe URI is refused, nil when it is fine. The value goes into a header between
    /// angle brackets, so it must be one line of printable ASCII without `<`, `>`, `,`, `"` or spaces.
    static func unsubscribeProblem(_ uri: String) -> String? {
        guard !uri.isEmpty else { return "is empty" }
        guard uri.count <= 500 else { return "is longer than 500 characters" }
        guard uri.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return "must be printable ASCII without spaces or line breaks (percent-encode the rest)"
        }
        guard !uri.contains(where: { "<>,\"\\".contains($0) }) else {
            return "must not contain <, >, comma, quote or backslash (percent-encode them)"
        }
        let lowered = uri.lowercased()
        if lowered.hasPrefix("mailto:") {
            let address = uri.dropFirst("mailto:".count).split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasSuffix(".") else {
                return "is not a mailto: URI with an address, e.g. mailto:unsubscribe@example.org"
            }
            return nil
        }
        if lowered.hasPrefix("https://") {
            guard let url = URL(string: uri), let host = url.host, !host.isEmpty else {
                return "is not an https:// URL with a host"
            }
            return nil
        }
        return "must be a mailto: or https:// URI"
    }

    /// A List-Id namespace: dot-separated DNS labels, at least two.
    static func isListNamespace(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.count <= 190 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// A value quoted in a message, with line breaks and controls shown escaped.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
            .joined().prefix(120))
    }
}
