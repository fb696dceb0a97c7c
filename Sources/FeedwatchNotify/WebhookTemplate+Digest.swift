import FeedwatchModel
import Foundation

extension WebhookTemplate {
    /// The request that posts a rendered daily digest: feedwatch's JSON (`type: digest`, with the text
    /// and Markdown renderings), or the digest's text in the service's own message shape, cut to the
    /// service's length limit.
    public func digestRequest(
        subject: String, day: String, timeZone: TimeZone, text: String, markdown: String, url: String
    ) -> WebhookRequest {
        let subject = FeedText.singleLine(subject)
        switch self {
        case .feedwatch:
            let object: [String: Any] = [
                "version": 1, "type": "digest", "day": day, "time_zone": timeZone.identifier, "subject": subject,
                "text": text, "markdown": markdown,
                "idempotency_key": Self.digestKey(day: day, timeZone: timeZone),
            ]
            return WebhookRequest(url: url, body: Self.serialize(object))
        case .ntfy:
            let (target, topic) = Self.ntfyEndpoint(url)
            // ntfy keeps messages up to 4096 bytes; longer ones become attachments, so the text is cut.
            return WebhookRequest(
                url: target,
                body: Self.serialize([
                    "topic": topic, "title": subject, "message": Self.cut(text, toBytes: 3900), "tags": ["digest"],
                ]))
        case .slack:
            return WebhookRequest(
                url: url,
                body: Self.serialize(["text": "*\(Self.slackEscape(subject))*\n" + Self.slackEscape(Self.cut(text, toBytes: 35_000))]))
        case .discord:
            return WebhookRequest(
                url: url,
                body: Self.serialize([
                    "username": "feedwatch",
                    "embeds": [["title": FeedText.shorten(subject, to: 256), "description": FeedText.shorten(text, to: 4000)]],
                    "allowed_mentions": ["parse": [String]()],
                ]))
        }
    }

    /// A digest's idempotency key: stable for the day and zone.
    public static func digestKey(day: String, timeZone: TimeZone) -> String {
        String(MessageIdentity.digest("digest\n\(day)\n\(timeZone.identifier)").prefix(32))
    }

    static func serialize(_ object: [String: Any]) -> Data {
        // Only strings, numbers, arrays and dictionaries are put in: serialization cannot fail.
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The text cut at a character boundary to at most `limit` UTF-8 bytes, with an ellipsis line when cut.
    static func cut(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = String(character).utf8.count
            if bytes + size > limit - 4 { break }
            result.append(character)
            bytes += size
        }
        return result + "\n…"
    }
}
