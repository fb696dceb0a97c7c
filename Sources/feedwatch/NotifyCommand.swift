import ArgumentParser
import Foundation
import FeedwatchModel
import FeedwatchNotify
import FeedwatchParse

/// `feedwatch notify`: send the items of one feed document as alert emails through the real email notifier,
/// the way to try an SMTP setup before the daemon relies on it.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send the items of a feed document as alert emails (topic 'test') to try an SMTP setup.",
        discussion: """
            Each item becomes one alert email, exactly as the daemon would send it. One line per item on \
            stdout: 'sent MESSAGE-ID TITLE'. With smtp://, STARTTLS is required unless the server is on \
            loopback (--require-tls / --no-require-tls decide instead). Certificate checks are always on. \
            Exit status: 0 all sent, 65 not a feed, 66 unreadable file, 69 refused for good (SMTP 5xx, \
            TLS), 75 temporary failure (SMTP 4xx, server down).
            """)

    @Option(name: .long, help: "The SMTP server: smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT].")
    var smtp: String

    @Option(name: .long, help: "A recipient address; repeat for several.")
    var to: [String]

    @Option(name: .long, help: "The sender, 'Name <address>' or an address (default: feedwatch@HOSTNAME).")
    var from: String?

    @Option(name: .long, help: "AUTH user name.")
    var username: String?

    @Option(name: .customLong("password-file"), help: "A file holding the AUTH password (not on the command line).")
    var passwordFile: String?

    @Flag(inversion: .prefixedNo, help: "Refuse to send over smtp:// unless STARTTLS succeeds (default: yes, except on loopback).")
    var requireTLS: Bool?

    @Option(name: .customLong("ca-file"), help: "A CA bundle to trust instead of the system's (checks stay on).")
    var caFile: String?

    @Option(name: .customLong("base-url"), help: "The document's own URL, for resolving relative links.")
    var baseURL: String?

    @Argument(help: "A feed document (RSS, RDF, Atom, JSON Feed), or - for standard input.")
    var file: String

    func validate() throws {
        let scheme = URLComponents(string: smtp)?.scheme?.lowercased()
        guard scheme == "smtp" || scheme == "smtps", URLComponents(string: smtp)?.host?.isEmpty == false else {
            throw ValidationError("--smtp '\(smtp)' must be smtp://HOST[:PORT] or smtps://HOST[:PORT].")
        }
        if to.isEmpty { throw ValidationError("Give at least one --to ADDRESS.") }
        for address in to {
            do { _ = try EmailAddress(parsing: address) } catch { throw ValidationError("--to: \(error.description)") }
        }
        if let from {
            do { _ = try EmailAddress(parsing: from) } catch { throw ValidationError("--from: \(error.description)") }
        }
    }

    func run() async throws {
        let settings: SMTPSettings
        do {
            settings = try makeSettings()
        } catch let failure as CommandFailure {
            printError(failure.message)
            throw failure.status
        }
        let data: Data
        do {
            data = try file == "-" ? FileHandle.standardInput.readToEnd() ?? Data() : Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            printError("\(file): cannot read: \(error.localizedDescription)")
            throw ExitStatus.noInput
        }
        let parsed: ParsedFeed
        do {
            parsed = try FeedParser().parse(data, baseURL: baseURL)
        } catch {
            printError("\(file): \(error.description)")
            throw ExitStatus.dataError
        }
        let notifier = EmailNotifier(settings: settings)
        let alerts = Self.alerts(from: parsed.feed, file: file, baseURL: baseURL, now: Date())
        var worst: ExitCode?
        for alert in alerts {
            do {
                try await notifier.deliver(alert)
                let id = MessageIdentity.messageID(for: alert, domain: settings.from.domain)
                print("sent \(id) \(Self.oneLine(alert.entry.title ?? alert.entry.link ?? alert.entryKey))")
            } catch {
                printError("\(file): \(Self.oneLine(alert.entry.title ?? alert.entryKey)): \(error.description)")
                if error.isPermanent {
                    worst = ExitStatus.unavailable
                    break  // a refusal will refuse the rest too
                }
                worst = worst ?? ExitStatus.temporaryFailure
            }
        }
        if alerts.isEmpty { printError("\(file): no items to send") }
        if let worst { throw worst }
    }

    /// The alerts of a document's items: topic `test`, in document order, keyed like the store would
    /// (id, else link, else position).
    static func alerts(from feed: Feed, file: String, baseURL: String?, now: Date) -> [Alert] {
        let context = FeedContext(name: feed.title ?? file, url: baseURL ?? feed.link ?? file, language: feed.language)
        return feed.items.enumerated().map { index, entry in
            Alert(
                entryKey: entry.id ?? entry.link ?? "\(file)#\(index + 1)", feed: context, entry: entry,
                match: Match(topic: "test", score: 1, terms: []), firstSeen: now)
        }
    }

    private func makeSettings() throws -> SMTPSettings {
        let sender: EmailAddress
        if let from {
            sender = try EmailAddress(parsing: from)
        } else {
            let host = ProcessInfo.processInfo.hostName
            if let named = try? EmailAddress("feedwatch@\(host)") { sender = named } else { sender = try EmailAddress("feedwatch@localhost") }
        }
        var password: String?
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw CommandFailure(message: "\(passwordFile): cannot read the password file", status: ExitStatus.noInput)
            }
            password = text.trimmingCharacters(in: .newlines)
        }
        let host = URLComponents(string: smtp)?.host ?? ""
        return SMTPSettings(
            url: smtp, username: username, password: password, from: sender,
            to: try to.map { try EmailAddress(parsing: $0) }, requireTLS: requireTLS ?? !Self.isLoopback(host),
            caFile: caFile, timeZone: .current)
    }

    /// Loopback hosts, where no network is crossed and a local relay rarely offers STARTTLS.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    private static func oneLine(_ text: String) -> String {
        text.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : String($0) }.joined()
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private struct CommandFailure: Error {
        var message: String
        var status: ExitCode
    }
}
