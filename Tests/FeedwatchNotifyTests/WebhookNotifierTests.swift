import Foundation
import FeedwatchModel
import FeedwatchNotify
import FeedwatchTestSupport
import Testing

@Suite("Posting webhooks to a real HTTP server on loopback", .serialized)
struct WebhookNotifierTests {
    static let secret = Data("webhook-secret".utf8)

    func object(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test("the feedwatch payload arrives signed: the HMAC of timestamp.body verifies with the shared secret")
    func signedPayload() async throws {
        let server = try LoopbackWebhookServer()
        let alert = SampleAlert.make()
        try await WebhookNotifier(url: server.url("hook"), secret: Self.secret).deliver(alert)
        let request = try #require(server.waitForRequests(1).first)
        #expect(request.path == "/hook")
        #expect(request.headers["content-type"] == "application/json")
        let timestamp = try #require(request.headers["x-feedwatch-timestamp"].flatMap { Int($0) })
        let signature = try #require(request.headers["x-feedwatch-signature"])
        let body = Data(request.body.utf8)
        #expect(WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: Self.secret))
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: Data("other".utf8)))
        #expect(!WebhookSignature.verify(body: body + Data(" ".utf8), timestamp: timestamp, signature: signature, secret: Self.secret))
        #expect(
            !WebhookSignature.verify(
                body: body, timestamp: timestamp, signature: signature, secret: Self.secret,
                now: Date(timeIntervalSince1970: Double(timestamp) + 3600)))
        #expect(request.headers["idempotency-key"] == MessageIdentity.idempotencyKey(for: alert))
        let payload = try object(request.body)
        #expect(payload["version"] as? Int == 1)
        #expect(payload["alert_id"] as? String == "trade:entry-1")
        #expect(payload["topic"] as? String == "trade")
        #expect(payload["link"] as? String == "https://example.com/news/acuerdo?id=1&lang=es")
        #expect((payload["terms"] as? [[String: Any]])?.first?["term"] as? String == "\"acuerdo comercial\"")
        #expect((payload["feed"] as? [String: Any])?["name"] as? String == "Primicias")
        #expect(payload["first_seen"] as? String == "2026-03-08T14:06:00Z")
    }

    @Test("the signature matches an independent HMAC-SHA256 computed by Python")
    func independentSignature() throws {
        let body = Data("{\"a\":1}".utf8)
        let signature = WebhookSignature.sign(body: body, timestamp: 1_700_000_000, secret: Self.secret)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import hmac,hashlib;print('sha256='+hmac.new(b'webhook-secret',b'1700000000.{\"a\":1}',hashlib.sha256).hexdigest())",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(signature == expected)
    }

    @Test("the same alert always has the same body and idempotency key")
    func stableBody() {
        let alert = SampleAlert.make()
        #expect(WebhookPayload(alert).encoded() == WebhookPayload(alert).encoded())
        #expect(MessageIdentity.idempotencyKey(for: alert) == MessageIdentity.idempotencyKey(for: SampleAlert.make()))
        #expect(MessageIdentity.idempotencyKey(for: alert) != MessageIdentity.idempotencyKey(for: SampleAlert.make(key: "x")))
    }

    @Test("a javascript: link is left out of every payload")
    func dropsScriptLinks() throws {
        let alert = SampleAlert.make(link: "javascript:alert(1)")
        for template in WebhookTemplate.allCases {
            let body = String(decoding: template.request(for: alert, url: "https://hooks.example/x").body, as: UTF8.self)
            #expect(!body.contains("javascript:"), "template \(template)")
        }
        #expect(try object(String(decoding: WebhookPayload(alert).encoded(), as: UTF8.self))["link"] is NSNull)
    }

    @Test("a 5xx answer is temporary, a 4xx permanent, and no server at all temporary")
    func statuses() async throws {
        let server = try LoopbackWebhookServer()
        let notifier = WebhookNotifier(url: server.url("hook"), secret: Self.secret, timeout: 10)
        try server.setStatus(503)
        let unavailable = await #expect(throws: DeliveryError.self) { try await notifier.deliver(SampleAlert.make()) }
        #expect(unavailable?.isPermanent == false)
        #expect(unavailable?.responseCode == 503)
        try server.setStatus(400)
        let refused = await #expect(throws: DeliveryError.self) { try await notifier.deliver(SampleAlert.make()) }
        #expect(refused?.isPermanent == true)
        #expect(refused?.responseCode == 400)
        try server.setStatus(nil)
        try await notifier.deliver(SampleAlert.make())
        #expect(server.waitForRequests(1).count == 1)

        var gone: LoopbackWebhookServer? = try LoopbackWebhookServer()
        let url = try #require(gone?.url("hook"))
        gone = nil
        let down = await #expect(throws: DeliveryError.self) { try await WebhookNotifier(url: url).deliver(SampleAlert.make()) }
        #expect(down?.isPermanent == false)
    }

    @Test("Slack gets escaped mrkdwn text with the link")
    func slack() async throws {
        let server = try LoopbackWebhookServer()
        let alert = SampleAlert.make(title: "Tariffs <b>&</b> trade")
        try await WebhookNotifier(url: server.url("slack"), template: .slack).deliver(alert)
        let body = try object(try #require(server.waitForRequests(1).first).body)
        let text = try #require(body["text"] as? String)
        #expect(text.hasPrefix("*<https://example.com/news/acuerdo?id=1&amp;lang=es|Tariffs &lt;b&gt;&amp;&lt;/b&gt; trade>*"))
    }

    @Test("Discord gets an embed and no mention can ping")
    func discord() async throws {
        let server = try LoopbackWebhookServer()
        try await WebhookNotifier(url: server.url("discord"), template: .discord).deliver(SampleAlert.make(title: "@everyone look"))
        let body = try object(try #require(server.waitForRequests(1).first).body)
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] as? String == "@everyone look")
        #expect(embed["url"] as? String == "https://example.com/news/acuerdo?id=1&lang=es")
    }

    @Test("ntfy gets its JSON publish format at the server root with the topic from the URL path")
    func ntfy() async throws {
        let server = try LoopbackWebhookServer()
        try await WebhookNotifier(url: server.url("ecuador-alerts"), template: .ntfy).deliver(SampleAlert.make())
        let request = try #require(server.waitForRequests(1).first)
        #expect(request.path == "/")
        let body = try object(request.body)
        #expect(body["topic"] as? String == "ecuador-alerts")
        #expect(body["click"] as? String == "https://example.com/news/acuerdo?id=1&lang=es")
        #expect((body["title"] as? String)?.hasPrefix("trade: Ecuador") == true)
    }

    @Test("an unknown template name is refused, naming it")
    func unknownTemplate() {
        let error = #expect(throws: DeliveryError.self) { try WebhookTemplate(named: "teams") }
        #expect(error?.message.contains("'teams'") == true)
        #expect(error?.isPermanent == true)
    }
}

@Suite("Posting a digest to a webhook", .serialized)
struct DigestWebhookTests {
    @Test("the digest arrives signed with a key stable for the day, in feedwatch's shape and in Discord's")
    func digest() async throws {
        let server = try LoopbackWebhookServer()
        let zone = try #require(TimeZone(identifier: "America/Guayaquil"))
        let secret = Data("s".utf8)
        try await WebhookNotifier(url: server.url("hook"), secret: secret).sendDigest(
            subject: "feedwatch digest 2026-03-08: 2 stories", day: "2026-03-08", timeZone: zone,
            text: "plain\n", markdown: "# md\n")
        try await WebhookNotifier(url: server.url("discord"), template: .discord).sendDigest(
            subject: "feedwatch digest 2026-03-08", day: "2026-03-08", timeZone: zone,
            text: String(repeating: "x", count: 5000), markdown: "")
        let requests = server.waitForRequests(2)
        try #require(requests.count == 2)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(requests[0].body.utf8)) as? [String: Any])
        #expect(body["type"] as? String == "digest")
        #expect(body["time_zone"] as? String == "America/Guayaquil")
        #expect(body["markdown"] as? String == "# md\n")
        #expect(requests[0].headers["idempotency-key"] == WebhookTemplate.digestKey(day: "2026-03-08", timeZone: zone))
        let timestamp = try #require(requests[0].headers["x-feedwatch-timestamp"].flatMap { Int($0) })
        #expect(
            WebhookSignature.verify(
                body: Data(requests[0].body.utf8), timestamp: timestamp,
                signature: requests[0].headers["x-feedwatch-signature"] ?? "", secret: secret))
        let discord = try #require(try JSONSerialization.jsonObject(with: Data(requests[1].body.utf8)) as? [String: Any])
        let description = try #require((discord["embeds"] as? [[String: Any]])?.first?["description"] as? String)
        #expect(description.count <= 4000)
    }
}
