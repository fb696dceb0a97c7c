import ArgumentParser
import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchDigest
import FeedwatchModel
import FeedwatchParse
import FeedwatchStore
import Foundation
import Logging

/// `feedwatch digest`: the daily digest for a day, from the store (or a preview from a feed document).
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the daily digest of a day (default: the last complete one) from the store.",
        discussion: """
            The day is a local day in settings.timezone. The rendered digest is also kept in \
            STATE_DIR/digests/YYYY-MM-DD.{txt,md,html}. --input FILE instead builds a preview from the items \
            of one feed document, all under a topic named `preview`, without reading the store.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "The local day, YYYY-MM-DD (default: yesterday in settings.timezone).")
    var date: String?

    @Option(name: .long, help: "text, markdown or html.")
    var format: String = "text"

    @Option(name: .long, help: "Build a preview digest from the items of this feed document instead of the store.")
    var input: String?

    @Flag(name: .long, help: "Also deliver the digest through the configured channels (log, email, webhook).")
    var send = false

    func validate() throws {
        if send && input != nil {
            throw ValidationError("--send delivers a day's digest from the store; it cannot be combined with --input")
        }
        if (try? DigestFormat(named: format)) == nil {
            throw ValidationError("--format: unknown '\(format)'; use text, markdown or html")
        }
        if let date, (try? DigestDay(parsing: date)) == nil {
            throw ValidationError("--date: '\(date)' is not a day; write YYYY-MM-DD")
        }
    }

    func run() async throws {
        let format = try DigestFormat(named: format)
        let now = Date()
        if let input {
            print(try preview(input, format: format, now: now))
            return
        }
        let configuration = try options.load()
        let zone = configuration.settings.timeZone
        let day = try date.map { text throws(DigestError) in try DigestDay(parsing: text) }
            ?? DigestBuilder.lastCompleteDay(at: now, in: zone)
        let directory = options.stateDirectory(for: configuration)
        let databasePath = StateDirectory.databasePath(in: directory)
        guard FileManager.default.fileExists(atPath: databasePath) else {
            printError("\(databasePath): no database yet; run `feedwatch run --once` first")
            throw ExitStatus.noInput
        }
        let store = try Store(path: databasePath)
        let digest = try DigestAssembly.build(day: day, configuration: configuration, store: store, now: now)
        let text = DigestRenderer.render(digest, as: format)
        DigestAssembly.keep(text, day: day, format: format, stateDirectory: directory)
        print(text)
        if send {
            LogOutput.bootstrap()
            let logger = Logger(label: "feedwatch")
            let channels: Channels
            do {
                channels = try Channels(configuration: configuration, logger: logger)
            } catch {
                for issue in error.issues { printError(issue.description) }
                throw ExitStatus.configError
            }
            guard await DigestDelivery.send(digest, channels: channels, logger: logger) else {
                printError("the digest of \(day) was not delivered everywhere; try again later")
                throw ExitStatus.temporaryFailure
            }
            try store.saveDigest(
                day: day.description, text: DigestRenderer.render(digest, as: .text),
                html: DigestRenderer.render(digest, as: .html), at: now)
            try store.markDigestSent(day: day.description, at: now)
        }
    }

    /// A digest of every item of a feed document under the topic `preview`.
    func preview(_ file: String, format: DigestFormat, now: Date) throws -> String {
        let data = try DocumentInput.read(file)
        let parsed: ParsedFeed
        do {
            parsed = try FeedParser().parse(data)
        } catch {
            printError("\(file): \(error)")
            throw ExitStatus.dataError
        }
        let feed = FeedContext(name: parsed.feed.title ?? file, url: parsed.feed.link ?? file)
        let alerts = parsed.feed.items.enumerated().map { index, entry in
            Alert(
                entryKey: entry.id ?? entry.link ?? "item-\(index)", feed: feed, entry: entry,
                match: Match(topic: "preview", score: 1, terms: []), firstSeen: now)
        }
        let zone = TimeZone(identifier: "UTC")!
        let digest = DigestBuilder.build(
            day: DigestDay(containing: now, in: zone), timeZone: zone, alerts: alerts, feedHealth: [], now: now)
        return DigestRenderer.render(digest, as: format)
    }
}
