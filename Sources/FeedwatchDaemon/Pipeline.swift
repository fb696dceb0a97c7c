// FeedwatchDaemon: composes the stages. Config → (per feed) fetch → parse → classify → store →
// outbox → notify. Stage modules never import each other; this module is where they meet.
// Invariants: one bad feed never stops the others (every failure is one log line naming the feed
// and the stage, and is recorded in the store); only what the store says is new is delivered.
import FeedwatchClassify
import FeedwatchConfig
import FeedwatchFetch
import FeedwatchModel
import FeedwatchNotify
import FeedwatchParse
import FeedwatchStore
import Foundation
import Logging
import Synchronization

/// What one poll of one feed did.
public enum FeedOutcome: Sendable, Equatable {
    /// Fetched and parsed: entries new to the store, alerts queued.
    case updated(newEntries: Int, alerts: Int)
    /// 304, nothing to parse.
    case notModified
    /// Fetch or parse failed (recorded, retried later).
    case failed
    /// The feed answered 410 earlier; it is no longer polled.
    case skipped
}

extension FeedOutcome {
    /// Whether the poll recorded a document's items (and so left the pass something to sync).
    public var recordedItems: Bool {
        if case .updated = self { return true }
        return false
    }
}

/// One pass of the pipeline over feeds, and delivery of the outbox.
public final class Pipeline: Sendable {
    /// The configuration in force.
    public let configuration: Configuration
    let store: Store
    let fetcher: Fetcher
    let parser = FeedParser()
    private let topicClassifier: LazyClassifier
    /// The topics' classifier (compiled on first use when the pipeline was made with `compileTopics`).
    var classifier: Classifier { topicClassifier.classifier }
    let logger: Logger
    /// The notifiers of this configuration.
    public let channels: Channels
    /// True while items of a pass may be committed without an fsync: delivery waits until a sync
    /// succeeds, so no alert goes out whose record a power cut could still take back. Set when a
    /// feed's items are handed to the pass's writer, not when a pass starts: a pass of 304s records
    /// only fetch outcomes, whose loss in a power cut costs a repeated fetch (the store's relaxed
    /// commits, `Store.performRelaxed`), so it ends without the checkpoint's two fsyncs
    /// (docs/performance.md, "Fetcher, session 9").
    let hasUnsyncedItems = Mutex(false)

    /// Composes the stages for `configuration`, storing into `store`.
    public convenience init(configuration: Configuration, store: Store, logger: Logger) throws {
        try self.init(
            configuration: configuration, store: store, logger: logger,
            classifier: Classifier(topics: configuration.topics))
    }

    /// Composes the stages with a classifier already compiled from `configuration.topics` (compiling
    /// the default topics' queries takes tens of milliseconds: `run --once` does it once, not twice).
    public convenience init(configuration: Configuration, store: Store, logger: Logger, classifier: Classifier) throws {
        try self.init(configuration: configuration, store: store, logger: logger, topics: LazyClassifier(classifier))
    }

    /// Composes the stages; `compileTopics` compiles `configuration.topics` when the first entry is
    /// classified (a pass of 304s never needs them). Their queries must have been checked already
    /// (`TopicQuery.validate`): a query that does not parse has to be reported before polling starts.
    public convenience init(
        configuration: Configuration, store: Store, logger: Logger,
        compileTopics: @escaping @Sendable () -> Classifier
    ) throws {
        try self.init(
            configuration: configuration, store: store, logger: logger, topics: LazyClassifier(compile: compileTopics))
    }

    private init(configuration: Configuration, store: Store, logger: Logger, topics: LazyClassifier) throws {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        topicClassifier = topics
        let settings = configuration.settings
        var fetcherConfiguration = FetcherConfiguration()
        fetcherConfiguration.maxConcurrentTransfers = settings.concurrency
        fetcherConfiguration.maxTransfersPerHost = settings.perHost
        fetcherConfiguration.userAgent = FetcherConfiguration.userAgent(version: FeedwatchInfo.version)
        fetcherConfiguration.proxy = settings.proxy?.curlValue
        fetcherConfiguration.timeouts = Self.fetchTimeouts(settings.timeouts)
        fetcher = Fetcher(configuration: fetcherConfiguration)
        channels = try Channels(configuration: configuration, logger: logger)
    }

    /// Channels a match of `topic` is queued for: none for digest-only topics. Batched topics are
    /// queued like immediate ones; planning (Pipeline+Volume.swift) decides when and how they go out.
    func channels(for topic: String) -> [String] {
        guard let definition = configuration.topics.first(where: { $0.name == topic }),
            definition.delivery != .digest
        else { return [] }
        // A topic's `channels` narrows delivery; otherwise every configured channel gets it.
        return definition.channels.isEmpty ? channels.names : channels.names.filter(definition.channels.contains)
    }

    /// Polls every feed once, concurrently (the fetcher enforces global and per-host limits).
    ///
    /// At most `windowSize` feeds are in flight at once. The fetcher alone would bound the
    /// transfers, but not what follows them: local or fast servers answer far quicker than parsing
    /// and classifying keep up, and with one task per feed every fetched body and parsed document
    /// waited in memory at once. A window a quarter larger than the transfer limit keeps the
    /// fetcher busy and the backlog small.
    ///
    /// The store is written per pass, not per feed: the feed states are read (and new feeds added)
    /// once; each feed's items and fetch outcome go in one transaction with those of the other feeds
    /// that finished meanwhile (`PassWriter`'s group commits), without an fsync each, and a pass
    /// that recorded items syncs once at the end, before anything is delivered (bench/fetch: a first
    /// pass over 1,000 feeds had waited 5 s on one fsync a feed). A pass that recorded only fetch
    /// outcomes (304s, failures) does not sync: they are the store's relaxed writes.
    ///
    /// `releasingMemory`: after a pass larger than the window, give SQLite's caches and the freed
    /// heap back to the kernel (the daemon, which lives on for months at its peak otherwise). A
    /// process that exits after the pass (`run --once`) passes false: the exit frees it all at
    /// once, and trimming first cost a few milliseconds of a pass of 304s (bench/fetch).
    ///
    /// `knownStates`: the store's feed states (`Store.knownFeedStates`) when the caller read them
    /// already (`run --once`, while the queries were checked); missing feeds are added here.
    public func pollAll(
        _ feeds: [FeedSettings], knownStates: [String: FeedState]? = nil, releasingMemory: Bool = true,
        now: @escaping @Sendable () -> Date = Date.init
    ) async -> [String: FeedOutcome] {
        let states: [String: FeedState]
        do {
            let list = feeds.map { (url: $0.url, name: $0.name) }
            states = try store.ensureFeeds(list, in: knownStates ?? store.knownFeedStates(capacity: list.count))
        } catch {
            // Each feed then reads its own state (and logs the failure itself).
            logger.error("cannot read feed states: \(error)", metadata: ["stage": "store"])
            states = [:]
        }
        let pass = PassWriter(store: store)
        let outcomes = await withTaskGroup(of: (String, FeedOutcome).self) { group in
            var outcomes: [String: FeedOutcome] = [:]
            var pending = feeds.makeIterator()
            func start(_ feed: FeedSettings) {
                pass.pollStarted()
                group.addTask {
                    defer { pass.pollEnded() }
                    return (feed.url, await self.poll(feed, state: states[feed.url], pass: pass, now: now))
                }
            }
            for _ in 0..<windowSize {
                guard let feed = pending.next() else { break }
                start(feed)
            }
            for await (url, outcome) in group {
                outcomes[url] = outcome
                if let feed = pending.next() { start(feed) }
            }
            return outcomes
        }
        pass.finish()
        syncItems()
        if releasingMemory && feeds.count > windowSize {
            store.releaseMemory()
            HeapTrim.releaseFreedMemory()
        }
        return outcomes
    }

    /// Makes the items recorded without an fsync durable; false (logged) if that failed, and then
    /// delivery waits for the next attempt.
    @discardableResult
    func syncItems() -> Bool {
        guard hasUnsyncedItems.withLock({ $0 }) else { return true }
        do {
            try store.syncToDisk()
            hasUnsyncedItems.withLock { $0 = false }
            return true
        } catch {
            logger.error("\(error); alerts are held until it succeeds", metadata: ["stage": "store"])
            return false
        }
    }

    /// Feeds in flight in `pollAll`: the transfer limit and a quarter more, so a feed is queued to
    /// take a finished transfer's place while the feeds before it are parsed, classified and wait
    /// for their group commit. Twice the limit, as it was, held 64 more parsed documents of
    /// realistic size (30 KB, 30 items) for no gain in time: bench/fetch's typical feeds, 5,000 of
    /// them, peaked 7 MB higher (docs/performance.md).
    var windowSize: Int { max(configuration.settings.concurrency + configuration.settings.concurrency / 4, 4) }

    /// Fetches, parses, classifies and records one feed; never throws (failures are recorded).
    public func poll(_ feed: FeedSettings, now: @Sendable () -> Date = Date.init) async -> FeedOutcome {
        await poll(feed, state: nil, pass: nil, now: now)
    }

    /// `poll`, with the feed's state when the pass read it already, and the pass whose group commits
    /// take the feed's items and fetch outcome (`nil`: written at once, with an fsync).
    func poll(_ feed: FeedSettings, state known: FeedState?, pass: PassWriter?, now: @Sendable () -> Date) async
        -> FeedOutcome
    {
        // Made only when the poll logs: a 304 logs nothing at the usual levels (FeedLog.swift).
        let log = FeedLog(base: logger, feedName: feed.name)
        let state: FeedState
        do {
            state = try known ?? store.feedState(url: feed.url, name: feed.name)
        } catch {
            log.logger.error("cannot read feed state", metadata: ["stage": "store", "error": "\(error)"])
            return .failed
        }
        if state.isGone {
            log.logger.debug("not polled: the server said 410 Gone", metadata: ["stage": "fetch"])
            return .skipped
        }
        let request = fetchRequest(feed, state: state)
        // What the last document said about its schedule; a 200 below replaces it with the new document's.
        let publisher = PublisherSchedule(state)
        var response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            if error.kind == .cancelled {
                // Shutting down: not the feed's fault, so no failure is counted; it is due at once on the next start.
                return .failed
            }
            let failures = state.consecutiveFailures + 1
            let isGone = error.status == 410
            let time = now()
            log.logger.warning(
                "fetch failed: \(error.message)",
                metadata: ["stage": "fetch", "url": "\(state.fetchURL)", "kind": "\(error.kind)", "failures": "\(failures)"])
            if isGone { log.logger.warning("feed is gone (HTTP 410): polling stopped; remove it from the configuration") }
            await record(feed, .failed(status: error.status, message: error.message, isGone: isGone), now: time,
                next: nextRetry(feed, after: time, failures: failures, retryAfterSeconds: error.retryAfterSeconds,
                    publisher: publisher), pass: pass, log: log)
            return .failed
        }
        if response.isNotModified {
            let time = now()
            await record(feed, .notModified, now: time,
                next: nextPoll(feed, after: time, maxAgeSeconds: response.maxAgeSeconds, publisher: publisher),
                pass: pass, log: log)
            return .notModified
        }
        let parsed: ParsedFeed
        do {
            // Taken out of the response: once parsed the body is not needed, and the feed may wait a
            // while for its group commit (PassWriter) with up to a window of others.
            let body = response.body
            response.body = Data()
            parsed = try parser.parse(body, baseURL: response.finalURL, contentType: response.contentType)
        } catch {
            let failures = state.consecutiveFailures + 1
            let time = now()
            log.logger.warning("not a readable feed: \(error)", metadata: ["stage": "parse", "url": "\(response.finalURL)"])
            await record(feed, .failed(status: response.status, message: "not a readable feed: \(error)", isGone: false),
                now: time, next: nextRetry(feed, after: time, failures: failures, retryAfterSeconds: nil,
                    publisher: publisher), pass: pass, log: log)
            return .failed
        }
        for warning in parsed.warnings.prefix(5) {
            log.logger.debug("\(warning)", metadata: ["stage": "parse"])
        }
        let context = FeedContext(name: feed.name, url: feed.url, language: feed.language ?? parsed.feed.language)
        let time = now()
        let cutoff = state.isNew ? time.addingTimeInterval(-configuration.settings.catchup) : nil
        let fresh = PublisherSchedule(parsed.feed)
        let fetched = RecordedFetch(
            url: feed.url,
            record: .fetched(
                status: response.status, etag: response.etag, lastModified: response.lastModified,
                movedTo: response.permanentRedirect, ttlMinutes: fresh.ttlMinutes, skipHours: fresh.skipHours,
                skipDays: fresh.skipDays), at: time,
            nextPollAt: nextPoll(feed, after: time, maxAgeSeconds: response.maxAgeSeconds, publisher: fresh))
        // The items and the new validators go in one transaction: validators stored without the items
        // would make the next poll a 304 and lose them.
        let result: RecordResult
        // The topics, taken at the feed's first entry that needs them (compiled then if no feed needed
        // them before) and kept for its other entries: no lock per entry.
        var topics: Classifier?
        do {
            let items = try store.prepareRecording(
                entries: parsed.feed.items, feed: context, feedURL: feed.url, alertCutoff: cutoff, now: time,
                checksSeen: state.itemsSeen > 0,
                classify: { entry in
                    let classifier = topics ?? self.classifier
                    topics = classifier
                    return classifier.classify(entry, feed: context, explain: true)
                },
                channels: { self.channels(for: $0.topic) })
            let update = FeedUpdate(items: items, fetch: fetched)
            if let pass {
                // Before the write: its commit makes no fsync, so delivery must sync first.
                hasUnsyncedItems.withLock { $0 = true }
                result = try await pass.write(update).get()
            } else {
                result = try store.record([update], isDurable: true)[0]
            }
        } catch {
            log.logger.error("cannot record items: \(error)", metadata: ["stage": "store"])
            return .failed
        }
        if let moved = response.permanentRedirect {
            log.logger.notice("feed moved permanently to \(moved); update the configuration", metadata: ["stage": "fetch"])
        }
        log.logger.info(
            "fetched \(parsed.feed.items.count) items, \(result.newEntries) new, \(result.alerts.count) alerts",
            metadata: ["stage": "store"])
        return .updated(newEntries: result.newEntries, alerts: result.alerts.count)
    }

    /// Backoff after failures: from the poll interval (at least a minute, at most 15 minutes) doubling
    /// to 24 hours; a feed is never given up silently (only 410 stops it, and says so).
    static func retryPolicy(interval: TimeInterval) -> RetryPolicy {
        RetryPolicy(baseSeconds: min(max(interval, 60), 900))
    }

    func record(_ feed: FeedSettings, _ record: FetchRecord, now: Date, next: Date, pass: PassWriter?, log: FeedLog)
        async
    {
        let outcome = RecordedFetch(url: feed.url, record: record, at: now, nextPollAt: next)
        do {
            if let pass {
                _ = try await pass.write(FeedUpdate(items: nil, fetch: outcome)).get()
            } else {
                try store.recordFetches([outcome])
            }
        } catch {
            log.logger.error("cannot record the fetch: \(error)", metadata: ["stage": "store"])
        }
    }

    /// Delivers every due outbox entry; returns how many alerts were delivered. Newly queued alerts are
    /// planned first (hourly cap, batch window, quiet hours); during quiet hours nothing is sent. A
    /// temporary failure is retried with exponential backoff (30 s doubling to 1 h, with jitter); a
    /// permanent one (SMTP 5xx, HTTP 4xx) is marked failed and shown by `status`, never retried
    /// silently forever.
    @discardableResult
    public func deliverDue(now: @Sendable () -> Date = Date.init) async -> Int {
        guard syncItems(), prepareDeliveries(now: now()) else { return 0 }
        var delivered = await deliverDueBatches(now: now)
        let due: [OutboxEntry]
        do {
            due = try store.dueDeliveries(now: now(), limit: 1000)
        } catch {
            logger.error("cannot read the outbox: \(error)", metadata: ["stage": "notify"])
            return delivered
        }
        for item in due {
            var log = logger
            log[metadataKey: "channel"] = "\(item.channel)"
            log[metadataKey: "topic"] = "\(item.alert.match.topic)"
            guard let notifier = channels.notifiers[item.channel] else {
                // The channel was removed from the configuration: nothing can deliver it any more.
                mark(item, error: "channel \(item.channel) is no longer configured", retryAt: nil, log: log)
                continue
            }
            do {
                try await notifier.deliver(item.alert)
            } catch {
                let retryAt = error.isPermanent ? nil : now().addingTimeInterval(Self.retryDelay(attempts: item.attempts + 1))
                log.warning(
                    "delivery failed\(retryAt == nil ? " for good" : ", will retry"): \(error)",
                    metadata: ["stage": "notify", "alert_id": "\(item.alert.alertID)"])
                mark(item, error: error.description, retryAt: retryAt, log: log)
                continue
            }
            do {
                try store.markDelivered(item.id, at: now())
                delivered += 1
            } catch {
                log.error("cannot mark delivery: \(error)", metadata: ["stage": "store"])
            }
        }
        return delivered
    }

    func mark(_ item: OutboxEntry, error: String, retryAt: Date?, log: Logger) {
        do {
            try store.markAttemptFailed(item.id, error: error, retryAt: retryAt)
        } catch {
            log.error("cannot record the failed delivery: \(error)", metadata: ["stage": "store"])
        }
    }

    /// Backoff before delivery attempt `attempts + 1`.
    static func retryDelay(attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(min(attempts - 1, 10))), 3600) * Double.random(in: 0.8...1.0)
    }
}
