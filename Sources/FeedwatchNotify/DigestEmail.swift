import Foundation

/// Composes the email for a daily digest from its renderings (FeedwatchDigest renders; stage modules do
/// not import each other, so the daemon passes the text and HTML in).
public enum DigestEmail {
    /// The digest email for `day` (`YYYY-MM-DD`) in `timeZone`; the Message-ID is stable for the day, zone
    /// and recipients, so sending the same digest twice is recognisable.
    public static func compose(
        subject: String, day: String, timeZone: TimeZone, text: String, html: String, from: EmailAddress,
        to: [EmailAddress], date: Date, list: ListHeaders = ListHeaders()
    ) throws(EmailError) -> EmailMessage {
        let headers = [
            try EmailHeader("Auto-Submitted", "auto-generated", isStructured: true),
            try EmailHeader("X-Auto-Response-Suppress", "All", isStructured: true),
        ] + (try list.fields(label: "digest", description: "feedwatch digest", senderDomain: from.domain))
        return try EmailMessage(
            from: from, to: to, subject: subject, date: date,
            messageID: MessageIdentity.digestMessageID(
                day: day, timeZone: timeZone.identifier, recipients: to.map(\.address), domain: from.domain),
            textBody: text, htmlBody: html, extraHeaders: headers)
    }
}
