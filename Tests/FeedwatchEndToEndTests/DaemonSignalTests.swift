import FeedwatchTestSupport
import Foundation
import Testing

/// The daemon under the signals and the notification protocol systemd uses.
@Suite("feedwatch run as a daemon")
struct DaemonSignalTests {
    static func config(server: LoopbackHTTPServer, feeds: [String], query: String = "asylum") -> String {
        let list = feeds.map { "  - url: \(server.url($0))\n    allow_private: true" }.joined(separator: "\n")
        return """
            settings:
              interval: 1h
            feeds:
            \(list)
            topics:
              migration:
                query: '\(query)'
            """
    }

    static let feed = """
        <rss version="2.0"><channel><title>Wire</title>
        <item><guid>1</guid><title>Asylum claims</title><pubDate>\(RunOnceTests.rfc822(Date()))</pubDate></item>
        </channel></rss>
        """

    @Test("READY and STATUS reach NOTIFY_SOCKET; SIGHUP reloads a valid file, keeps the running one on a broken file; SIGTERM stops cleanly with STOPPING")
    func lifecycle() throws {
        let server = try LoopbackHTTPServer()
        let work = try TemporaryDirectory()
        let socket = try NotifySocket()
        try server.root.write("a.xml", Self.feed)
        try server.root.write("b.xml", Self.feed)
        let configPath = try work.write("feeds.yml", Self.config(server: server, feeds: ["a.xml"]))
        let daemon = try RunningFeedwatch(
            ["run", "--config", configPath, "--state-dir", work.path("state")],
            environment: ["NOTIFY_SOCKET": socket.path])

        let startup = socket.receive(deadline: 30) { messages in messages.contains { $0.hasPrefix("STATUS=1 feeds") } }
        #expect(startup.first?.hasPrefix("READY=1") == true, "\(startup)")
        #expect(startup.contains { $0.hasPrefix("STATUS=1 feeds, 0 failing, next poll in") }, "\(startup)")
        #expect(daemon.waitForStderr(deadline: 30) { $0.contains("alert [migration] Asylum claims") })

        // A valid change: one more feed.
        try work.write("feeds.yml", Self.config(server: server, feeds: ["a.xml", "b.xml"]))
        daemon.signal(SIGHUP)
        #expect(daemon.waitForStderr(deadline: 30) { $0.contains("configuration reloaded: 2 feeds, 1 topics") })
        let reload = socket.receive(deadline: 30) { $0.contains("READY=1") }
        #expect(reload.first?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true, "\(reload)")

        // A broken file is refused with its error; the daemon keeps running.
        try work.write("feeds.yml", Self.config(server: server, feeds: ["a.xml"], query: "(asylum OR"))
        daemon.signal(SIGHUP)
        #expect(daemon.waitForStderr(deadline: 30) { $0.contains("configuration not reloaded, keeping the running one") })
        #expect(daemon.stderr.contains("feeds.yml:"))
        #expect(daemon.isRunning)

        let start = Date()
        daemon.signal(SIGTERM)
        let status = daemon.waitForExit(deadline: 15)
        #expect(status == 0, "stderr: \(daemon.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        let stopping = socket.receive(deadline: 5) { $0.contains("STOPPING=1") }
        #expect(stopping.contains("STOPPING=1"), "\(stopping)")
    }

    @Test("SIGTERM during a fetch that the server holds for a minute stops the daemon within seconds")
    func stopMidFetch() throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let work = try TemporaryDirectory()
        let configPath = try work.write("feeds.yml", """
            feeds:
              - url: \(server.url("hold?ms=60000"))
                allow_private: true
            topics:
              migration:
                query: asylum
            """)
        let daemon = try RunningFeedwatch(["run", "--config", configPath, "--state-dir", work.path("state")])
        let deadline = Date().addingTimeInterval(30)
        while !server.requests().contains(where: { $0.hasPrefix("GET /hold") }) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(server.requests().contains { $0.hasPrefix("GET /hold") }, "the fetch never started")
        let start = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(deadline: 20) == 0, "\(daemon.stderr)")
        #expect(Date().timeIntervalSince(start) < 5, "took \(Date().timeIntervalSince(start)) s")
        #expect(!daemon.stderr.contains("fetch failed"), "a cancelled fetch was counted as the feed's failure")
    }
}

