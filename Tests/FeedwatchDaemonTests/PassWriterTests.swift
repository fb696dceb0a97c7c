import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Testing

/// `pollAll` writes the feeds of a pass in group commits (one transaction for the feeds that finished
/// meanwhile). One feed whose update cannot be written must not cost the others of its batch theirs.
@Suite("A pass's group commits")
struct PassWriterTests {
    @Test(
        "a feed whose items the database refuses fails alone: the others of its batch are recorded, it is fetched in full again"
    )
    func oneRefusedFeed() async throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let directory = try TemporaryDirectory(prefix: "feedwatch-writer")
        let path = directory.path("feedwatch.sqlite")
        let feeds = (0..<6).map { FeedSettings(url: server.url("feed?etag=e\($0)"), allowPrivate: true) }
        let refused = feeds[3].url
        let configuration = Configuration(path: "feeds.yml", feeds: feeds)
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        do {
            let store = try Store(path: path)
            // A real SQLite trigger refuses the items of one feed, as a full disk or a corrupt page would.
            try Self.sqlite(
                path,
                "CREATE TRIGGER refuse BEFORE INSERT ON item WHEN NEW.feed_url = '\(refused)' "
                    + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
            let pipeline = try Pipeline(configuration: configuration, store: store, logger: Logger(label: "test"))
            let outcomes = await pipeline.pollAll(feeds, now: { start })
            #expect(outcomes[refused] == .failed)
            #expect(
                outcomes.filter { $0.key != refused }.values.allSatisfy {
                    if case .updated = $0 { true } else { false }
                })
        }
        let reopened = try Store(path: path)
        let states = Dictionary(uniqueKeysWithValues: try reopened.feedStates().map { ($0.url, $0) })
        for feed in feeds where feed.url != refused {
            #expect(states[feed.url]?.etag != nil, "\(feed.url)")
            #expect(states[feed.url]?.lastStatus == 200)
        }
        // Neither the items nor the validators of the refused feed were kept: its next poll is a full 200.
        #expect(states[refused]?.etag == nil)
        #expect(states[refused]?.itemsSeen == 0)
        // The feeds serve the same 20 links: recorded once, by whichever good feed came first.
        #expect(states.values.map(\.itemsSeen).reduce(0, +) == 20)
    }

    /// Runs SQL on the database file with Python's sqlite3 module (a second, real connection).
    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path,
            sql,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
