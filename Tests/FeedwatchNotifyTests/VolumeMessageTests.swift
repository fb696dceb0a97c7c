import Foundation
import FeedwatchModel
import FeedwatchNotify
import FeedwatchTestSupport
import Testing

@Suite("Messages of volume control: batch windows, batched webhooks, log lines, list headers", .serialized)
struct VolumeMessageTests {
    static let secret = Data("s3cret".utf8)
    let alerts = [
        SampleAlert.make(key: "a", topic: "trade"),
        SampleAlert.make(
            key: "b", topic: "migration", title: SampleAlert.hostileTitle, link: "javascript:alert(1)",
            snippet: "claims [asylum] <b>now</b> @everyone"),
    ]

    func object(_ body: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    @Test("batch windows are aligned on the epoch: 15 minutes end on the quarter hour, a boundary opens the next")
    func windows() {
        let window = BatchWindow(length: 900)
        let at = ISO8601DateFormatter()
        #expect(window.end(containing: at.date(from: "2026-03-10T12:01:00Z")!) == at.date(from: "2026-03-10T12:15:00Z")!)
        #expect(window.end(containing: at.date(from: "2026-03-10T12:14:59Z")!) == at.date(from: "2026-03-10T12:15:00Z")!)
        #expect(window.end(containing: at.date(from: "2026-03-10T12:15:00Z")!) == at.date(from: "2026-03-10T12:30:00Z")!)
        #expect(BatchWindow(length: 0).length == 1)
    }

    @Test("the log line of an alert shows the matched terms and the snippet, on one line whatever the title")
    func logLine() {
        let line = LogNotifier.line(for: SampleAlert.make())
        #expect(line.contains("matched: \"acuerdo comercial\" in title, arancel* in summary"))
        #expect(line.hasSuffix("\"Ecuador firma [acuerdo comercial]\""))
        let hostile = LogNotifier.line(for: SampleAlert.make(title: SampleAlert.hostileTitle, snippet: "a\nb\u{2028}c"))
        #expect(!hostile.contains { $0.isNewline })
        let fallback = LogNotifier.line(for: SampleAlert.make(snippet: nil))
        #expect(fallback.hasSuffix("\"El acuerdo reduce aranceles.\""))
    }

    @Test("every channel's alert shows the matched terms and the snippet: log, both email parts, every webhook template")
    func evidenceEverywhere() throws {
        let alert = SampleAlert.make()
        let snippet = "Ecuador firma [acuerdo comercial]"
        let line = LogNotifier.line(for: alert)
        #expect(line.contains(snippet) && line.contains("arancel* in summary"))
        let message = try AlertEmail.compose(
            alert, from: try EmailAddress("feedwatch@example.org"), to: [try EmailAddress("ana@example.net")],
            date: SampleAlert.date)
        #expect(message.textBody.contains(snippet) && message.textBody.contains("arancel* (summary)"))
        #expect(message.htmlBody?.contains(snippet) == true && message.htmlBody?.contains("arancel*") == true)
        for template in WebhookTemplate.allCases {
            let text = String(decoding: template.request(for: alert, url: "https://hooks.example/x/t").body, as: UTF8.self)
            #expect(text.contains(snippet), "\(template)")
            #expect(text.contains("arancel*"), "\(template)")
        }
    }

    @Test("a batch arrives as one signed feedwatch POST holding each alert's own payload, keyed by the batch")
    func feedwatchBatch() async throws {
        let server = try LoopbackWebhookServer()
        try await WebhookNotifier(url: server.url("hook"), secret: Self.secret).deliverBatch(alerts, key: "0123abcd")
        let request = try #require(server.waitForRequests(1).first)
        let body = Data(request.body.utf8)
        let timestamp = try #require(request.headers["x-feedwatch-timestamp"].flatMap { Int($0) })
        let signature = try #require(request.headers["x-feedwatch-signature"])
        #expect(WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: Self.secret))
        #expect(request.headers["idempotency-key"] == "0123abcd")
        let payload = try object(body)
        #expect(payload["type"] as? String == "batch")
        #expect(payload["count"] as? Int == 2)
        #expect(payload["topics"] as? [String] == ["trade", "migration"])
        let members = try #require(payload["alerts"] as? [[String: Any]])
        #expect(members.map { $0["alert_id"] as? String } == ["trade:a", "migration:b"])
        #expect(members[0]["snippet"] as? String == "Ecuador firma [acuerdo comercial]")
        #expect(members[1]["link"] is NSNull)
        #expect(!request.body.contains("javascript:"))
    }

    @Test("every webhook template's batch lists each alert with its snippet and matched terms, escaped for the service")
    func templates() throws {
        for template in WebhookTemplate.allCases where template != .feedwatch {
            let request = template.batchRequest(for: alerts, key: "k", url: "https://hooks.example/x/feedwatch")
            let text = String(decoding: request.body, as: UTF8.self)
            let payload = try object(request.body)
            #expect(text.contains("Ecuador firma [acuerdo comercial]") || text.contains("Ecuador firma \\\\[acuerdo comercial\\\\]"), "\(template)")
            #expect(text.contains("matched: "), "\(template)")
            #expect(text.contains("arancel*") || text.contains("arancel\\\\*"), "\(template)")
            #expect(!text.contains("javascript:"), "\(template)")
            // ntfy shows plain text (no markup to run); Slack and Discord render markup, so it is escaped there.
            if template != .ntfy { #expect(!text.contains("<script>"), "\(template)") }
            switch template {
            case .ntfy:
                #expect(request.url == "https://hooks.example/x")
                #expect(payload["topic"] as? String == "feedwatch")
                #expect(payload["title"] as? String == "2 new alerts: trade, migration")
            case .slack:
                #expect(text.contains("&lt;b&gt;now&lt;/b&gt;"))
            case .discord:
                #expect((payload["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
                #expect(text.contains("\\\\@everyone"))
            case .feedwatch:
                break
            }
        }
    }

    @Test("a batched email carries the configured List-Id and List-Unsubscribe; a URI that could inject is dropped")
    func listHeaders() async throws {
        let server = try LoopbackSMTPServer()
        let settings = SMTPSettings(
            url: server.url, from: try EmailAddress("feedwatch@example.org"), to: [try EmailAddress("ana@example.net")],
            requireTLS: false,
            list: ListHeaders(
                namespace: "alerts.example.org",
                unsubscribe: ["mailto:u@example.org\r\nBcc: victim@example.com", "https://example.org/u?id=1"]),
            connectTimeout: 5, timeout: 20)
        try await EmailNotifier(settings: settings, clock: { SampleAlert.date }).deliverBatch(alerts, key: "feedbeef")
        let messages = server.waitForMessages(1)
        try #require(messages.count == 1)
        let email = try EmailParser.parse(messages[0].raw)
        #expect(email.defects.isEmpty)
        #expect(email.header("bcc") == nil)
        #expect(email.header("list-id") == "feedwatch alerts <alerts.alerts.example.org>")
        #expect(email.header("list-unsubscribe") == "<https://example.org/u?id=1>")
        #expect(email.header("message-id") == "<feedbeef.batch@example.org>")
        #expect(email.header("x-feedwatch-batch") == "feedbeef")
        let text = email.parts[0].content
        #expect(text.contains("matched: \"acuerdo comercial\" (title), arancel* (summary)"))
        #expect(text.contains("Ecuador firma [acuerdo comercial]"))
    }
}
