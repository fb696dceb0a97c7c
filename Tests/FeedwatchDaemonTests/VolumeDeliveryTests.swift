import FeedwatchConfig
@testable import FeedwatchDaemon
import FeedwatchDigest
import FeedwatchNotify
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A clock the test moves by hand: windows, caps and quiet hours are decided on it, never on sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func set(_ date: Date) { current.withLock { $0 = date } }
    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }
}

/// A feed, an SMTP server, a webhook receiver and a state directory, all real and on loopback, and the
/// pipeline over them with a test clock.
final class VolumeRig: @unchecked Sendable {
    let feeds: LoopbackHTTPServer
    let smtp: LoopbackSMTPServer
    let webhook: LoopbackWebhookServer
    let work: TemporaryDirectory
    let clock: TestClock
    let logLines = Lines()
    var items: [(id: String, title: String, published: Date)] = []
    var configuration: Configuration!

    init(start: Date, notify extraNotify: String = "", topics: String, timeZone: String = "UTC") throws {
        feeds = try LoopbackHTTPServer()
        smtp = try LoopbackSMTPServer()
        webhook = try LoopbackWebhookServer()
        work = try TemporaryDirectory()
        clock = TestClock(start)
        let text = """
            settings:
              timezone: \(timeZone)
              catchup: 3650d
            notify:
              log: true
            \(extraNotify)
              email:
                smtp: \(smtp.url)
                require_tls: false
                from: feedwatch@example.org
                to: ana@example.net
                unsubscribe:
                  - mailto:unsubscribe@example.org?subject=stop
                  - https://example.org/unsubscribe?u=ana
                list_id: alerts.example.org
              webhook:
                url: \(webhook.url("hook"))
            feeds:
              - url: \(feeds.url("feed.xml"))
                name: Wire
                allow_private: true
            topics:
            \(topics)
            """
        configuration = try ConfigurationLoader().load(text: text, path: work.path("feeds.yml"))
    }

    var store: Store { get throws { try Store(path: work.path("state/feedwatch.sqlite")) } }

    /// A pipeline as the daemon builds it; a fresh one over the same database is a restart.
    func pipeline() throws -> Pipeline {
        let sink = logLines
        let logger = Logger(label: "test") { LogOutput(label: $0, level: .info, isJournal: false, write: sink.append) }
        return try Pipeline(configuration: configuration, store: try store, logger: logger)
    }

    /// Publishes an item (published at the clock's time) and polls the feed at the clock's time.
    func publishAndPoll(_ pipeline: Pipeline, _ new: [(String, String)]) async throws {
        for (id, title) in new { items.append((id, title, clock.now())) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let entries = items.map { item in
            """
            <item><guid>\(item.id)</guid><title>\(item.title)</title><link>https://wire.example/\(item.id)</link>
            <description>Officials said the \(item.title.lowercased()) would take effect soon.</description>
            <pubDate>\(formatter.string(from: item.published))</pubDate></item>
            """
        }
        _ = try feeds.root.write(
            "feed.xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\(entries.joined())</channel></rss>")
        let outcome = await pipeline.poll(configuration.feeds[0], now: clock.now)
        guard case .updated = outcome else {
            Issue.record("the feed was not updated: \(outcome)")
            return
        }
    }

    func at(_ date: Date) -> Self {
        clock.set(date)
        return self
    }

    var alertLogLines: [String] { logLines.all.filter { $0.contains("alert [") } }
}

func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

func json(_ body: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
}

@Suite("Volume control: batches, hourly caps and quiet hours over the outbox", .serialized)
struct VolumeDeliveryTests {
    @Test("a batched topic sends one message per channel per window; a failed batch is retried after a restart as the same batch, once")
    func batchedWindow() async throws {
        let rig = try VolumeRig(
            start: instant("2026-03-10T12:01:00Z"),
            topics: """
                  trade:
                    query: 'tariff*'
                    batch: 15m
                """)
        var pipeline = try rig.pipeline()
        try await rig.publishAndPoll(pipeline, [("t1", "Tariffs on steel"), ("t2", "Tariff talks stall")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        rig.clock.set(instant("2026-03-10T12:09:00Z"))
        try await rig.publishAndPoll(pipeline, [("t3", "New tariff schedule"), ("x1", "Football results")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        #expect(rig.smtp.messages().isEmpty)
        #expect(rig.webhook.requests().isEmpty)

        // The window ends at 12:15 (15-minute windows aligned on the hour): one message per channel.
        try rig.webhook.setStatus(503)
        rig.clock.set(instant("2026-03-10T12:15:00Z"))
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 6)  // 3 alerts on email and log
        let emails = rig.smtp.waitForMessages(1)
        try #require(emails.count == 1)
        let email = try EmailParser.parse(emails[0].raw)
        #expect(email.defects.isEmpty)
        #expect(email.header("x-feedwatch-alerts") == "3")
        #expect(email.header("subject") == "[feedwatch] 3 new alerts: trade")
        let alertIDs = try rig.store.matches(in: DateInterval(start: .distantPast, end: .distantFuture)).map(\.alertID)
        let emailKey = MessageIdentity.batchKey(channel: "email", alertIDs: alertIDs)
        #expect(email.header("x-feedwatch-batch") == emailKey)
        #expect(email.header("message-id") == "<\(emailKey).batch@example.org>")
        #expect(email.header("list-id") == "feedwatch trade <trade.alerts.example.org>")
        #expect(
            email.header("list-unsubscribe")
                == "<mailto:unsubscribe@example.org?subject=stop>, <https://example.org/unsubscribe?u=ana>")
        let text = email.parts[0].content
        for title in ["Tariffs on steel", "Tariff talks stall", "New tariff schedule"] { #expect(text.contains(title)) }
        #expect(text.contains("matched: tariff* (title)"))
        #expect(rig.alertLogLines.count == 3)
        #expect(try rig.store.outboxCounts().pending == 3)  // the webhook batch, waiting for its retry

        // A restart (fresh store and pipeline over the same database) keeps the batch and its identity.
        pipeline = try rig.pipeline()
        try rig.webhook.setStatus(nil)
        rig.clock.set(instant("2026-03-10T12:16:00Z"))
        try await rig.publishAndPoll(pipeline, [("t4", "Tariff relief for farmers")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 3)
        let posts = rig.webhook.waitForRequests(1)
        try #require(posts.count == 1)
        let batch = try json(posts[0].body)
        #expect(batch["type"] as? String == "batch")
        #expect(batch["count"] as? Int == 3)
        let webhookKey = MessageIdentity.batchKey(channel: "webhook", alertIDs: alertIDs)
        #expect(batch["idempotency_key"] as? String == webhookKey)
        #expect(posts[0].headers["idempotency-key"] == webhookKey)
        let first = try #require((batch["alerts"] as? [[String: Any]])?.first)
        #expect(first["type"] as? String == "alert")
        #expect(first["snippet"] as? String != nil)
        #expect((first["terms"] as? [[String: Any]])?.first?["term"] as? String == "tariff*")

        // Delivered means delivered: nothing goes twice; the next window brings the new alert alone.
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        rig.clock.set(instant("2026-03-10T12:30:00Z"))
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 3)
        #expect(rig.smtp.waitForMessages(2).count == 2)
        #expect(rig.webhook.waitForRequests(2).count == 2)
        let single = try json(rig.webhook.requests()[1].body)
        #expect(single["type"] as? String == "alert")  // a batch of one is the alert's own payload
        #expect(single["title"] as? String == "Tariff relief for farmers")
        #expect(try rig.store.outboxCounts() == OutboxCounts(pending: 0, failed: 0, delivered: 12))
    }

    @Test("alerts waiting for their window survive a restart and go out once when it ends; a batch refused for good is failed whole")
    func restartAndRefusal() async throws {
        let rig = try VolumeRig(
            start: instant("2026-03-10T12:01:00Z"),
            topics: """
                  trade:
                    query: 'tariff*'
                    batch: 15m
                """)
        try await rig.publishAndPoll(try rig.pipeline(), [("t1", "Tariffs on steel"), ("t2", "Tariff talks stall")])
        let first = try rig.pipeline()
        #expect(await first.deliverDue(now: rig.clock.now) == 0)
        #expect(try rig.store.outboxCounts().pending == 6)

        // A new process: the plan is in the database, so the window's end is still honoured.
        try rig.smtp.setReply("554 5.7.1 rejected")
        let restarted = try rig.pipeline()
        rig.clock.set(instant("2026-03-10T12:14:59Z"))
        #expect(await restarted.deliverDue(now: rig.clock.now) == 0)
        rig.clock.set(instant("2026-03-10T12:15:00Z"))
        #expect(await restarted.deliverDue(now: rig.clock.now) == 4)  // log and webhook; email refused
        #expect(rig.webhook.waitForRequests(1).count == 1)
        #expect(try json(rig.webhook.requests()[0].body)["count"] as? Int == 2)
        #expect(try rig.store.outboxCounts() == OutboxCounts(pending: 0, failed: 2, delivered: 4))
        rig.clock.set(instant("2026-03-10T14:00:00Z"))
        #expect(await restarted.deliverDue(now: rig.clock.now) == 0)
        #expect(rig.webhook.requests().count == 1)
        #expect(rig.alertLogLines.count == 2)
    }

    @Test("alerts over a topic's hourly cap are not sent but appear in the next digest, marked")
    func hourlyCap() async throws {
        let rig = try VolumeRig(
            start: instant("2026-03-10T09:00:00Z"),
            topics: """
                  trade:
                    query: 'tariff*'
                    max_per_hour: 2
                """)
        let pipeline = try rig.pipeline()
        try await rig.publishAndPoll(pipeline, [("t1", "Tariffs one"), ("t2", "Tariffs two"), ("t3", "Tariffs three")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 6)  // 2 alerts on 3 channels
        #expect(rig.smtp.waitForMessages(2).count == 2)
        #expect(rig.webhook.waitForRequests(2).count == 2)
        #expect(rig.alertLogLines.count == 2)
        #expect(try rig.store.outboxCounts().overflowed == 3)
        #expect(rig.logLines.all.contains { $0.contains("1 alert over the hourly cap") && $0.contains("topic=trade") })

        // 30 minutes later the hour still holds two alerts; 61 minutes after the first, there is room.
        rig.clock.set(instant("2026-03-10T09:30:00Z"))
        try await rig.publishAndPoll(pipeline, [("t4", "Tariffs four")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        rig.clock.set(instant("2026-03-10T10:01:00Z"))
        try await rig.publishAndPoll(pipeline, [("t5", "Tariffs five")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 3)
        #expect(rig.smtp.waitForMessages(3).count == 3)
        let subjects = try rig.smtp.messages().map { try EmailParser.parse($0.raw).header("subject") ?? "" }
        #expect(subjects.allSatisfy { !$0.contains("three") && !$0.contains("four") })

        let digest = try DigestAssembly.build(
            day: try DigestDay(parsing: "2026-03-10"), configuration: rig.configuration, store: try rig.store,
            now: instant("2026-03-11T07:00:00Z"))
        #expect(digest.alertCount == 5)
        #expect(digest.overflowCount == 2)
        let marked = digest.sections.flatMap(\.items).filter(\.isOverflow).map(\.title).sorted()
        #expect(marked == ["Tariffs four", "Tariffs three"])
        let text = DigestRenderer.render(digest, as: .text)
        #expect(text.components(separatedBy: DigestItem.overflowNote).count == 3)
        #expect(DigestRenderer.render(digest, as: .html).contains("not sent as an alert: over the topic&#39;s hourly cap")
            || DigestRenderer.render(digest, as: .html).contains("not sent as an alert: over the topic&#x27;s hourly cap")
            || DigestRenderer.render(digest, as: .html).contains("not sent as an alert: over the topic's hourly cap"))
    }

    @Test("alerts found in quiet hours wait, across the spring-forward night, and go out as one message per channel at 07:00 local")
    func quietHours() async throws {
        // 23:30 EST on 7 March 2026; the clocks go forward at 02:00, so 07:00 EDT is 11:00Z.
        let rig = try VolumeRig(
            start: instant("2026-03-08T04:30:00Z"), notify: "  quiet_hours: \"22:00-07:00\"",
            topics: """
                  trade: 'tariff*'
                  migration:
                    query: 'asylum'
                    batch: 1h
                """, timeZone: "America/New_York")
        let pipeline = try rig.pipeline()
        try await rig.publishAndPoll(
            pipeline, [("t1", "Tariffs on steel"), ("t2", "Tariff talks stall"), ("m1", "Asylum claims rise")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        rig.clock.set(instant("2026-03-08T09:30:00Z"))  // 05:30 EDT
        try await rig.publishAndPoll(pipeline, [("t3", "New tariff schedule")])
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        rig.clock.set(instant("2026-03-08T10:59:00Z"))  // 06:59 EDT
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        #expect(rig.smtp.messages().isEmpty && rig.webhook.requests().isEmpty && rig.alertLogLines.isEmpty)
        #expect(try rig.store.nextDeliveryDue() == instant("2026-03-08T11:00:00Z"))

        rig.clock.set(instant("2026-03-08T11:00:00Z"))  // 07:00 EDT
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 12)
        let emails = rig.smtp.waitForMessages(1)
        try #require(emails.count == 1)
        let email = try EmailParser.parse(emails[0].raw)
        #expect(email.header("x-feedwatch-alerts") == "4")
        #expect(email.header("subject") == "[feedwatch] 4 new alerts: trade, migration")
        let posts = rig.webhook.waitForRequests(1)
        try #require(posts.count == 1)
        #expect(try json(posts[0].body)["count"] as? Int == 4)
        #expect(rig.alertLogLines.count == 4)
        #expect(await pipeline.deliverDue(now: rig.clock.now) == 0)
        #expect(rig.smtp.messages().count == 1 && rig.webhook.requests().count == 1)
    }
}
