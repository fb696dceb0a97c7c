import FeedwatchModel
import Logging

/// The `log` channel: one line per alert through swift-log (journald under systemd).
public struct LogNotifier: Sendable {
    let logger: Logger

    /// Creates a log notifier writing to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Logs the alert as one line: topic, title, link, feed and the evidence.
    public func deliver(_ alert: Alert) {
        logger.notice(
            "\(Self.line(for: alert))",
            metadata: [
                "stage": "notify", "channel": "log", "topic": "\(alert.match.topic)", "feed": "\(alert.feed.name)",
                "alert_id": "\(alert.alertID)",
            ])
    }

    /// `alert [topic] Title <link> (feed; matched: term in field, ...)`, single line whatever the feed sent.
    public static func line(for alert: Alert) -> String {
        let title = singleLine(alert.entry.title ?? "(untitled)")
        let link = alert.entry.link.map { " <\(singleLine($0))>" } ?? ""
        let evidence = alert.match.terms.map { "\(singleLine($0.term)) in \($0.field)" }.joined(separator: ", ")
        return "alert [\(alert.match.topic)] \(title)\(link) (\(singleLine(alert.feed.name)); matched: \(evidence))"
    }

    /// Feed text must not forge extra log lines: every line break becomes a space.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

extension LogNotifier: Notifier {
    /// Always `log`.
    public var channel: String { "log" }
}
