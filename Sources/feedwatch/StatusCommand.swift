import ArgumentParser
import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import Foundation

/// `feedwatch status`: feeds, topics and the outbox at a glance.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show feeds (last fetch, result, next poll, errors, items), topics (matches today) and the outbox.")

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Print one JSON document for scripts.")
    var json = false

    func run() async throws {
        let configuration = try options.load()
        let directory = options.stateDirectory(for: configuration)
        let path = StateDirectory.databasePath(in: directory)
        guard FileManager.default.fileExists(atPath: path) else {
            printError("\(path): no database yet; run `feedwatch run --once` first")
            throw ExitStatus.noInput
        }
        let store = try Store(path: path)
        let now = Date()
        let states = Dictionary(try store.feedStates().map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.settings.timeZone
        let today = try store.matchCounts(since: calendar.startOfDay(for: now))
        let outbox = try store.outboxCounts()
        let report = StatusReport(
            feeds: configuration.feeds.map { feed in
                StatusReport.FeedLine(settings: feed, state: states[feed.url])
            },
            topics: configuration.topics.map { StatusReport.TopicLine(name: $0.name, matchesToday: today[$0.name] ?? 0) },
            outbox: StatusReport.OutboxLine(
                pending: outbox.pending, failed: outbox.failed, delivered: outbox.delivered, overflowed: outbox.overflowed))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table(now: now))
        }
    }
}

/// What `status` shows.
struct StatusReport: Encodable {
    struct FeedLine: Encodable {
        var name: String
        var url: String
        var movedTo: String?
        var lastAttempt: Date?
        var lastSuccess: Date?
        var result: String
        var error: String?
        var failingSince: Date?
        var consecutiveFailures: Int
        var nextPoll: Date?
        var items: Int
        var isGone: Bool

        init(settings: FeedSettings, state: FeedState?) {
            name = settings.name
            url = settings.url
            movedTo = state?.movedTo
            lastAttempt = state?.lastAttemptAt
            lastSuccess = state?.lastSuccessAt
            error = state?.lastError
            failingSince = state?.failingSince
            consecutiveFailures = state?.consecutiveFailures ?? 0
            nextPoll = state?.nextPollAt
            items = state?.itemsSeen ?? 0
            isGone = state?.isGone ?? false
            if state?.lastAttemptAt == nil {
                result = "never fetched"
            } else if isGone {
                result = "gone (410)"
            } else if error != nil {
                result = "failing"
            } else {
                result = state?.lastStatus == 304 ? "not modified" : "ok"
            }
        }
    }
    struct TopicLine: Encodable {
        var name: String
        var matchesToday: Int
    }
    struct OutboxLine: Encodable {
        var pending: Int
        var failed: Int
        var delivered: Int
        /// Not sent: over a topic's hourly cap, listed in the daily digest instead.
        var overflowed: Int
    }
    var feeds: [FeedLine]
    var topics: [TopicLine]
    var outbox: OutboxLine

    func table(now: Date) -> String {
        var lines = ["FEED                              RESULT        LAST FETCH  NEXT POLL   ITEMS  ERROR"]
        for feed in feeds {
            let error = feed.error.map { message in
                let since = feed.failingSince.map { " (since \(Self.relative($0, now: now)), \(feed.consecutiveFailures)x)" } ?? ""
                return message + since
            } ?? ""
            lines.append(
                [
                    Self.pad(feed.name, 33), Self.pad(feed.result, 13), Self.pad(Self.relative(feed.lastAttempt, now: now), 11),
                    Self.pad(Self.relative(feed.nextPoll, now: now), 11), Self.pad(String(feed.items), 6), error,
                ].joined(separator: " "))
            if let moved = feed.movedTo { lines.append("    moved permanently to \(moved)") }
        }
        lines.append("")
        lines.append("TOPIC                             MATCHES TODAY")
        for topic in topics { lines.append(Self.pad(topic.name, 33) + " " + String(topic.matchesToday)) }
        lines.append("")
        lines.append(
            "OUTBOX  pending \(outbox.pending), failed \(outbox.failed), delivered \(outbox.delivered)"
                + (outbox.overflowed > 0 ? ", over hourly cap (digest only) \(outbox.overflowed)" : ""))
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + "…" : text + String(repeating: " ", count: width - text.count)
    }

    static func relative(_ date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        let seconds = Int(date.timeIntervalSince(now))
        let magnitude = abs(seconds)
        let text = magnitude < 120 ? "\(magnitude)s" : magnitude < 7200 ? "\(magnitude / 60)m" : magnitude < 172_800 ? "\(magnitude / 3600)h" : "\(magnitude / 86_400)d"
        return seconds < 0 ? "\(text) ago" : "in \(text)"
    }
}
