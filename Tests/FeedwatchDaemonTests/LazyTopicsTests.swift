import FeedwatchClassify
import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchModel
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// How many times a pipeline compiled its topics.
private final class CompileCount: Sendable {
    let value = Mutex(0)
}

@Suite("Topics compiled when first needed")
struct LazyTopicsTests {
    @Test("a pass of 304s compiles no topics; the first new item compiles them once and is classified")
    func compiledOnFirstEntry() async throws {
        let server = try LoopbackHTTPServer(script: "fault_server.py")
        let directory = try TemporaryDirectory(prefix: "feedwatch-lazy-topics")
        let feed = FeedSettings(url: server.url("feed?etag=lazy1"), allowPrivate: true)
        // Matches nothing the fault server's feed says, and something: either way every new item is classified.
        let topics = [TopicDefinition(name: "anything", query: "feed OR item OR fault")]
        let configuration = Configuration(path: "feeds.yml", feeds: [feed], topics: topics)

        /// One pass over the feed by a freshly made pipeline (as after a restart), counting compiles.
        func pass() async throws -> (outcome: FeedOutcome?, compiles: Int) {
            let count = CompileCount()
            let store = try Store(path: directory.path("feedwatch.sqlite"))
            let pipeline = try Pipeline(
                configuration: configuration, store: store, logger: Logger(label: "test"),
                compileTopics: {
                    count.value.withLock { $0 += 1 }
                    return try! Classifier(topics: topics)
                })
            let outcomes = await pipeline.pollAll([feed])
            return (outcomes[feed.url], count.value.withLock { $0 })
        }

        let first = try await pass()
        guard case .updated(let newEntries, _) = first.outcome else {
            Issue.record("the first pass did not fetch the feed: \(String(describing: first.outcome))")
            return
        }
        #expect(newEntries > 0)
        #expect(first.compiles == 1)
        let second = try await pass()
        #expect(second.outcome == .notModified)
        #expect(second.compiles == 0)
    }
}
