import FeedwatchConfig
import FeedwatchStore
import Foundation
import Logging
import ServiceLifecycle

/// The long-running loop of `feedwatch run`: polls the feeds that are due, delivers the outbox,
/// sleeps until the next feed or delivery is due. Stops at graceful shutdown (SIGTERM/SIGINT):
/// the sleep is cancelled at once; a pass in progress finishes its in-flight records first.
public struct PollingService: Service {
    let pipeline: Pipeline
    let store: Store
    let logger: Logger
    /// Longest sleep between checks, so a changed clock or a delivery retry is noticed.
    let maximumSleep: TimeInterval = 60

    /// Creates the service for a composed pipeline.
    public init(pipeline: Pipeline, store: Store, logger: Logger) {
        self.pipeline = pipeline
        self.store = store
        self.logger = logger
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        let feeds = pipeline.configuration.feeds
        logger.info("watching \(feeds.count) feeds for \(pipeline.configuration.topics.count) topics")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = Date()
            let due = dueFeeds(feeds, now: now)
            if !due.isEmpty {
                _ = await pipeline.pollAll(due)
            }
            await pipeline.deliverDue()
            let wake = nextWake(feeds, now: Date())
            let delay = min(max(wake.timeIntervalSinceNow, 0.2), maximumSleep)
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
        logger.info("stopped polling")
    }

    func dueFeeds(_ feeds: [FeedSettings], now: Date) -> [FeedSettings] {
        let states = (try? store.feedStates()) ?? []
        let byURL = Dictionary(states.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        return feeds.filter { feed in
            guard let state = byURL[feed.url] else { return true }
            if state.isGone { return false }
            return (state.nextPollAt ?? .distantPast) <= now
        }
    }

    func nextWake(_ feeds: [FeedSettings], now: Date) -> Date {
        let configured = Set(feeds.map(\.url))
        let polls = ((try? store.feedStates()) ?? []).filter { configured.contains($0.url) && !$0.isGone }
            .compactMap(\.nextPollAt)
        let delivery = (try? store.nextDeliveryDue()) ?? nil
        return (polls + [delivery].compactMap { $0 }).min() ?? now.addingTimeInterval(maximumSleep)
    }
}
