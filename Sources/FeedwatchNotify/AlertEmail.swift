import Foundation
import FeedwatchModel

/// Composes the email for one alert: subject `[feedwatch] topic: title`, a plain-text and an HTML part
/// saying what matched and why (terms, fields, snippet), and headers that let mail clients filter and
/// thread (List-Id per topic) and recognise a re-delivery (Message-ID from the alert's identity).
public enum AlertEmail {
    /// The email for `alert`; `date` is the origination time, `timeZone` the zone times are shown in,
    /// `list` the List-Id namespace and List-Unsubscribe URIs.
    public static func compose(
        _ alert: Alert, from: EmailAddress, to: [EmailAddress], date: Date, timeZone: TimeZone = .gmt,
        list: ListHeaders = ListHeaders()
    ) throws(EmailError) -> EmailMessage {
        let view = AlertView(alert: alert, timeZone: timeZone)
        let headers = [
            try EmailHeader("Auto-Submitted", "auto-generated", isStructured: true),  // RFC 3834: no auto-replies
            try EmailHeader("X-Auto-Response-Suppress", "All", isStructured: true),
        ]
            + (try list.fields(label: view.topicSlug, description: "feedwatch \(view.topicSlug)", senderDomain: from.domain))
            + [
                try EmailHeader("X-Feedwatch-Topic", view.topic),
                try EmailHeader("X-Feedwatch-Alert", MessageIdentity.idempotencyKey(for: alert), isStructured: true),
            ]
        return try EmailMessage(
            from: from, to: to, subject: "[feedwatch] \(view.topic): \(FeedText.shorten(view.title, to: 160))",
            date: date, messageID: MessageIdentity.messageID(for: alert, domain: from.domain),
            textBody: view.plainText, htmlBody: view.html, extraHeaders: headers)
    }
}

/// One alert's fields made safe and worded for both parts of the email.
struct AlertView {
    let alert: Alert
    let timeZone: TimeZone

    var topic: String { FeedText.singleLine(alert.match.topic) }

    /// The topic as a List-Id label: lowercase letters, digits and hyphens only.
    var topicSlug: String { Self.slug(topic) }

    /// A name as a List-Id label or tag: lowercase letters, digits and hyphens only.
    static func slug(_ topic: String) -> String {
        let slug = FeedText.singleLine(topic).lowercased().unicodeScalars.map { scalar -> String in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) ? String(scalar) : "-"
        }.joined()
        let trimmed = slug.split(separator: "-").joined(separator: "-")
        return trimmed.isEmpty ? "topic" : String(trimmed.prefix(60))
    }

    var title: String {
        for candidate in [alert.entry.title, alert.entry.link] {
            if let candidate, !FeedText.singleLine(candidate).isEmpty { return FeedText.singleLine(candidate) }
        }
        return "(untitled)"
    }

    var link: String? { FeedText.webLink(alert.entry.link) }

    var feedName: String { FeedText.singleLine(alert.feed.name) }

    var feedURL: String? { FeedText.webLink(alert.feed.url) }

    /// The published time in the zone, else when first seen.
    var time: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        if let published = alert.entry.published { return formatter.string(from: published) }
        return formatter.string(from: alert.firstSeen) + " (first seen)"
    }

    /// `term (field)` for each piece of evidence.
    var evidence: [String] {
        alert.match.terms.map { "\(FeedText.singleLine($0.term)) (\(FeedText.singleLine($0.field)))" }
    }

    /// The first match snippet, else the start of the summary or content.
    var snippet: String? {
        if let marked = alert.match.terms.lazy.compactMap(\.snippet).first(where: { !FeedText.singleLine($0).isEmpty }) {
            return FeedText.shorten(FeedText.singleLine(marked), to: 400)
        }
        for text in [alert.entry.summary, alert.entry.content] {
            if let text, !FeedText.singleLine(text).isEmpty { return FeedText.shorten(FeedText.singleLine(text), to: 400) }
        }
        return nil
    }

    var score: String { String(format: "%.2f", alert.match.score) }

    var plainText: String {
        var lines = [title, ""]
        if let link { lines.append("Link:    \(link)") }
        lines.append("Feed:    \(feedName)" + (feedURL.map { " <\($0)>" } ?? ""))
        lines.append("Time:    \(time)")
        lines.append("Topic:   \(topic) (score \(score))")
        if !evidence.isEmpty { lines.append("Matched: \(evidence.joined(separator: ", "))") }
        if let snippet { lines += ["", snippet] }
        lines += ["", "-- ", "feedwatch alert \(MessageIdentity.idempotencyKey(for: alert))"]
        return lines.joined(separator: "\n") + "\n"
    }

    var html: String {
        let muted = "color:#52606d;font-size:13px;line-height:18px;"
        let heading =
            link.map {
                "<a href=\"\(FeedText.html($0))\" style=\"color:#1a4f8b;text-decoration:none;\">\(FeedText.html(title))</a>"
            } ?? FeedText.html(title)
        var rows = [
            "<tr><td style=\"padding:18px 22px 6px;\"><h1 style=\"margin:0;font-size:18px;line-height:24px;\">\(heading)</h1></td></tr>",
            "<tr><td style=\"padding:0 22px 6px;\(muted)\">\(FeedText.html(feedName)) · \(FeedText.html(time))</td></tr>",
        ]
        if let snippet {
            rows.append("<tr><td style=\"padding:8px 22px;font-size:14px;line-height:20px;\">\(FeedText.html(snippet))</td></tr>")
        }
        let terms = alert.match.terms.map {
            "<span style=\"background:#fdf3c4;padding:0 3px;\">\(FeedText.html(FeedText.singleLine($0.term)))</span>"
                + " <span style=\"\(muted)\">in \(FeedText.html(FeedText.singleLine($0.field)))</span>"
        }
        rows.append(
            "<tr><td style=\"padding:8px 22px 18px;\(muted)\">Topic <strong>\(FeedText.html(topic))</strong>"
                + " (score \(score))" + (terms.isEmpty ? "" : " · matched: " + terms.joined(separator: ", "))
                + "</td></tr>")
        return [
            "<!DOCTYPE html>",
            "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(FeedText.html(title))</title></head>",
            "<body style=\"margin:0;padding:0;background:#f4f5f7;\">",
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">",
            "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;border:1px solid #d9dde3;font-family:Arial,Helvetica,sans-serif;color:#1f2933;\">",
        ] .joined(separator: "\n") + "\n" + rows.joined(separator: "\n") + "\n</table>\n</td></tr></table>\n</body></html>\n"
    }
}
