import FeedwatchConfig
@testable import FeedwatchDaemon
import FeedwatchDigest
import FeedwatchModel
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// The days handed to delivery.
final class Delivered: Sendable {
    let days = Mutex<[String]>([])
}

/// The digest timer's decision for one day, on a real store in a temporary directory.
@Suite("daily digest timer")
struct DigestServiceTests {
    static let configurationText = """
        settings:
          timezone: UTC
          digest_time: "07:00"
        feeds:
          - https://news.example/feed.xml
        topics:
          migration: asylum
        """

    /// The service over `store`, counting what it hands to delivery.
    static func service(store: Store, directory: String, delivered: Delivered) throws -> DigestService {
        let configuration = try ConfigurationLoader().load(text: configurationText, path: "feeds.yml")
        return DigestService(
            configuration: { configuration }, store: store, stateDirectory: directory,
            logger: Logger(label: "test"),
            deliver: { digest, _ in
                delivered.days.withLock { $0.append(digest.day.description) }
                return true
            })
    }

    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("a day with nothing to report is kept but not delivered, and not retried")
    func emptyDay() async throws {
        let work = try TemporaryDirectory()
        let store = try Store(path: work.path("feedwatch.sqlite"))
        // Every configured feed was fetched fine during the day, so the feed-health section is empty too.
        _ = try store.feedState(url: "https://news.example/feed.xml", name: "News")
        try store.recordFetch(
            url: "https://news.example/feed.xml", .fetched(status: 200, etag: nil, lastModified: nil, movedTo: nil),
            at: instant("2026-03-09T20:00:00Z"), nextPollAt: instant("2026-03-10T20:30:00Z"))
        let delivered = Delivered()
        let service = try Self.service(store: store, directory: work.path(""), delivered: delivered)

        await service.makeDigestIfDue(now: instant("2026-03-10T08:00:00Z"))
        #expect(delivered.days.withLock { $0 }.isEmpty)
        #expect(try store.isDigestSent(day: "2026-03-09"))
        #expect(FileManager.default.fileExists(atPath: work.path("digests/2026-03-09.txt")))
    }

    @Test("a day with a story is delivered once")
    func dayWithStory() async throws {
        let work = try TemporaryDirectory()
        let store = try Store(path: work.path("feedwatch.sqlite"))
        let seen = instant("2026-03-09T15:00:00Z")
        let entry = Entry(id: "a1", title: "Asylum claims rise", link: "https://news.example/a1", published: seen)
        let context = FeedContext(name: "News", url: "https://news.example/feed.xml")
        _ = try store.record(
            entries: [entry], feed: context, feedURL: context.url, alertCutoff: nil, now: seen,
            classify: { _ in [Match(topic: "migration", score: 3, terms: [])] }, channels: { _ in [] })
        _ = try store.feedState(url: context.url, name: context.name)
        try store.recordFetch(
            url: context.url, .fetched(status: 200, etag: nil, lastModified: nil, movedTo: nil),
            at: seen, nextPollAt: seen.addingTimeInterval(1800))
        let delivered = Delivered()
        let service = try Self.service(store: store, directory: work.path(""), delivered: delivered)

        // Before 07:00 the day's digest is not due yet.
        await service.makeDigestIfDue(now: instant("2026-03-10T06:59:00Z"))
        #expect(delivered.days.withLock { $0 }.isEmpty)
        await service.makeDigestIfDue(now: instant("2026-03-10T07:00:00Z"))
        await service.makeDigestIfDue(now: instant("2026-03-10T09:00:00Z"))
        #expect(delivered.days.withLock { $0 } == ["2026-03-09"])
    }
}
