import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Testing

/// A pass syncs (checkpoints the WAL into the database file, with its fsyncs) only when it recorded
/// items: a pass of 304s records only fetch outcomes, the store's relaxed writes.
@Suite("A pass syncs only what needs it")
struct PassSyncTests {
    @Test("a pass that records items checkpoints them into the database file; a pass of 304s leaves it untouched")
    func syncOnlyWithItems() async throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let directory = try TemporaryDirectory(prefix: "feedwatch-sync")
        let feeds = (0..<20).map { FeedSettings(url: server.url("feed?etag=e\($0)"), allowPrivate: true) }
        var settings = Settings()
        settings.interval = 600
        let configuration = Configuration(path: "feeds.yml", settings: settings, feeds: feeds)
        let databasePath = directory.path("feedwatch.sqlite")
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        let store = try Store(path: databasePath)
        let pipeline = try Pipeline(configuration: configuration, store: store, logger: Logger(label: "test"))
        let beforeFirst = try Data(contentsOf: URL(fileURLWithPath: databasePath))
        let first = await pipeline.pollAll(feeds, now: { start })
        #expect(first.values.allSatisfy { $0.recordedItems })
        let afterFirst = try Data(contentsOf: URL(fileURLWithPath: databasePath))
        // The items are in the database file itself: the pass's checkpoint copied and synced them.
        #expect(afterFirst != beforeFirst)

        let second = await pipeline.pollAll(feeds, now: { start.addingTimeInterval(700) })
        #expect(second.values.allSatisfy { $0 == .notModified })
        #expect(!second.values.contains { $0.recordedItems })
        let afterSecond = try Data(contentsOf: URL(fileURLWithPath: databasePath))
        // No checkpoint: the 304s' outcomes are in the WAL only.
        #expect(afterSecond == afterFirst)
        // ... and the store reads them from there.
        for state in try store.feedStates() {
            #expect(state.lastStatus == 304)
            #expect(state.lastAttemptAt == start.addingTimeInterval(700))
        }
        // Nothing held delivery back: there was nothing to sync.
        #expect(await pipeline.deliverDue() == 0)
    }
}
