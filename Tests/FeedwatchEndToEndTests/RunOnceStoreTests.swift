import FeedwatchTestSupport
import Foundation
import Testing

/// `run --once` after a pass of 304s exits without closing the store (closing would checkpoint and
/// delete the WAL, and the next run would create it again: four fsyncs for nothing to keep); the next
/// run reads that WAL as SQLite reads one after a crash.
@Suite("feedwatch run --once and the store's WAL")
struct RunOnceStoreTests {
    @Test("a pass of 304s leaves its WAL for the next run, which reads every outcome and item from it")
    func walLeftForNextRun() throws {
        let server = try LoopbackHTTPServer()
        let work = try TemporaryDirectory()
        try server.root.write("wire.xml", RunOnceTests.rss([("w1", "Asylum seekers stranded at the border", 3600)]))
        try server.root.write("atom.xml", RunOnceTests.atom([("a1", "New tariffs on shrimp exports")]))
        let configPath = try work.write("feeds.yml", RunOnceTests.config(server: server))
        let arguments = ["run", "--once", "--config", configPath, "--state-dir", work.path("state")]
        let database = work.path("state/feedwatch.sqlite")
        let wal = database + "-wal"

        let first = try FeedwatchCommand.run(arguments)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(RunOnceTests.alerts(first).count == 2)
        // Items recorded: synced, and the store closed as before (its WAL checkpointed and removed).
        #expect(!FileManager.default.fileExists(atPath: wal))
        let afterFirst = try Data(contentsOf: URL(fileURLWithPath: database))

        // Every feed answers 304 (the broken one 404): nothing to sync, the store is left open.
        let second = try FeedwatchCommand.run(arguments)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(RunOnceTests.alerts(second).isEmpty)
        let walSize = try #require(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int)
        #expect(walSize > 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == afterFirst)

        // Twice more over that WAL: the validators it holds make both passes 304s again.
        for _ in 0..<2 {
            let again = try FeedwatchCommand.run(arguments)
            #expect(again.status == 0, "stderr: \(again.stderr)")
            #expect(RunOnceTests.alerts(again).isEmpty)
        }
        let conditional = server.requests().filter { $0.contains("wire.xml") }
        #expect(conditional.count == 4)

        // A new item: alerted once; the old one, recorded before the WAL was left behind, is not.
        try server.root.write("wire.xml", RunOnceTests.rss([
            ("w2", "Migrants rescued off the coast", 60), ("w1", "Asylum seekers stranded at the border", 3600),
        ]))
        let fifth = try FeedwatchCommand.run(arguments)
        #expect(fifth.status == 0, "stderr: \(fifth.stderr)")
        let alerts = RunOnceTests.alerts(fifth)
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first?.contains("Migrants rescued off the coast") == true)

        let status = try FeedwatchCommand.run(["status", "--config", configPath, "--state-dir", work.path("state")])
        #expect(status.status == 0, "stderr: \(status.stderr)")
    }
}
