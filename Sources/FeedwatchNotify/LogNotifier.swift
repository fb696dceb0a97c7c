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

    /// Logs a batch: one line per alert (a journal is read, not pushed, so a batch need not be one
    /// record), each carrying the batch's key so the lines can be told apart from single alerts.
    public func deliverBatch(_ alerts: [Alert], key: String) {
        for alert in alerts {
            logger.notice(
                "\(Self.line(for: alert))",
                metadata: [
                    "stage": "notify", "channel": "log", "topic": "\(alert.match.topic)", "feed": "\(alert.feed.name)",
                    "alert_id": "\(alert.alertID)", "batch": "\(key)",
                ])
        }
    }

    /// `alert [topic] Title <link> (feed; matched: term in field, ...) "snippet"`, single line whatever
    /// the feed sent; the snippet (the first match excerpt, else the summary's start) says why.
    public static func line(for alert: Alert) -> String {
        let title = singleLine(alert.entry.title ?? "(untitled)")
        let link = alert.entry.link.map { " <\(singleLine($0))>" } ?? ""
        let evidence = alert.match.terms.map { "\(singleLine($0.term)) in \(singleLine($0.field))" }.joined(separator: ", ")
        let snippet = AlertView(alert: alert, timeZone: .gmt).snippet.map { " \"\(FeedText.shorten($0, to: 200))\"" } ?? ""
        return "alert [\(singleLine(alert.match.topic))] \(title)\(link) (\(singleLine(alert.feed.name)); matched: \(evidence))\(snippet)"
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
