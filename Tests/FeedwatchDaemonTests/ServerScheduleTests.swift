import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Testing

/// Polls of one feed through the whole pipeline, against a real server on loopback, with a fixed clock.
struct ScheduleFixture {
    let directory: TemporaryDirectory
    let feed: FeedSettings
    let configuration: Configuration

    init(url: String, interval: TimeInterval = 600) throws {
        directory = try TemporaryDirectory(prefix: "feedwatch-schedule")
        feed = FeedSettings(url: url, allowPrivate: true)
        var settings = Settings()
        settings.interval = interval
        configuration = Configuration(path: "feeds.yml", settings: settings, feeds: [feed])
    }

    /// Polls once at `now` with a pipeline on a freshly opened store (as after a restart) and
    /// returns the feed's state afterwards.
    func poll(at now: Date) async throws -> (FeedOutcome, FeedState) {
        let store = try Store(path: directory.path("feedwatch.sqlite"))
        let pipeline = try Pipeline(configuration: configuration, store: store, logger: Logger(label: "test"))
        let outcome = await pipeline.poll(feed, now: { now })
        let state = try #require(try store.feedStates().first { $0.url == feed.url })
        return (outcome, state)
    }
}

@Suite("Scheduling from the server's headers")
struct ServerScheduleTests {
    @Test("a server's max-age holds the next poll back past the interval, after a 200 and a 304")
    func maxAge() async throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let fixture = try ScheduleFixture(url: server.url("feed?etag=m1&cache=max-age=7200"), interval: 600)
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        let (first, afterFirst) = try await fixture.poll(at: start)
        #expect(first == .updated(newEntries: afterFirst.itemsSeen, alerts: 0))
        let due = try #require(afterFirst.nextPollAt)
        #expect(due >= start.addingTimeInterval(7200))
        #expect(due <= start.addingTimeInterval(7200 * 1.1 + 1))
        let later = start.addingTimeInterval(7300)
        let (second, afterSecond) = try await fixture.poll(at: later)
        #expect(second == .notModified)
        #expect(try #require(afterSecond.nextPollAt) >= later.addingTimeInterval(7200))
    }
}
