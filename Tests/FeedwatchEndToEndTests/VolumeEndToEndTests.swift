import FeedwatchTestSupport
import Foundation
import Testing

/// Volume control through the real binary: the daemon's loop wakes for a batch window and sends one
/// message per channel; `check` places bad volume keys.
@Suite("feedwatch volume control end to end", .serialized)
struct VolumeEndToEndTests {
    @Test("the daemon sends a batched topic's alerts of one window as one webhook POST and their log lines once")
    func daemonBatch() throws {
        let server = try LoopbackHTTPServer()
        let webhook = try LoopbackWebhookServer()
        let work = try TemporaryDirectory()
        try server.root.write(
            "wire.xml",
            RunOnceTests.rss([
                ("w1", "Asylum claims rise", 600), ("w2", "Asylum hearings resume", 900), ("w3", "Football results", 60),
            ]))
        // A two-second window: short enough to wait for, and the condition is awaited with a deadline.
        let configPath = try work.write("feeds.yml", """
            settings:
              interval: 1h
            notify:
              log: true
              webhook:
                url: \(webhook.url("hook"))
            feeds:
              - url: \(server.url("wire.xml"))
                allow_private: true
            topics:
              migration:
                query: asylum
                batch: 2s
            """)
        let daemon = try RunningFeedwatch(["run", "--config", configPath, "--state-dir", work.path("state")])
        // The digest timer may post yesterday's digest too (when it has something to report); only alert traffic counts here.
        func alertPosts() -> [[String: Any]] {
            webhook.requests().compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
                .filter { $0["type"] as? String != "digest" }
        }
        let deadline = Date().addingTimeInterval(30)
        while alertPosts().isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let posts = alertPosts()
        try #require(posts.count == 1, "stderr: \(daemon.stderr)")
        #expect(posts[0]["type"] as? String == "batch")
        #expect(posts[0]["count"] as? Int == 2)
        #expect(daemon.waitForStderr(deadline: 30) { $0.components(separatedBy: "alert [migration]").count == 3 })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(deadline: 15) == 0)
        #expect(alertPosts().count == 1)
        #expect(daemon.stderr.components(separatedBy: "alert [migration]").count == 3)
    }

    @Test("check places a bad quiet_hours, batch or unsubscribe value at FILE:LINE:COL and exits 78")
    func checkVolumeKeys() throws {
        let work = try TemporaryDirectory()
        let path = try work.write("feeds.yml", """
            notify:
              quiet_hours: "22-07"
              email:
                smtp: smtp://127.0.0.1:2525
                from: feedwatch@example.org
                to: ana@example.net
                unsubscribe: "mailto:u@example.org\\nBcc: x@example.com"
            feeds: []
            topics:
              trade:
                query: tariff
                batch: soon
            """)
        let result = try FeedwatchCommand.run(["check", "--config", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(path):2:16: notify.quiet_hours: '22-07' is not a span of local time"), "\(result.stderr)")
        #expect(result.stderr.contains("\(path):7:18: notify.email.unsubscribe:"), "\(result.stderr)")
        #expect(result.stderr.contains("\(path):12:12: topics.trade.batch: 'soon' is not a duration"), "\(result.stderr)")
    }
}
