import FeedwatchConfig
import FeedwatchStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The long-running loop of `feedwatch run`: polls the feeds that are due, delivers the outbox,
/// sleeps until the next feed or delivery is due.
///
/// Signals: SIGTERM/SIGINT (through the `ServiceGroup`) stop it gracefully: the sleep is cancelled
/// at once, a pass in progress finishes recording what it fetched. SIGHUP reloads the configuration
/// through `reload`; an invalid file is refused (its errors logged) and the running one stays.
/// systemd: READY once polling starts, STATUS after every pass, WATCHDOG pings, RELOADING, STOPPING.
public final class PollingService: Service {
    let current: Mutex<Pipeline>
    let reload: @Sendable () throws -> Pipeline
    let store: Store
    let logger: Logger
    let systemd: SystemdNotifier
    /// Longest sleep between checks, so a changed clock or a delivery retry is noticed.
    let maximumSleep: TimeInterval = 60

    /// Creates the service. `reload` builds a pipeline from the configuration file again (throwing,
    /// with the problems already logged, when it is invalid).
    public init(
        pipeline: Pipeline, store: Store, logger: Logger, systemd: SystemdNotifier = SystemdNotifier(),
        reload: @escaping @Sendable () throws -> Pipeline
    ) {
        current = Mutex(pipeline)
        self.reload = reload
        self.store = store
        self.logger = logger
        self.systemd = systemd
    }

    var pipeline: Pipeline { current.withLock { $0 } }

    /// The configuration in force (changes on a successful reload).
    public var configuration: Configuration { pipeline.configuration }

    /// The notifiers in force (change on a successful reload).
    public var channels: Channels { pipeline.channels }

    /// Runs until graceful shutdown.
    public func run() async throws {
        let configuration = pipeline.configuration
        logger.info("watching \(configuration.feeds.count) feeds for \(configuration.topics.count) topics")
        systemd.ready(status: "starting: \(configuration.feeds.count) feeds")
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.reloadOnHangup() }
            if let interval = systemd.watchdogInterval {
                group.addTask { await self.pingWatchdog(every: interval) }
            }
            await pollUntilShutdown()
            group.cancelAll()
        }
        systemd.stopping()
        logger.info("stopped")
    }

    func pollUntilShutdown() async {
        var lastPrune = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pipeline = self.pipeline
            if Date().timeIntervalSince(lastPrune) > 86_400 {
                lastPrune = Date()
                prune(retentionDays: pipeline.configuration.settings.retentionDays)
            }
            let feeds = pipeline.configuration.feeds
            let due = dueFeeds(feeds, now: Date())
            if !due.isEmpty {
                // SIGTERM cancels the fetches in flight; what was already fetched is recorded in
                // whole transactions, so a stop never leaves anything half-written.
                _ = await cancelWhenGracefulShutdown { await pipeline.pollAll(due) }
            }
            if Task.isShuttingDownGracefully { break }
            await pipeline.deliverDue()
            // One read of the feed states after the pass serves both the schedule and the status line.
            let states = (try? store.feedStates()) ?? []
            let wake = nextWake(feeds, states: states, now: Date())
            let delay = min(max(wake.timeIntervalSinceNow, 0.2), maximumSleep)
            systemd.status(statusLine(feeds, states: states, nextPollIn: delay))
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
    }

    /// Drops item fields past the retention period (keys stay, so old items are still recognised).
    func prune(retentionDays: Int) {
        do {
            let count = try store.pruneItems(olderThan: retentionDays, now: Date())
            if count > 0 { logger.info("pruned \(count) items older than \(retentionDays) days", metadata: ["stage": "store"]) }
        } catch {
            logger.error("pruning failed: \(error)", metadata: ["stage": "store"])
        }
    }

    func reloadOnHangup() async {
        let signals = await UnixSignalsSequence(trapping: [.sighup])
        for await _ in signals {
            systemd.reloading()
            do {
                let fresh = try reload()
                current.withLock { $0 = fresh }
                logger.notice(
                    "configuration reloaded: \(fresh.configuration.feeds.count) feeds, \(fresh.configuration.topics.count) topics")
            } catch {
                logger.error("configuration not reloaded, keeping the running one: \(error)")
            }
            systemd.ready()
        }
    }

    func pingWatchdog(every interval: Duration) async {
        while !Task.isCancelled {
            systemd.watchdog()
            try? await Task.sleep(for: interval)
        }
    }

    func statusLine(_ feeds: [FeedSettings], states: [FeedState], nextPollIn delay: TimeInterval) -> String {
        let configured = Set(feeds.map(\.url))
        let failing = states.filter { configured.contains($0.url) && $0.lastError != nil }.count
        return "\(feeds.count) feeds, \(failing) failing, next poll in \(Int(delay.rounded())) s"
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

    func nextWake(_ feeds: [FeedSettings], states: [FeedState], now: Date) -> Date {
        let configured = Set(feeds.map(\.url))
        let polls = states.filter { configured.contains($0.url) && !$0.isGone }
            .compactMap(\.nextPollAt)
        let delivery = (try? store.nextDeliveryDue()) ?? nil
        return (polls + [delivery].compactMap { $0 }).min() ?? now.addingTimeInterval(maximumSleep)
    }
}
