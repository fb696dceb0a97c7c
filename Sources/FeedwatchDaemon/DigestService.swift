import FeedwatchConfig
import FeedwatchDigest
import FeedwatchStore
import Foundation
import Logging
import ServiceLifecycle

/// The daily digest timer: at `settings.digest_time` in `settings.timezone`, builds the previous
/// local day's digest, keeps it (state directory and database) and hands it to `deliver`.
/// The schedule is computed with the zone's calendar, so a DST change moves neither the hour nor
/// the day; a digest missed while the daemon was down is made at the next start. An empty digest
/// (no stories, every feed healthy) is kept but not delivered.
public struct DigestService: Service {
    let configuration: @Sendable () -> Configuration
    let store: Store
    let stateDirectory: String
    let logger: Logger
    let deliver: @Sendable (Digest, String) async -> Bool

    /// Creates the timer. `deliver(digest, text)` sends it and says whether it went out.
    public init(
        configuration: @escaping @Sendable () -> Configuration, store: Store, stateDirectory: String, logger: Logger,
        deliver: @escaping @Sendable (Digest, String) async -> Bool
    ) {
        self.configuration = configuration
        self.store = store
        self.stateDirectory = stateDirectory
        self.logger = logger
        self.deliver = deliver
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let settings = configuration().settings
            let now = Date()
            await makeDigestIfDue(now: now)
            let next = Self.nextRun(after: now, hour: settings.digestHour, minute: settings.digestMinute, in: settings.timeZone)
            try? await cancelWhenGracefulShutdown {
                // Wake at least hourly: a reload may have changed the time or zone.
                let delay = min(max(next.timeIntervalSince(now), 1), 3600)
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
    }

    /// Builds and delivers the last complete day's digest if its time has come and it was not sent.
    func makeDigestIfDue(now: Date) async {
        let configuration = configuration()
        let settings = configuration.settings
        let day = DigestBuilder.lastCompleteDay(at: now, in: settings.timeZone)
        // Today's digest time must have passed (the last complete day's digest is due from then on).
        let todayRun = Self.run(on: day.next, hour: settings.digestHour, minute: settings.digestMinute, in: settings.timeZone)
        guard now >= todayRun else { return }
        do {
            if try store.isDigestSent(day: day.description) { return }
            let digest = try DigestAssembly.build(day: day, configuration: configuration, store: store, now: now)
            let text = DigestRenderer.render(digest, as: .text)
            let html = DigestRenderer.render(digest, as: .html)
            try store.saveDigest(day: day.description, text: text, html: html, at: now)
            DigestAssembly.keep(text, day: day, format: .text, stateDirectory: stateDirectory)
            DigestAssembly.keep(html, day: day, format: .html, stateDirectory: stateDirectory)
            // A day with no story and no ailing feed is kept (files, database) but not sent: a daily
            // message saying "nothing" trains people to ignore the digest, and it is what a fresh
            // install would otherwise send first, for a day it never watched.
            if digest.isEmpty {
                try store.markDigestSent(day: day.description, at: now)
                logger.info("digest of \(day): nothing to report, not sent", metadata: ["stage": "digest"])
                return
            }
            if await deliver(digest, text) {
                try store.markDigestSent(day: day.description, at: now)
                logger.notice("digest of \(day) sent: \(digest.storyCount) stories", metadata: ["stage": "digest"])
            }
        } catch {
            logger.error("digest of \(day) failed: \(error)", metadata: ["stage": "digest"])
        }
    }

    /// The first digest time strictly after `date`.
    static func nextRun(after date: Date, hour: Int, minute: Int, in zone: TimeZone) -> Date {
        var day = DigestDay(containing: date, in: zone)
        while true {
            let candidate = run(on: day, hour: hour, minute: minute, in: zone)
            if candidate > date { return candidate }
            day = day.next
        }
    }

    /// The instant of HH:MM local on `day`; a time skipped by DST moves to the next valid instant.
    static func run(on day: DigestDay, hour: Int, minute: Int, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = day.window(in: zone).start
        let components = DateComponents(hour: hour, minute: minute)
        if hour == 0 && minute == 0 { return start }
        return calendar.nextDate(after: start, matching: components, matchingPolicy: .nextTime) ?? start
    }
}
