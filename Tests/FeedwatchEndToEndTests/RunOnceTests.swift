import FeedwatchTestSupport
import Foundation
import Testing

/// The whole pipeline through the built binary: a real HTTP server on 127.0.0.1, real libcurl,
/// libxml2 and SQLite, from feeds.yml to alert lines.
@Suite("feedwatch run --once, end to end")
struct RunOnceTests {
    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func rss(_ items: [(id: String, title: String, age: TimeInterval)]) -> String {
        let body = items.map { item in
            """
            <item><guid>\(item.id)</guid><title>\(item.title)</title>
            <link>https://news.example/\(item.id)</link>
            <description>&lt;p&gt;Story \(item.id).&lt;/p&gt;</description>
            <pubDate>\(rfc822(Date().addingTimeInterval(-item.age)))</pubDate></item>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Wire</title><link>https://news.example/</link>
            \(body)
            </channel></rss>
            """
    }

    static func atom(_ entries: [(id: String, title: String)]) -> String {
        let stamp = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))
        let body = entries.map { entry in
            """
            <entry><id>urn:x:\(entry.id)</id><title>\(entry.title)</title>
            <link rel="alternate" href="https://atom.example/\(entry.id)"/><updated>\(stamp)</updated>
            <summary type="html">&lt;b&gt;Summary&lt;/b&gt; of \(entry.id)</summary></entry>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title><id>urn:x:feed</id>
            <updated>\(stamp)</updated>
            \(body)
            </feed>
            """
    }

    static func config(server: LoopbackHTTPServer) -> String {
        """
        settings:
          catchup: 24h
        feeds:
          - url: \(server.url("wire.xml"))
            name: Wire
            allow_private: true
          - url: \(server.url("atom.xml"))
            name: Atom desk
            allow_private: true
          - url: \(server.url("missing.xml"))
            name: Broken
            allow_private: true
        topics:
          migration:
            query: 'asylum OR deport* OR migrant*'
          trade:
            query: 'tariff* OR "trade agreement"'
        """
    }

    /// Alert lines of a run's stderr.
    static func alerts(_ result: CommandResult) -> [String] {
        result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("alert [") }
    }

    @Test("first run alerts recent matches once, a second run only the new item")
    func alertOnce() throws {
        let server = try LoopbackHTTPServer()
        let work = try TemporaryDirectory()
        try server.root.write("wire.xml", Self.rss([
            ("w1", "Asylum seekers stranded at the border", 3600),
            ("w2", "Football results", 3600),
            ("w3", "Deportation flights resumed last year", 5 * 86_400),
        ]))
        try server.root.write("atom.xml", Self.atom([("a1", "New tariffs on shrimp exports")]))
        let configPath = try work.write("feeds.yml", Self.config(server: server))
        let arguments = ["run", "--once", "--config", configPath, "--state-dir", work.path("state")]

        let first = try FeedwatchCommand.run(arguments)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let firstAlerts = Self.alerts(first)
        #expect(firstAlerts.count == 2, "\(firstAlerts)")
        #expect(firstAlerts.contains { $0.contains("[migration] Asylum seekers stranded at the border <https://news.example/w1>") })
        #expect(firstAlerts.contains { $0.contains("[trade] New tariffs on shrimp exports <https://atom.example/a1>") })
        #expect(!first.stderr.contains("Deportation flights"), "an item older than the catch-up window alerted")
        #expect(first.stderr.contains("missing.xml"), "the broken feed is not named in the log")

        try server.root.write("wire.xml", Self.rss([
            ("w4", "Migrants rescued off the coast", 60),
            ("w1", "Asylum seekers stranded at the border (updated)", 3600),
            ("w2", "Football results", 3600),
            ("w3", "Deportation flights resumed last year", 5 * 86_400),
        ]))
        let second = try FeedwatchCommand.run(arguments)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let secondAlerts = Self.alerts(second)
        #expect(secondAlerts.count == 1, "\(secondAlerts)")
        #expect(secondAlerts.first?.contains("[migration] Migrants rescued off the coast") == true)

        // The unchanged Atom feed was asked for conditionally and answered 304.
        let third = try FeedwatchCommand.run(arguments)
        #expect(Self.alerts(third).isEmpty)
        #expect(FileManager.default.fileExists(atPath: work.path("state/feedwatch.sqlite")))
    }

    @Test("more feeds than the in-flight window: every feed is polled once and alerts once")
    func windowedPass() throws {
        let server = try LoopbackHTTPServer()
        let work = try TemporaryDirectory()
        // concurrency 1 makes the window 4 feeds, so 13 feeds need the window to slide 9 times.
        var feeds = ""
        for index in 0..<13 {
            try server.root.write("f\(index).xml", Self.rss([("f\(index)", "Asylum ruling number \(index)", 60)]))
            feeds += "  - url: \(server.url("f\(index).xml"))\n    allow_private: true\n"
        }
        let configPath = try work.write(
            "feeds.yml", "settings:\n  concurrency: 1\nfeeds:\n\(feeds)topics:\n  migration: asylum\n")
        let result = try FeedwatchCommand.run(["run", "--once", "--config", configPath, "--state-dir", work.path("state")])
        #expect(result.status == 0, "\(result.stderr)")
        let alerts = Self.alerts(result)
        #expect(alerts.count == 13, "\(alerts)")
        for index in 0..<13 {
            #expect(alerts.filter { $0.contains("Asylum ruling number \(index) <") }.count == 1, "feed \(index)")
        }
        #expect(server.requests().filter { $0.hasPrefix("GET /f") }.count == 13)
    }

    @Test("status shows every feed, the failing one with its error")
    func status() throws {
        let server = try LoopbackHTTPServer()
        let work = try TemporaryDirectory()
        try server.root.write("wire.xml", Self.rss([("w1", "Asylum", 60)]))
        try server.root.write("atom.xml", Self.atom([("a1", "Tariffs")]))
        let configPath = try work.write("feeds.yml", Self.config(server: server))
        let common = ["--config", configPath, "--state-dir", work.path("state")]
        _ = try FeedwatchCommand.run(["run", "--once"] + common)
        let table = try FeedwatchCommand.run(["status"] + common)
        #expect(table.status == 0)
        #expect(table.stdout.contains("Wire"))
        #expect(table.stdout.contains("failing"))
        let json = try FeedwatchCommand.run(["status", "--json"] + common)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let feeds = try #require(object?["feeds"] as? [[String: Any]])
        #expect(feeds.count == 3)
        let broken = try #require(feeds.first { $0["name"] as? String == "Broken" })
        #expect(broken["result"] as? String == "failing")
        #expect((broken["error"] as? String)?.contains("404") == true)
    }

    @Test("a topic with channels: [webhook] alerts only there, others go everywhere")
    func routing() throws {
        let server = try LoopbackHTTPServer()
        let receiver = try LoopbackWebhookServer()
        let work = try TemporaryDirectory()
        try server.root.write("wire.xml", Self.rss([("w1", "Asylum claims rise", 60), ("w2", "New tariffs announced", 60)]))
        let configPath = try work.write("feeds.yml", """
            notify:
              log: true
              webhook:
                url: \(receiver.url("hook"))
            feeds:
              - url: \(server.url("wire.xml"))
                allow_private: true
            topics:
              migration:
                query: asylum
                channels: [webhook]
              trade: tariff*
            """)
        let result = try FeedwatchCommand.run(["run", "--once", "--config", configPath, "--state-dir", work.path("state")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.alerts(result).count == 1)
        #expect(Self.alerts(result).first?.contains("[trade] New tariffs announced") == true)
        let bodies = receiver.waitForRequests(2).map(\.body)
        #expect(bodies.count == 2)
        #expect(bodies.contains { $0.contains("Asylum claims rise") })
        #expect(bodies.contains { $0.contains("New tariffs announced") })
    }
}

