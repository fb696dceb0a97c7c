import Foundation
import FeedwatchModel

/// The shape of the webhook request: feedwatch's own JSON, or what ntfy, Slack or Discord expect.
public enum WebhookTemplate: String, Sendable, Hashable, CaseIterable {
    /// `WebhookPayload` as JSON (see docs/notify.md).
    case feedwatch
    /// ntfy's JSON publish format; the webhook URL is the server with the topic as its path
    /// (`https://ntfy.sh/mytopic`); the body goes to the server root with the topic inside.
    case ntfy
    /// A Slack incoming webhook: `{"text": ...}` in Slack's mrkdwn, with `&`, `<`, `>` escaped.
    case slack
    /// A Discord webhook: one embed, mentions disabled so a title cannot ping `@everyone`.
    case discord

    /// The template named in the configuration; throws `DeliveryError` naming an unknown one.
    public init(named name: String) throws(DeliveryError) {
        guard let template = WebhookTemplate(rawValue: name.lowercased()) else {
            throw DeliveryError(kind: .permanent, channel: "webhook", message: "unknown webhook template '\(name)': expected feedwatch, ntfy, slack or discord")
        }
        self = template
    }

    /// The request for an alert to the configured URL: where to POST, the body and its content type.
    public func request(for alert: Alert, url: String) -> WebhookRequest {
        let view = AlertView(alert: alert, timeZone: .gmt)
        switch self {
        case .feedwatch:
            return WebhookRequest(url: url, body: WebhookPayload(alert).encoded())
        case .ntfy:
            // ntfy's JSON API is posted to the server root with the topic in the body.
            let (target, topic) = Self.ntfyEndpoint(url)
            var object: [String: Any] = [
                "topic": topic,
                "title": FeedText.shorten("\(view.topic): \(view.title)", to: 250),
                "message": ntfyMessage(view),
                "tags": [view.topicSlug],
            ]
            if let link = view.link { object["click"] = link }
            return WebhookRequest(url: target, body: Self.json(object))
        case .slack:
            let title = Self.slackEscape(view.title)
            let heading = view.link.map { "<\(Self.slackEscape($0))|\(title.replacing("|", with: "¦"))>" } ?? title
            var lines = ["*\(heading)*", "\(Self.slackEscape(view.feedName)) · \(Self.slackEscape(view.time))"]
            if let snippet = view.snippet { lines.append(Self.slackEscape(snippet)) }
            lines.append("topic `\(Self.slackEscape(view.topic))` · matched: \(Self.slackEscape(view.evidence.joined(separator: ", ")))")
            return WebhookRequest(url: url, body: Self.json(["text": lines.joined(separator: "\n")]))
        case .discord:
            var embed: [String: Any] = [
                "title": FeedText.shorten(view.title, to: 256),
                "description": FeedText.shorten(
                    [view.snippet, "matched: " + view.evidence.joined(separator: ", ")].compactMap { $0 }
                        .joined(separator: "\n"), to: 4000),
                "footer": ["text": FeedText.shorten("\(view.feedName) · \(view.topic)", to: 2048)],
            ]
            if let link = view.link { embed["url"] = link }
            if let published = alert.entry.published {
                embed["timestamp"] = ISO8601DateFormatter().string(from: published)
            }
            return WebhookRequest(
                url: url,
                body: Self.json([
                    "username": "feedwatch", "embeds": [embed], "allowed_mentions": ["parse": [String]()],
                ]))
        }
    }

    private func ntfyMessage(_ view: AlertView) -> String {
        var lines = ["\(view.feedName) · \(view.time)"]
        if let snippet = view.snippet { lines.append(snippet) }
        lines.append("matched: " + view.evidence.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// Slack asks for exactly these three to be escaped in text.
    static func slackEscape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    /// ntfy's server root and topic from a webhook URL that names the topic as its last path
    /// segment (`https://ntfy.sh/mytopic`): JSON messages are posted to the root with the topic inside.
    static func ntfyEndpoint(_ url: String) -> (target: String, topic: String) {
        guard var components = URLComponents(string: url) else { return (url, "feedwatch") }
        let path = components.path.split(separator: "/")
        let topic = path.last.map(String.init) ?? "feedwatch"
        components.path = "/" + path.dropLast().joined(separator: "/")
        return (components.string ?? url, topic)
    }

    private static func json(_ object: [String: Any]) -> Data { serialize(object) }
}
