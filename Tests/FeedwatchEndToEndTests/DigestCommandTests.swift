import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch digest")
struct DigestCommandTests {
    @Test("a day's digest lists its matches, escapes them in HTML, and --send posts it to the webhook")
    func digestAndSend() throws {
        let server = try LoopbackHTTPServer()
        let receiver = try LoopbackWebhookServer()
        let work = try TemporaryDirectory()
        try server.root.write("wire.xml", RunOnceTests.rss([("w1", "Asylum &lt;script&gt;alert(1)&lt;/script&gt; claims", 60)]))
        let configPath = try work.write("feeds.yml", """
            notify:
              log: false
              webhook:
                url: \(receiver.url("hook"))
                template: feedwatch
            feeds:
              - url: \(server.url("wire.xml"))
                allow_private: true
            topics:
              migration:
                query: asylum
                delivery: digest
            """)
        let common = ["--config", configPath, "--state-dir", work.path("state")]
        let run = try FeedwatchCommand.run(["run", "--once"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(receiver.requests().isEmpty, "a digest-only topic alerted immediately")

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let today = formatter.string(from: Date())
        let html = try FeedwatchCommand.run(["digest", "--date", today, "--format", "html"] + common)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("&lt;script&gt;"))
        #expect(!html.stdout.contains("<script>"))
        #expect(FileManager.default.fileExists(atPath: work.path("state/digests/\(today).html")))

        let sent = try FeedwatchCommand.run(["digest", "--date", today, "--send"] + common)
        #expect(sent.status == 0, "\(sent.stderr)")
        let posts = receiver.waitForRequests(1)
        #expect(posts.count == 1)
        #expect(posts.first?.headers["idempotency-key"] != nil)
        #expect(posts.first?.body.contains("Asylum") == true)
    }
}
