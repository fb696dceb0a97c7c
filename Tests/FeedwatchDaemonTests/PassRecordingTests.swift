import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Testing

@Suite("A pass writes the store in batches")
struct PassRecordingTests {
    @Test("after pollAll every feed's outcome, schedule and items are in the store, as a reopened store sees them")
    func everythingRecorded() async throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let directory = try TemporaryDirectory(prefix: "feedwatch-pass")
        // 300 feeds: more than one batch of fetch outcomes (256); one of them fails with a 500.
        var feeds = (0..<299).map { FeedSettings(url: server.url("feed?etag=e\($0)"), allowPrivate: true) }
        feeds.append(FeedSettings(url: server.url("status/500"), allowPrivate: true))
        var settings = Settings()
        settings.interval = 600
        let configuration = Configuration(path: "feeds.yml", settings: settings, feeds: feeds)
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        do {
            let store = try Store(path: directory.path("feedwatch.sqlite"))
            let pipeline = try Pipeline(configuration: configuration, store: store, logger: Logger(label: "test"))
            let first = await pipeline.pollAll(feeds, now: { start })
            #expect(first.values.filter { $0 == .failed }.count == 1)
            let second = await pipeline.pollAll(feeds, now: { start.addingTimeInterval(700) })
            #expect(second.values.filter { $0 == .notModified }.count == 299)
        }
        let reopened = try Store(path: directory.path("feedwatch.sqlite"))
        let states = Dictionary(uniqueKeysWithValues: try reopened.feedStates().map { ($0.url, $0) })
        #expect(states.count == 300)
        for feed in feeds.dropLast() {
            let state = try #require(states[feed.url])
            #expect(state.lastStatus == 304)
            #expect(state.etag != nil)
            #expect(try #require(state.nextPollAt) >= start.addingTimeInterval(700 + 540))
        }
        // Every feed serves the same items (the same guids and links): the store keeps them once.
        #expect(states.values.map(\.itemsSeen).reduce(0, +) > 0)
        let failing = try #require(states[server.url("status/500")])
        #expect(failing.consecutiveFailures == 2)
        #expect(failing.lastStatus == 500)
    }
}
