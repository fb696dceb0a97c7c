import Foundation
import FeedwatchModel

/// Composes one email for several alerts, for topics delivered in batches (one message per window):
/// the alerts grouped by topic, each with its title, link, feed, time, matched terms and snippet.
public enum BatchEmail {
    /// The email for `alerts` (at least one); its Message-ID is derived from `batchKey` (the outbox's
    /// identity of the batch) or else from the set of alert IDs, so the same batch re-sent after a crash
    /// is the same message. A batch of one is that alert's own email.
    public static func compose(
        _ alerts: [Alert], from: EmailAddress, to: [EmailAddress], date: Date, timeZone: TimeZone = .gmt,
        list: ListHeaders = ListHeaders(), batchKey: String? = nil
    ) throws(EmailError) -> EmailMessage {
        guard let first = alerts.first else { throw .noRecipients }
        if alerts.count == 1 {
            return try AlertEmail.compose(first, from: from, to: to, date: date, timeZone: timeZone, list: list)
        }
        let views = alerts.map { AlertView(alert: $0, timeZone: timeZone) }
        let topics = orderedTopics(views)
        let slug = topics.count == 1 ? views[0].topicSlug : "alerts"
        let key = batchKey.map(MessageIdentity.safeToken)
            ?? String(MessageIdentity.digest(alerts.map(\.alertID).sorted().joined(separator: "\n")).prefix(32))
        let headers = [
            try EmailHeader("Auto-Submitted", "auto-generated", isStructured: true),
            try EmailHeader("X-Auto-Response-Suppress", "All", isStructured: true),
        ]
            + (try list.fields(label: slug, description: "feedwatch \(slug)", senderDomain: from.domain))
            + [
                try EmailHeader("X-Feedwatch-Topic", topics.joined(separator: ", ")),
                try EmailHeader("X-Feedwatch-Alerts", String(alerts.count), isStructured: true),
                try EmailHeader("X-Feedwatch-Batch", key, isStructured: true),
            ]
        let domain = MessageIdentity.safeDomain(from.domain)
        return try EmailMessage(
            from: from, to: to,
            subject: "[feedwatch] \(alerts.count) new alerts: \(FeedText.shorten(topics.joined(separator: ", "), to: 120))",
            date: date, messageID: "<\(key).batch@\(domain)>", textBody: plainText(views, topics: topics),
            htmlBody: html(views, topics: topics), extraHeaders: headers)
    }

    private static func orderedTopics(_ views: [AlertView]) -> [String] {
        var seen = Set<String>()
        return views.map(\.topic).filter { seen.insert($0).inserted }
    }

    private static func plainText(_ views: [AlertView], topics: [String]) -> String {
        var lines: [String] = []
        for topic in topics {
            let members = views.filter { $0.topic == topic }
            lines += ["\(topic) (\(members.count))", String(repeating: "=", count: topic.count + 3 + String(members.count).count), ""]
            for view in members {
                lines.append("* \(view.title)")
                if let link = view.link { lines.append("  \(link)") }
                lines.append("  \(view.feedName) · \(view.time)")
                if !view.evidence.isEmpty { lines.append("  matched: \(view.evidence.joined(separator: ", "))") }
                if let snippet = view.snippet { lines.append("  \(snippet)") }
                lines.append("")
            }
        }
        lines += ["-- ", "feedwatch"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func html(_ views: [AlertView], topics: [String]) -> String {
        let muted = "color:#52606d;font-size:13px;line-height:18px;"
        var rows: [String] = []
        for topic in topics {
            rows.append(
                "<tr><td style=\"padding:18px 22px 4px;\"><h2 style=\"margin:0;font-size:17px;line-height:22px;color:#2f5d8a;\">"
                    + "\(FeedText.html(topic))</h2></td></tr>")
            for view in views where view.topic == topic {
                let title =
                    view.link.map {
                        "<a href=\"\(FeedText.html($0))\" style=\"color:#1a4f8b;font-weight:bold;text-decoration:none;\">\(FeedText.html(view.title))</a>"
                    } ?? "<strong>\(FeedText.html(view.title))</strong>"
                var cell = title + "<p style=\"margin:2px 0 0;\(muted)\">\(FeedText.html(view.feedName)) · \(FeedText.html(view.time))</p>"
                if let snippet = view.snippet {
                    cell += "<p style=\"margin:6px 0 0;font-size:14px;line-height:20px;\">\(FeedText.html(snippet))</p>"
                }
                if !view.evidence.isEmpty {
                    cell += "<p style=\"margin:6px 0 0;\(muted)\">matched: \(FeedText.html(view.evidence.joined(separator: ", ")))</p>"
                }
                rows.append("<tr><td style=\"padding:10px 22px;border-bottom:1px solid #eef0f3;\">\(cell)</td></tr>")
            }
        }
        return [
            "<!DOCTYPE html>",
            "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>feedwatch alerts</title></head>",
            "<body style=\"margin:0;padding:0;background:#f4f5f7;\">",
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">",
            "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;border:1px solid #d9dde3;font-family:Arial,Helvetica,sans-serif;color:#1f2933;\">",
        ].joined(separator: "\n") + "\n" + rows.joined(separator: "\n") + "\n</table>\n</td></tr></table>\n</body></html>\n"
    }
}
