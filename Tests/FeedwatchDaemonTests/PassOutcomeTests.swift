import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Testing

/// A pass writes its fetch outcomes without items (304s, failures) in group commits: `pollAll`
/// returns only once every one is written, and one that cannot be written costs the others of its
/// batch nothing.
@Suite("A pass's fetch outcomes")
struct PassOutcomeTests {
    @Test("every 304 of a pass larger than its window is in the store when pollAll returns; a refused one fails alone")
    func queuedOutcomes() async throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let directory = try TemporaryDirectory(prefix: "feedwatch-queue")
        let path = directory.path("feedwatch.sqlite")
        // concurrency 2 makes the window 4 feeds: 150 feeds slide it many times, in batches of outcomes.
        let feeds = (0..<150).map { FeedSettings(url: server.url("feed?etag=q\($0)"), allowPrivate: true) }
        let refused = feeds[77].url
        var settings = Settings()
        settings.concurrency = 2
        settings.interval = 600
        let configuration = Configuration(path: "feeds.yml", settings: settings, feeds: feeds)
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        let store = try Store(path: path)
        let pipeline = try Pipeline(configuration: configuration, store: store, logger: Logger(label: "test"))
        let first = await pipeline.pollAll(feeds, now: { start })
        #expect(first.values.allSatisfy { $0.recordedItems })
        // A real SQLite trigger refuses the outcome of one feed, as a full disk or a corrupt page would.
        try PassWriterTests.sqlite(
            path,
            "CREATE TRIGGER refuse BEFORE UPDATE ON feed WHEN NEW.url = '\(refused)' "
                + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        let later = start.addingTimeInterval(700)
        let second = await pipeline.pollAll(feeds, now: { later })
        #expect(second.count == 150)
        #expect(second.values.allSatisfy { $0 == .notModified })
        // Read at once: nothing is still on its way to the store.
        let states = Dictionary(uniqueKeysWithValues: try store.feedStates().map { ($0.url, $0) })
        for feed in feeds where feed.url != refused {
            #expect(states[feed.url]?.lastStatus == 304, "\(feed.url)")
            #expect(states[feed.url]?.lastAttemptAt == later, "\(feed.url)")
        }
        // The refused outcome was not written: the feed keeps its first poll's record.
        #expect(states[refused]?.lastStatus == 200)
        #expect(states[refused]?.lastAttemptAt == start)
    }
}
