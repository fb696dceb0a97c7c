import ArgumentParser
import FeedwatchClassify
import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `feedwatch run`: the daemon (or, with `--once`, one pass).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Poll the feeds, alert on new items that match a topic, and build the daily digest.",
        discussion: "Runs until SIGTERM or SIGINT. With --once: one pass over every feed, deliver what is due, exit.")

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "One pass over every feed, deliver what is due, then exit.")
    var once = false

    @Option(name: .customLong("log-level"), help: "Least level logged: debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: unknown level '\(logLevel)'; use debug, info, notice, warning or error")
        }
    }

    func run() async throws {
        // Before the pass's threads allocate (MallocArenas says why).
        MallocArenas.limit(to: 2)
        LogOutput.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "feedwatch")
        // The topics' queries are checked on another core from the moment they are read, while the
        // feeds are read and a database that exists already (every run but the first) opens: all of
        // them stand between start and the first request (docs/performance.md, "Fetcher, session 7"
        // and "session 8"). A first run checks first: a broken query leaves no state directory
        // behind. Either way a query that does not parse stops the run before anything is polled, and
        // its error comes before the store's; a file with other problems stops it before both.
        var earlyCheck: Task<[ConfigurationIssue], Never>?
        let configuration: Configuration
        if let prefetched = await ConfigurationPrefetch.take(path: options.configurationPath) {
            // Read (and its queries checked) while the arguments were parsed.
            earlyCheck = prefetched.queryCheck
            configuration = try options.loaded(prefetched.result)
        } else {
            configuration = try options.load { topicsRead in
                earlyCheck = Task.detached { CheckCommand.queryProblems(in: topicsRead) }
            }
        }
        let queryCheck = earlyCheck ?? Task.detached { CheckCommand.queryProblems(in: configuration) }
        let directory = options.stateDirectory(for: configuration)
        let databasePath = StateDirectory.databasePath(in: directory)
        let open = { () throws(StoreError) -> Store in try Store(path: databasePath) }
        let openedEarly = FileManager.default.fileExists(atPath: databasePath) ? Result(catching: open) : nil
        // A pass starts from the feed states: read them meanwhile too (a read; new feeds are added
        // once the check has passed). If this fails, the pass reads them again and reports it.
        let knownStates = once ? try? openedEarly?.get().knownFeedStates(capacity: configuration.feeds.count) : nil
        try Self.stop(on: await queryCheck.value)
        let store: Store
        switch openedEarly ?? Result(catching: open) {
        case .success(let opened):
            store = opened
        case .failure(let error):
            printError("\(error); check that the state directory \(directory) is writable or pass --state-dir")
            throw ExitStatus.temporaryFailure
        }
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(
                configuration: configuration, store: store, logger: logger,
                compileTopics: { Self.compiledTopics(of: configuration) })
        } catch let error as ConfigurationError {
            for issue in error.issues { printError(issue.description) }
            throw ExitStatus.configError
        }
        if once {
            let outcomes = await pipeline.pollAll(configuration.feeds, knownStates: knownStates, releasingMemory: false)
            await pipeline.deliverDue()
            let failed = outcomes.values.filter { $0 == .failed }.count
            logger.info("pass complete: \(outcomes.count) feeds, \(failed) failed")
            Self.leaveOpenAtExit(store, recordedItems: outcomes.values.contains(where: \.recordedItems))
            return
        }
        let options = self.options
        let service = PollingService(pipeline: pipeline, store: store, logger: logger) {
            // SIGHUP: read the file again; every problem is logged and the running configuration stays.
            let fresh: Configuration
            do {
                fresh = try ConfigurationLoader().load(path: options.configurationPath)
            } catch let error as ConfigurationError {
                for issue in error.issues { logger.error("\(issue.description)") }
                throw error
            }
            let problems = CheckCommand.queryProblems(in: fresh)
            if !problems.isEmpty {
                for problem in problems { logger.error("\(problem.description)") }
                throw ConfigurationError(issues: problems)
            }
            return try Pipeline(
                configuration: fresh, store: store, logger: logger, compileTopics: { Self.compiledTopics(of: fresh) })
        }
        let digests = DigestService(
            configuration: { service.configuration }, store: store, stateDirectory: directory, logger: logger
        ) { digest, _ in
            await DigestDelivery.send(digest, channels: service.channels, logger: logger)
        }
        let group = ServiceGroup(
            services: [service, digests], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger)
        try await group.run()
    }

    /// The store of a `run --once` pass that recorded no items, kept here so the process exits
    /// without closing it (nothing else reads this).
    private static let storeLeftOpen = Mutex<Store?>(nil)

    /// Keeps `store` from being closed when the process exits, unless the pass recorded items.
    ///
    /// Closing SQLite's last connection checkpoints the WAL (an fsync of the WAL and one of the
    /// database) and deletes it; the next run's open then creates it again, and GRDB's set-up writes
    /// into the new WAL (an fsync of it and one of the directory). A pass of 304s, which is most
    /// passes, has nothing of its own to sync: its commits are the store's relaxed ones (fetch
    /// outcomes; a power cut may take them back, which costs a repeated fetch, see
    /// `Store.performRelaxed`), and every commit is in the WAL, which the next open reads as after a
    /// crash (SQLite's WAL recovery; the WAL stays within its auto-checkpoint size, 1,000 pages).
    /// Exiting with the store open spares both pairs of fsyncs (docs/performance.md, "Fetcher,
    /// session 9"). A pass that recorded items has synced (checkpointed) already: its store is
    /// closed as before, which deletes a WAL the checkpoint has emptied, so the next run does not
    /// read that WAL again.
    static func leaveOpenAtExit(_ store: Store, recordedItems: Bool) {
        if recordedItems { return }
        storeLeftOpen.withLock { $0 = store }
    }

    /// Stops with every topic query that does not parse (`CheckCommand.queryProblems`), each printed
    /// at its place in the file (exit 78), before anything is polled. The queries are compiled later,
    /// when the first entry is classified (a pass of 304s compiles nothing): parsing them here costs
    /// less than compiling them (bench/fetch, docs/performance.md).
    static func stop(on problems: [ConfigurationIssue]) throws {
        if problems.isEmpty { return }
        for problem in problems { printError(problem.description) }
        throw ExitStatus.configError
    }

    /// The classifier of the configuration's topics, whose queries `stop(on:)` (or the reload's own
    /// check) has accepted: the compile parses them with the same parser, so it cannot fail.
    static func compiledTopics(of configuration: Configuration) -> Classifier {
        do {
            return try Classifier(topics: configuration.topics)
        } catch {
            preconditionFailure("\(configuration.path): a topic query that was checked does not compile: \(error)")
        }
    }
}
