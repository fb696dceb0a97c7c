import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

/// SIGKILL at random moments (mid-fetch, mid-write, mid-delivery) while a feed keeps publishing:
/// every matching item must reach the webhook receiver, and be recognisable as one alert
/// (its Idempotency-Key) however often a crash made the daemon retry it.
@Suite("crash recovery")
struct CrashRecoveryTests {
    /// Kills per run: FEEDWATCH_CRASH_ITERATIONS (default 24; `make crash-soak` runs 300).
    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["FEEDWATCH_CRASH_ITERATIONS"] ?? "") ?? 24
    }

    static func feed(items count: Int) -> String {
        let now = RunOnceTests.rfc822(Date())
        let items = (0..<count).reversed().map { index in
            "<item><guid>item-\(index)</guid><title>Asylum report number \(index)</title>"
                + "<link>https://news.example/\(index)</link><pubDate>\(now)</pubDate></item>"
        }.joined(separator: "\n")
        // A long filler makes each fetch and parse take measurable time, so kills land mid-work.
        let filler = (0..<200).map { "<item><guid>filler-\($0)</guid><title>Weather \($0)</title></item>" }
            .joined(separator: "\n")
        return "<rss version=\"2.0\"><channel><title>Wire</title>\n\(items)\n\(filler)\n</channel></rss>"
    }

    @Test("after many SIGKILLs every matching item was alerted once per key and the database is sound")
    func killRepeatedly() throws {
        let server = try LoopbackHTTPServer()
        let receiver = try LoopbackWebhookServer()
        let work = try TemporaryDirectory()
        let configPath = try work.write("feeds.yml", """
            settings:
              interval: 1s
            notify:
              log: true
              webhook:
                url: \(receiver.url("hook"))
            feeds:
              - url: \(server.url("feed.xml"))
                allow_private: true
            topics:
              migration:
                query: asylum
            """)
        let arguments = ["run", "--config", configPath, "--state-dir", work.path("state")]
        var generator = SystemRandomNumberGenerator()
        var published = 0
        for _ in 0..<Self.iterations {
            published += 1
            try server.root.write("feed.xml", Self.feed(items: published))
            let daemon = try RunningFeedwatch(arguments)
            // 0-600 ms: from before the first fetch to after the first deliveries.
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.6, using: &generator))
            daemon.signal(SIGKILL)
            _ = daemon.waitForExit(deadline: 10)
        }
        // A last run that is left alone until everything has arrived, then stopped cleanly.
        let daemon = try RunningFeedwatch(arguments)
        let expected = Set((0..<published).map { "item-\($0)" })
        let deadline = Date().addingTimeInterval(60)
        var keys: [String] = []
        // After digest_time (07:00 UTC by default) the digest timer may also post yesterday's digest:
        // only alert requests count here.
        func alertRequests() -> [RecordedRequest] { receiver.requests().filter { !$0.body.contains("\"type\":\"digest\"") } }
        while Date() < deadline {
            keys = alertRequests().compactMap { $0.headers["idempotency-key"] }
            if Set(keys).count >= expected.count { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // Stop it only once its services run (a SIGTERM before the handlers exist simply kills it).
        #expect(daemon.waitForStderr(deadline: 30) { $0.contains("watching 1 feeds") })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(deadline: 15) == 0)

        keys = alertRequests().compactMap { $0.headers["idempotency-key"] }
        let bodies = alertRequests().map(\.body)
        let deliveredItems = Set(expected.filter { id in bodies.contains { $0.contains("Asylum report number \(id.dropFirst(5))\"") } })
        #expect(deliveredItems == expected, "missing: \(expected.subtracting(deliveredItems).sorted())")
        #expect(Set(keys).count == expected.count, "one idempotency key per matching item")
        // A kill between a POST and its commit may repeat that POST (at-least-once), with the same key.
        let repeats = keys.count - Set(keys).count
        #expect(repeats <= Self.iterations, "\(repeats) repeated deliveries for \(Self.iterations) kills")

        let store = try Store(path: work.path("state/feedwatch.sqlite"))
        #expect(try store.integrityCheck() == ["ok"])
    }
}
