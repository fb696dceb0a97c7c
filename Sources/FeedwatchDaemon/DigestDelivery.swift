import FeedwatchDigest
import FeedwatchNotify
import Foundation
import Logging

/// Sends a day's digest through every configured channel: a log line, one email (text and HTML
/// alternatives) and one webhook POST. Identifiers are stable per day (Message-ID, idempotency key),
/// so a digest re-sent after a temporary failure is recognisable as the same one.
public enum DigestDelivery {
    /// Delivers `digest`; true when no channel failed temporarily (a permanent failure is logged and
    /// not retried, since trying again cannot help).
    public static func send(_ digest: Digest, channels: Channels, logger: Logger, now: Date = Date()) async -> Bool {
        let subject = DigestRenderer.subject(digest)
        let day = digest.day.description
        let text = DigestRenderer.render(digest, as: .text)
        var isDone = true
        for name in channels.names {
            guard let notifier = channels.notifiers[name] else { continue }
            do {
                switch notifier {
                case is LogNotifier:
                    logger.notice(
                        "digest of \(day): \(digest.storyCount) stories in \(digest.sections.count) topics",
                        metadata: ["stage": "digest", "channel": "log"])
                case let email as EmailNotifier:
                    let message: EmailMessage
                    do {
                        message = try DigestEmail.compose(
                            subject: subject, day: day, timeZone: digest.timeZone, text: text,
                            html: DigestRenderer.render(digest, as: .html), from: email.settings.from,
                            to: email.settings.to, date: now, list: email.settings.list)
                    } catch {
                        logger.error("digest email not composed: \(error)", metadata: ["stage": "digest"])
                        continue
                    }
                    try await email.send(message)
                case let webhook as WebhookNotifier:
                    try await webhook.sendDigest(
                        subject: subject, day: day, timeZone: digest.timeZone, text: text,
                        markdown: DigestRenderer.render(digest, as: .markdown))
                default:
                    continue
                }
            } catch {
                logger.warning("digest of \(day) not delivered: \(error)", metadata: ["stage": "digest", "channel": "\(name)"])
                if !error.isPermanent { isDone = false }
            }
        }
        return isDone
    }
}
