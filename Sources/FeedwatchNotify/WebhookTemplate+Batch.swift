import FeedwatchModel
import Foundation

extension WebhookTemplate {
    /// The request that posts several alerts as one message: feedwatch's JSON (`type: batch`, the
    /// alerts as `type: alert` payloads), or one message in the service's own shape listing each alert
    /// with its feed, time, snippet and matched terms, cut to the service's length limit.
    public func batchRequest(for alerts: [Alert], key: String, url: String) -> WebhookRequest {
        let views = alerts.map { AlertView(alert: $0, timeZone: .gmt) }
        var seen = Set<String>()
        let topics = views.map(\.topic).filter { seen.insert($0).inserted }
        let heading = FeedText.shorten("\(alerts.count) new alerts: \(topics.joined(separator: ", "))", to: 250)
        switch self {
        case .feedwatch:
            let payloads = alerts.map { alert in
                // Each alert is exactly the single-alert payload, so receivers parse one shape.
                (try? JSONSerialization.jsonObject(with: WebhookPayload(alert).encoded())) ?? [String: Any]()
            }
            let object: [String: Any] = [
                "version": 1, "type": "batch", "idempotency_key": MessageIdentity.safeToken(key), "count": alerts.count,
                "topics": topics, "alerts": payloads,
            ]
            return WebhookRequest(url: url, body: Self.serialize(object))
        case .ntfy:
            let (target, topic) = Self.ntfyEndpoint(url)
            let message = views.map { view in
                var lines = ["• [\(view.topic)] \(view.title)", "  \(view.feedName) · \(view.time)"]
                if let link = view.link { lines.append("  \(link)") }
                if let snippet = view.snippet { lines.append("  \(snippet)") }
                lines.append("  matched: " + view.evidence.joined(separator: ", "))
                return lines.joined(separator: "\n")
            }.joined(separator: "\n")
            return WebhookRequest(
                url: target,
                body: Self.serialize([
                    "topic": topic, "title": heading, "message": Self.cut(message, toBytes: 3900),
                    "tags": topics.map { AlertView.slug($0) },
                ]))
        case .slack:
            let blocks = views.map { view in
                let title = Self.slackEscape(view.title)
                let linked = view.link.map { "<\(Self.slackEscape($0))|\(title.replacing("|", with: "¦"))>" } ?? title
                var lines = ["*\(linked)*", "\(Self.slackEscape(view.feedName)) · \(Self.slackEscape(view.time))"]
                if let snippet = view.snippet { lines.append(Self.slackEscape(snippet)) }
                lines.append(
                    "topic `\(Self.slackEscape(view.topic))` · matched: \(Self.slackEscape(view.evidence.joined(separator: ", ")))")
                return lines.joined(separator: "\n")
            }
            let text = "*\(Self.slackEscape(heading))*\n\n" + blocks.joined(separator: "\n\n")
            return WebhookRequest(url: url, body: Self.serialize(["text": Self.cut(text, toBytes: 35_000)]))
        case .discord:
            let description = views.map { view in
                var lines = ["**\(Self.discordEscape(view.title))**" + (view.link.map { " <\($0)>" } ?? "")]
                lines.append("\(Self.discordEscape(view.feedName)) · \(view.time) · \(Self.discordEscape(view.topic))")
                if let snippet = view.snippet { lines.append(Self.discordEscape(snippet)) }
                lines.append("matched: " + Self.discordEscape(view.evidence.joined(separator: ", ")))
                return lines.joined(separator: "\n")
            }.joined(separator: "\n\n")
            return WebhookRequest(
                url: url,
                body: Self.serialize([
                    "username": "feedwatch",
                    "embeds": [["title": heading, "description": FeedText.shorten(description, to: 4000)]],
                    "allowed_mentions": ["parse": [String]()],
                ]))
        }
    }

    /// Markdown that Discord would act on in feed text (emphasis, links, code, mentions) is escaped.
    static func discordEscape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\*_~`|>[]()@#<".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
